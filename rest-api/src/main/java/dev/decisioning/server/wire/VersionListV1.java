package dev.decisioning.server.wire;

import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.RuleSetVersion;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/v1/rulesets/{ruleset}/versions}: every stored version, oldest first, and which one answers.
 *
 * @param ruleset       the rule set
 * @param activeVersion the number of the version answering
 * @param versions      the stored versions
 * @param newestVersion the number of the newest stored version: the one a publish's {@code If-Match} must name
 */
public record VersionListV1(String ruleset, Integer activeVersion, List<Entry> versions, Integer newestVersion)
        implements WireAnswer {

    /** The versions of {@code active}'s rule set, {@code active} being its summary now. */
    public static VersionListV1 from(RuleSetSummary active, List<RuleSetVersion> versions) {
        Integer activeVersion = WireValues.versionNumber(active.version());
        return new VersionListV1(active.name(), activeVersion,
                WireValues.each(versions, v -> Entry.from(v, Objects.equals(v.number(), activeVersion))),
                versions.isEmpty() ? null : versions.get(versions.size() - 1).number());
    }

    /** One stored version; {@code active} when it is the one answering; {@code etag} for {@code If-Match}. */
    public record Entry(int number, String hash, Instant createdAt, String author, List<String> files,
                        boolean active, String etag) {

        public static Entry from(RuleSetVersion version, boolean active) {
            return new Entry(version.number(), version.hash(), version.createdAt(), version.author(), version.files(),
                    active, ETags.of(version.ruleSet(), version.number(), version.hash()));
        }
    }
}
