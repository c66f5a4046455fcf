/** Runs each bundled rule set's scenario suites through the test endpoint of a really started decisioning server. */
package dev.decisioning.ruletests;
