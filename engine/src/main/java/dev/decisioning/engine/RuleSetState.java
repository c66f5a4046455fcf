package dev.decisioning.engine;

/** Whether a rule set can answer. */
public enum RuleSetState {
    /** Compiled and serving. */
    ACTIVE,
    /** Compiled and serving, but its calls keep running past their budget; its messages say which and when. */
    DEGRADED,
    /** Did not compile; its messages say why. Calls to it are refused. */
    FAILED
}
