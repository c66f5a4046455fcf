package dev.decisioning.engine;

import java.util.List;
import java.util.Map;

/**
 * How answers would change if a candidate version replaced the active one, over a set of customers.
 *
 * @param ruleSet          the rule set
 * @param activeVersion    the version answering now
 * @param candidateVersion the version being previewed
 * @param customers        how many customers were evaluated
 * @param changed          how many got a different answer in any compared field
 * @param changes          per field, each transition ("silver -> gold") and how many customers made it
 * @param examples         a few changed customers, with the field values before and after
 */
public record ImpactReport(String ruleSet, VersionNumber activeVersion, VersionNumber candidateVersion, int customers, int changed,
                           Map<String, Map<String, Integer>> changes, List<Example> examples) {

    public record Example(String customerId, Map<String, Object> before, Map<String, Object> after) {
    }
}
