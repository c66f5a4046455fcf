package dev.decisioning.engine;

/**
 * Whether the version of a rule set that answers compiled, or whether the rule set is archived. Which version that is
 * (the active one) is the summary's {@code version}: "compiled" says it can answer, "active" which one does.
 */
public enum RuleSetState {
    /** Compiled, so it answers. */
    COMPILED,
    /** Compiled and answering, but its calls keep running past their budget; its messages say which and when. */
    DEGRADED,
    /** Did not compile; its messages say why. Calls to it are refused. */
    FAILED,
    /**
     * Archived: it answers no calls and takes no new versions until it is unarchived; its versions are kept. Its
     * messages say who archived it and when.
     */
    ARCHIVED
}
