package dev.decisioning.engine;

/**
 * The whole engine as one server holds it: each of its callers is handed the part it calls (channel apps
 * {@link Decisions}, rule set owners {@link RuleSetLifecycle}, other servers {@link Replication}). An embedded engine
 * is started by {@code dev.decisioning.engine.embedded.EmbeddedEngine}.
 */
public interface DecisionEngine extends Decisions, RuleSetLifecycle, Replication {
}
