package dev.decisioning.engine.loading;

import dev.decisioning.engine.VersionNumber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rule files of one rule set, by file name, and the version a store numbered them (null when read without a
 * store). Their hash tells contents apart whichever loader delivered them.
 */
public record RuleSetSource(String name, SortedMap<String, byte[]> files, VersionNumber version) {

    public RuleSetSource {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** Files that no store has numbered: told apart by their content hash. */
    public static RuleSetSource of(String name, Map<String, byte[]> files) {
        return new RuleSetSource(name, new TreeMap<>(files), null);
    }

    /** First 12 hex digits of the SHA-256 of every file name and content, in name order. */
    public String hash() {
        return hashOf(files);
    }

    private static String hashOf(SortedMap<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.getValue());
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
