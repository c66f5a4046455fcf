/**
 * The rule set lifecycle: publish, activate, roll back, archive, follow another server, compare versions, with an
 * activation log of who did what; knows no Drools type.
 */
package dev.decisioning.engine.lifecycle;
