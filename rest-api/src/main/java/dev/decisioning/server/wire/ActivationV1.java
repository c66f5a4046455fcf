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
 * @param etag          its entity tag: the {@code If-Match} of a next activation (see {@link ETags})
 * @param activatedBy   who activated it, as recorded in the activation log
 */
public record ActivationV1(String ruleset, Integer activeVersion, String hash, Instant activatedAt, String etag,
                           String activatedBy) implements WireAnswer {

    /** The activation that made {@code summary}'s version the one that answers, at {@code activatedAt}. */
    public static ActivationV1 from(RuleSetSummary summary, Instant activatedAt, String activatedBy) {
        Integer number = WireValues.versionNumber(summary.version());
        return new ActivationV1(summary.name(), number, summary.hash(), activatedAt,
                number == null ? null : ETags.of(summary.name(), number, summary.hash()), activatedBy);
    }
}
