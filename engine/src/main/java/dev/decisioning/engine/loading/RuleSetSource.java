package dev.decisioning.engine.loading;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rule files of one rule set, by file name. The version is a hash of names and contents, so the same
 * files always give the same version, whichever loader delivered them.
 */
public record RuleSetSource(String name, SortedMap<String, byte[]> files) {

    public RuleSetSource {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    public static RuleSetSource of(String name, Map<String, byte[]> files) {
        return new RuleSetSource(name, new TreeMap<>(files));
    }

    /** First 12 hex digits of the SHA-256 of every file name and content, in name order. */
    public String version() {
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
