package dev.decisioning.server.wire;

import dev.decisioning.engine.PublishOutcome;

import java.util.List;

/**
 * {@code PUT /api/v1/rulesets/{ruleset}}: the version a publish stored.
 *
 * @param ruleset  the rule set
 * @param version  the version stored, or the existing one holding the same files
 * @param created  false when the same files were stored already
 * @param active   whether that version now answers
 * @param messages every compilation, safety and analysis message
 */
public record PublishOutcomeV1(String ruleset, VersionV1 version, boolean created, boolean active,
                               List<MessageV1> messages) implements WireAnswer {

    /** An accepted publish; a refused one (no version) is answered with an error instead. */
    public static PublishOutcomeV1 from(PublishOutcome outcome) {
        if (!outcome.accepted()) {
            throw new IllegalArgumentException("a refused publish of '" + outcome.ruleSet() + "' is an error answer");
        }
        return new PublishOutcomeV1(outcome.ruleSet(), VersionV1.from(outcome.version()), outcome.created(),
                outcome.activated(), MessageV1.all(outcome.messages()));
    }
}
