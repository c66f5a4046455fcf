package dev.decisioning.engine;

import java.time.Instant;
import java.util.List;

/**
 * What a rule set is and whether it serves.
 *
 * @param name     the rule set's name (its folder name)
 * @param version  the version: its number in a store; null for files read without one
 * @param hash     content hash of its files: the same files always give the same hash
 * @param state    whether it serves
 * @param files    its rule files, sorted
 * @param models   its DMN models by name, sorted
 * @param messages compilation messages (errors make it {@link RuleSetState#FAILED})
 * @param loadedAt when this version was compiled
 */
public record RuleSetSummary(String name, VersionNumber version, String hash, RuleSetState state, List<String> files,
                             List<ModelSummary> models, List<DecisionMessage> messages, Instant loadedAt) {

    /** The same summary, naming another version (a store numbers versions after compiling them). */
    public RuleSetSummary withVersion(VersionNumber newVersion) {
        return new RuleSetSummary(name, newVersion, hash, state, files, models, messages, loadedAt);
    }

    /** A DMN model of the rule set, with its decisions and decision services, for callers of model evaluation. */
    public record ModelSummary(String name, String file, String namespace, List<String> inputs,
                               List<String> decisions, List<String> decisionServices) {
    }
}
