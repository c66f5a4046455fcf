package dev.decisioning.engine;

/** Whether a rule set can answer. */
public enum RuleSetState {
    /** Compiled and serving. */
    ACTIVE,
    /** Did not compile; its messages say why. Calls to it are refused. */
    FAILED
}
