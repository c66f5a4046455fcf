package dev.decisioning.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A stored version's files as a zip to download: one entry per file, at the top level, in name order, all with the
 * same fixed time, so the same files always give the same bytes, and publishing the zip again gives the same version.
 */
final class VersionZip {
    /** Every entry's time: zips record one, and the version's own time would make equal files differ. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private VersionZip() {
    }

    static byte[] of(SortedMap<String, byte[]> files) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTimeLocal(ENTRY_TIME);
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip in memory", e);
        }
    }

    /**
     * {@code <ruleset>-v<n>.zip}, for {@code Content-Disposition}: rule set names are plain already, and anything
     * else is replaced, so the name can never leave its quotes or name a path.
     */
    static String fileName(String ruleSet, int version) {
        return ruleSet.replaceAll("[^A-Za-z0-9._-]", "_") + "-v" + version + ".zip";
    }
}
