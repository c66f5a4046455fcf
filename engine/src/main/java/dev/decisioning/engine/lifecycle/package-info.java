/** The rule set lifecycle: publish, activate, roll back, follow another server, compare versions; knows no Drools type. */
package dev.decisioning.engine.lifecycle;
