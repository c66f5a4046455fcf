/** The rule file formats a rule set may hold, one class each: how Drools sees the file, what is checked before it compiles, and what it contributes to inventories and analysis. */
package dev.decisioning.engine.formats;
