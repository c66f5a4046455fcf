package dev.decisioning.server.wire;

import dev.decisioning.engine.RuleSetSummary;

import java.util.List;

/** {@code GET /api/v1/rulesets}: every rule set, serving or not, sorted by name. */
public record RuleSetListV1(List<RuleSetSummaryV1> rulesets) implements WireAnswer {

    public static RuleSetListV1 from(List<RuleSetSummary> ruleSets) {
        return new RuleSetListV1(WireValues.each(ruleSets, RuleSetSummaryV1::from));
    }
}
