package dev.decisioning.server.wire;

import dev.decisioning.engine.RuleSetSummary;

import java.time.Instant;
import java.util.List;

/**
 * A rule set: {@code GET /api/v1/rulesets/{ruleset}}, and each element of the list.
 *
 * @param name     the rule set's name
 * @param version  the number of the version answering (null only where the engine's version is not a number, see
 *                 {@link WireValues#versionNumber})
 * @param hash     a hash of that version's files
 * @param state    {@code COMPILED}, {@code DEGRADED}, {@code FAILED} or {@code ARCHIVED}
 * @param files    its files, sorted
 * @param models   its DMN models, sorted by name
 * @param messages compilation messages
 * @param loadedAt when the version was compiled
 */
public record RuleSetSummaryV1(String name, Integer version, String hash, String state, List<String> files,
                               List<Model> models, List<MessageV1> messages, Instant loadedAt) implements WireAnswer {

    public static RuleSetSummaryV1 from(RuleSetSummary summary) {
        return new RuleSetSummaryV1(summary.name(), WireValues.versionNumber(summary.version()), summary.hash(),
                summary.state().name(), summary.files(), WireValues.each(summary.models(), Model::from),
                MessageV1.all(summary.messages()), summary.loadedAt());
    }

    /** A DMN model: what model evaluation needs to name it, its inputs, decisions and decision services. */
    public record Model(String name, String file, String namespace, List<String> inputs, List<String> decisions,
                        List<String> decisionServices) {

        public static Model from(RuleSetSummary.ModelSummary model) {
            return new Model(model.name(), model.file(), model.namespace(), model.inputs(), model.decisions(),
                    model.decisionServices());
        }
    }
}
