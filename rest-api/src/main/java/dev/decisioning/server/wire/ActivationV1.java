package dev.decisioning.server.wire;

import dev.decisioning.engine.RuleSetSummary;

import java.time.Instant;

/**
 * {@code POST /api/v1/rulesets/{ruleset}/activate}: the version that answers from now on.
 *
 * @param ruleset       the rule set
 * @param activeVersion the number of the version activated
 * @param hash          a hash of its files
 * @param activatedAt   when it was activated
 */
public record ActivationV1(String ruleset, Integer activeVersion, String hash, Instant activatedAt)
        implements WireAnswer {

    /** The activation that made {@code summary}'s version the one that answers, at {@code activatedAt}. */
    public static ActivationV1 from(RuleSetSummary summary, Instant activatedAt) {
        return new ActivationV1(summary.name(), WireValues.versionNumber(summary.version()), summary.hash(),
                activatedAt);
    }
}
