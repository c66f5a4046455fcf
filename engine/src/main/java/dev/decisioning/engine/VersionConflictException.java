package dev.decisioning.engine;

import java.util.List;

/**
 * A change was made on a version of a rule set that is no longer the current one (or a rule set was to be created that
 * exists already): someone else changed it in between. Nothing changed.
 */
public class VersionConflictException extends RuntimeException {

    /** Which version the change was checked against. */
    public enum Kind {
        /** A publish: the rule set's newest stored version. */
        NEWEST,
        /** An activation: the rule set's active version. */
        ACTIVE,
        /** A publish that may only create the rule set: it exists already. */
        EXISTS
    }

    private final String ruleSet;
    private final Kind kind;
    private final RuleSetVersion current;
    private final List<String> since;

    /**
     * @param current the version the rule set is at now (its newest or its active one, by {@code kind}); null when it
     *                has none
     * @param since   what happened after the version the caller named, oldest first, one sentence each: who
     *                published or activated what, and when
     */
    public VersionConflictException(String ruleSet, Kind kind, String message, RuleSetVersion current,
                                    List<String> since) {
        super(message);
        this.ruleSet = ruleSet;
        this.kind = kind;
        this.current = current;
        this.since = List.copyOf(since);
    }

    public String ruleSet() {
        return ruleSet;
    }

    public Kind kind() {
        return kind;
    }

    public RuleSetVersion current() {
        return current;
    }

    public List<String> since() {
        return since;
    }
}
