package dev.decisioning.server.wire;

import dev.decisioning.engine.RuleSetVersion;

import java.time.Instant;
import java.util.List;

/**
 * A stored version of a rule set, as a publish answers it.
 *
 * @param ruleSet   the rule set
 * @param number    1, 2, 3… in the order the versions were stored
 * @param hash      a hash of its files
 * @param createdAt when it was stored
 * @param author    who stored it
 * @param files     its files, sorted
 * @param etag      its entity tag, for {@code If-Match} (see {@link ETags})
 */
public record VersionV1(String ruleSet, int number, String hash, Instant createdAt, String author,
                        List<String> files, String etag) {

    public static VersionV1 from(RuleSetVersion version) {
        return new VersionV1(version.ruleSet(), version.number(), version.hash(), version.createdAt(),
                version.author(), version.files(), ETags.of(version.ruleSet(), version.number(), version.hash()));
    }
}
