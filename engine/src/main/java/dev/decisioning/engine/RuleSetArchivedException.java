package dev.decisioning.engine;

/**
 * The rule set is archived: it answers no calls and takes no new versions until it is unarchived. Its versions are
 * kept and can still be listed and read.
 */
public class RuleSetArchivedException extends RuntimeException {
    private final String ruleSet;
    private final ActivationRecord archived;

    /** @param archived the log entry that archived it (who and when) */
    public RuleSetArchivedException(String ruleSet, ActivationRecord archived, String message) {
        super(message);
        this.ruleSet = ruleSet;
        this.archived = archived;
    }

    public String ruleSet() {
        return ruleSet;
    }

    public ActivationRecord archived() {
        return archived;
    }
}
