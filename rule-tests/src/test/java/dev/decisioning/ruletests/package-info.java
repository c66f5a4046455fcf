/** Runs each bundled rule set's YAML scenarios as HTTP calls against a really started decisioning server. */
package dev.decisioning.ruletests;
