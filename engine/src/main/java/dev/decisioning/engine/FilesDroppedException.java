package dev.decisioning.engine;

import java.util.List;

/**
 * A publish would leave out files that the version it builds on has, and dropping files was not asked for: a zip
 * that misses files would otherwise silently become a version without them. Nothing changed.
 */
public class FilesDroppedException extends RuntimeException {
    private final String ruleSet;
    private final int baseVersion;
    private final List<String> dropped;

    public FilesDroppedException(String ruleSet, int baseVersion, List<String> dropped) {
        super("the files of '" + ruleSet + "' lack " + dropped.size() + " file(s) of version " + baseVersion
                + ", the version they build on: " + String.join(", ", dropped) + "; nothing changed");
        this.ruleSet = ruleSet;
        this.baseVersion = baseVersion;
        this.dropped = List.copyOf(dropped);
    }

    public String ruleSet() {
        return ruleSet;
    }

    /** The version the publish builds on, which has the files. */
    public int baseVersion() {
        return baseVersion;
    }

    /** The files that version has and the publish lacks, sorted. */
    public List<String> dropped() {
        return dropped;
    }
}
