package dev.decisioning.engine.store;

import dev.decisioning.engine.ActivationRecord;
import dev.decisioning.engine.loading.RuleSetLoader;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.loading.RuleSetSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * A loader that keeps every version it is given. {@link #loadAll()} hands out the active version of each rule set;
 * the rest can be read back by number, so rollback is activating an older one.
 */
public interface RuleSetStore extends RuleSetLoader {

    /**
     * Stores the files as the next version of the rule set, or returns the existing version with the same content,
     * so publishing the same files twice does not pile up versions. Does not activate.
     */
    RuleSetVersion save(String ruleSet, SortedMap<String, byte[]> files, String author);

    /**
     * Stores files under a version number given elsewhere (another server), keeping its number, hash, time and
     * author. Storing the same version twice is harmless.
     *
     * @throws IllegalStateException when that number is already stored with different content
     */
    void saveAs(RuleSetVersion version, SortedMap<String, byte[]> files);

    /** Makes a stored version the one {@link #loadAll()} returns for its rule set; survives restarts. */
    void activate(String ruleSet, int version);

    /** All stored versions, oldest first; empty for an unknown rule set. */
    List<RuleSetVersion> versions(String ruleSet);

    OptionalInt activeVersion(String ruleSet);

    Optional<RuleSetSource> source(String ruleSet, int version);

    /**
     * Appends an entry to its rule set's activation log. Entries are never changed or removed; a write that fails
     * throws {@link StoreWriteException}.
     */
    void record(ActivationRecord entry);

    /** The activation log of a rule set, oldest first; empty when nothing was recorded. */
    List<ActivationRecord> activations(String ruleSet);

    /**
     * Marks a rule set archived, keeping {@code archived} (who and when), or, with null, not archived; survives
     * restarts. {@link #loadAll()} still returns the active version of an archived rule set.
     */
    void markArchived(String ruleSet, ActivationRecord archived);

    /** The entry that archived the rule set, while it is archived. */
    Optional<ActivationRecord> archived(String ruleSet);

    /**
     * Stores and activates, as version 1, every rule set of {@code seed} that this store has never seen. Rule sets
     * it already has keep their versions and their active one, so a restart never undoes a rollback.
     *
     * @return the names that were seeded
     */
    default List<String> seedFrom(RuleSetLoader seed) {
        List<String> seeded = new java.util.ArrayList<>();
        for (RuleSetSource source : seed.loadAll()) {
            if (versions(source.name()).isEmpty()) {
                RuleSetVersion version = save(source.name(), source.files(), "seed");
                activate(source.name(), version.number());
                record(new ActivationRecord(source.name(), ActivationRecord.Action.SEEDED, version.number(),
                        version.hash(), null, "seed", Instant.now()));
                seeded.add(source.name());
            }
        }
        return seeded;
    }
}
