/** Scenario suites (YAML, CSV, Kogito .scesim) run against a rule set, with pass/fail, diffs and rule and row coverage. */
package dev.decisioning.engine.scenarios;
