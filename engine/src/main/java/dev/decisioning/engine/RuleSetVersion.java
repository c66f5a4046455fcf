package dev.decisioning.engine;

import java.time.Instant;
import java.util.List;

/**
 * One stored, immutable version of a rule set.
 *
 * @param ruleSet   the rule set's name
 * @param number    1, 2, 3... in the order they were stored
 * @param hash      content hash of the files (the same files always hash the same)
 * @param createdAt when it was stored
 * @param author    who stored it: the publisher's name, or {@code seed}/{@code watch} for the rules directory
 * @param files     its file names, sorted
 */
public record RuleSetVersion(String ruleSet, int number, String hash, Instant createdAt, String author,
                             List<String> files) {
}
