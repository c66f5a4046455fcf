package dev.decisioning.engine;

import java.util.SortedMap;

/**
 * A version of a rule set that became active, with its files: what another server needs to activate the same.
 */
public record RuleSetActivation(RuleSetVersion version, SortedMap<String, byte[]> files) {
}
