package dev.decisioning.engine.lifecycle;

import dev.decisioning.engine.ActivationRecord;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.loading.RuleSetSource;
import dev.decisioning.engine.store.RuleSetStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What happened to a rule set after the version a caller built on, one sentence each: what a refused change tells its
 * maker about the changes it would have undone.
 */
final class ChangesSince {
    private ChangesSince() {
    }

    /** Every version stored after {@code number}, oldest first: who published it, when, and which files it changed. */
    static List<String> published(RuleSetStore store, String ruleSet, int number) {
        List<RuleSetVersion> versions = store.versions(ruleSet);
        List<String> sentences = new ArrayList<>();
        RuleSetVersion before = null;
        for (RuleSetVersion version : versions) {
            if (version.number() > number) {
                sentences.add("version " + version.number() + " (" + version.hash() + ") was published by "
                        + version.author() + " at " + version.createdAt() + filesChanged(store, before, version));
            }
            before = version;
        }
        return sentences;
    }

    /**
     * The activation log's entries after the last one that made {@code number} active, oldest first; when the log
     * never made it active (or holds nothing), its last entry, which says how the active version became active.
     */
    static List<String> activated(RuleSetStore store, String ruleSet, int number) {
        List<ActivationRecord> log = store.activations(ruleSet);
        int last = -1;
        for (int i = 0; i < log.size(); i++) {
            ActivationRecord entry = log.get(i);
            if (Objects.equals(entry.version(), number) && entry.action() != ActivationRecord.Action.ARCHIVED
                    && entry.action() != ActivationRecord.Action.UNARCHIVED) {
                last = i;
            }
        }
        if (last < 0) {
            return log.isEmpty() ? List.of() : List.of(sentence(log.get(log.size() - 1)));
        }
        return log.subList(last + 1, log.size()).stream().map(ChangesSince::sentence).toList();
    }

    static String sentence(ActivationRecord entry) {
        String was = entry.previousVersion() == null ? "" : " (version " + entry.previousVersion() + " before)";
        String by = " by " + entry.by() + " at " + entry.at();
        return switch (entry.action()) {
            case SEEDED -> "version " + entry.version() + " was stored and activated from the rules directory" + by;
            case PUBLISHED -> "version " + entry.version() + " was published and activated" + by + was;
            case ACTIVATED -> "version " + entry.version() + " was activated" + by + was;
            case ROLLED_BACK -> "version " + entry.version() + " was activated, rolling back," + by + was;
            case REPLICATED -> "version " + entry.version() + " was activated on another server" + by + was;
            case ARCHIVED -> "the rule set was archived" + by;
            case UNARCHIVED -> "the rule set was unarchived" + by;
        };
    }

    /** ": changed a.dmn; added b.csv; removed c.drl", compared with the version stored before it. */
    private static String filesChanged(RuleSetStore store, RuleSetVersion before, RuleSetVersion version) {
        if (before == null) {
            return "";
        }
        SortedMap<String, byte[]> old = files(store, before);
        SortedMap<String, byte[]> now = files(store, version);
        TreeSet<String> changed = new TreeSet<>();
        TreeSet<String> added = new TreeSet<>();
        TreeSet<String> removed = new TreeSet<>(old.keySet());
        removed.removeAll(now.keySet());
        for (Map.Entry<String, byte[]> file : now.entrySet()) {
            byte[] previous = old.get(file.getKey());
            if (previous == null) {
                added.add(file.getKey());
            } else if (!Arrays.equals(previous, file.getValue())) {
                changed.add(file.getKey());
            }
        }
        List<String> parts = new ArrayList<>();
        if (!changed.isEmpty()) {
            parts.add("changed " + String.join(", ", changed));
        }
        if (!added.isEmpty()) {
            parts.add("added " + String.join(", ", added));
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + String.join(", ", removed));
        }
        return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
    }

    private static SortedMap<String, byte[]> files(RuleSetStore store, RuleSetVersion version) {
        Optional<RuleSetSource> source = store.source(version.ruleSet(), version.number());
        return source.map(RuleSetSource::files).orElseGet(TreeMap::new);
    }
}
