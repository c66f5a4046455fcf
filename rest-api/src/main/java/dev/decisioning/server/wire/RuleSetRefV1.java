package dev.decisioning.server.wire;

import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.RuleSetRef;

/**
 * Which rule set version gave an answer, inside decisions and model evaluations.
 *
 * @param name    the rule set
 * @param version the version's number (null only where the engine's version is not a number, see
 *                {@link WireValues#versionNumber})
 * @param hash    a hash of the version's files
 */
public record RuleSetRefV1(String name, Integer version, String hash) {

    public static RuleSetRefV1 from(RuleSetRef ref) {
        return new RuleSetRefV1(ref.name(), WireValues.versionNumber(ref.version()), ref.hash());
    }

    public static RuleSetRefV1 from(ModelEvaluation.RuleSetRef ref) {
        return new RuleSetRefV1(ref.name(), WireValues.versionNumber(ref.version()), ref.hash());
    }
}
