package dev.decisioning.engine;

import java.util.List;

/**
 * The outcome of evaluating a DMN model. Results are JSON-ready: decimals, strings, booleans, lists, maps,
 * and ISO-8601 strings for dates, times and durations.
 */
public record ModelEvaluation(RuleSetRef ruleset, String model, List<DecisionOutcome> decisions,
                              List<DecisionMessage> messages, List<ExplanationEntry> explanation) {

    public record RuleSetRef(String name, VersionNumber version, String hash) {
    }

    /** One decision's outcome; {@code status} is {@code succeeded}, {@code failed}, {@code skipped} and so on. */
    public record DecisionOutcome(String name, String status, Object result, List<DecisionMessage> messages) {
    }
}
