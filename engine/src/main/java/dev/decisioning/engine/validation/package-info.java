/** Checks of a rule set beyond compiling it: what its rule code may call, and Drools' analysis of its decision tables. */
package dev.decisioning.engine.validation;
