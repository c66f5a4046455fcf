package dev.decisioning.engine;

import java.util.SortedMap;

/**
 * A version of a rule set that became active, with its files: what another server needs to activate the same.
 *
 * @param activatedBy who activated it (the publisher, or who activated or rolled back); null when not known
 */
public record RuleSetActivation(RuleSetVersion version, SortedMap<String, byte[]> files, String activatedBy) {

    /** An activation whose maker is not known. */
    public RuleSetActivation(RuleSetVersion version, SortedMap<String, byte[]> files) {
        this(version, files, null);
    }
}
