package dev.decisioning.server.wire;

import dev.decisioning.engine.ImpactReport;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/rulesets/{ruleset}/versions/{version}/diff}: how answers would change if a candidate version
 * replaced the active one.
 *
 * @param ruleSet          the rule set
 * @param activeVersion    the number of the version answering now
 * @param candidateVersion the number of the version previewed
 * @param customers        how many requests were decided by both
 * @param changed          how many got a different answer in a compared field
 * @param changes          per field, each transition ({@code "bronze -> silver"}) and how many made it
 * @param examples         a few changed requests, with the compared fields before and after
 */
public record ImpactReportV1(String ruleSet, Integer activeVersion, Integer candidateVersion, int customers,
                             int changed, Map<String, Map<String, Integer>> changes, List<Example> examples)
        implements WireAnswer {

    public static ImpactReportV1 from(ImpactReport report) {
        return new ImpactReportV1(report.ruleSet(), WireValues.versionNumber(report.activeVersion()),
                WireValues.versionNumber(report.candidateVersion()), report.customers(), report.changed(),
                report.changes(), WireValues.each(report.examples(), Example::from));
    }

    /** A changed request: its subject's id and the compared fields before and after. */
    public record Example(String customerId, Map<String, Object> before, Map<String, Object> after) {

        public static Example from(ImpactReport.Example example) {
            return new Example(example.customerId(), example.before(), example.after());
        }
    }
}
