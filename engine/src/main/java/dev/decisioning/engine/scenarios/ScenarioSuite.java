package dev.decisioning.engine.scenarios;

import java.util.List;

/**
 * One scenario file, parsed.
 *
 * @param file    the file's name, as reports show it
 * @param ruleSet the rule set the file says it is for; null when it does not say
 * @param cases   the cases, in file order
 */
public record ScenarioSuite(String file, String ruleSet, List<ScenarioCase> cases) {
}
