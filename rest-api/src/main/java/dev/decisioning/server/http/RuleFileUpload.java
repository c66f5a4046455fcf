package dev.decisioning.server.http;

import dev.decisioning.engine.store.FileNames;
import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import dev.decisioning.server.errors.ErrorEnvelope;
import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The rule files of a publish: a zip of a rule set's files (or of its folder), or one file named by {@code ?file=}.
 * Zips are read with limits, so that a small upload cannot expand into gigabytes.
 */
final class RuleFileUpload {
    static final int MAX_FILES = 500;
    static final long MAX_UNPACKED_BYTES = 64L * 1024 * 1024;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private RuleFileUpload() {
    }

    static Map<String, byte[]> files(Buffer body, String fileName) {
        if (body == null || body.length() == 0) {
            throw invalid("body", "send a zip of rule files, or one rule file with ?file=NAME");
        }
        if (fileName != null && !fileName.isEmpty()) {
            // Refused before anything is read or written: a name the disk cannot take would fail half-way.
            FileNames.problem(fileName).ifPresent(problem -> {
                throw invalid("file", problem);
            });
        }
        byte[] bytes = body.getBytes();
        if (fileName != null && !fileName.isBlank()) {
            return Map.of(fileName, bytes);
        }
        if (!startsWith(bytes, ZIP_MAGIC)) {
            throw invalid("file", "the body is not a zip; to publish a single file, name it with ?file=NAME");
        }
        return unzip(bytes);
    }

    private static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> files = new TreeMap<>();
        long unpacked = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String plain = name.substring(name.lastIndexOf('/') + 1);
                if (plain.startsWith(".") || name.startsWith("__MACOSX/")) {
                    continue; // hidden files and the resource forks some zip tools add
                }
                if (name.chars().filter(c -> c == '/').count() > 1) {
                    throw invalid("zip", "'" + name + "' is nested too deep: zip the rule files, or their one folder");
                }
                java.util.Optional<String> badName = FileNames.problem(plain);
                if (badName.isPresent()) {
                    throw invalid("zip", "'" + name.replaceAll("\\p{Cntrl}", "?") + "': " + badName.get());
                }
                if (files.size() >= MAX_FILES) {
                    throw invalid("zip", "more than " + MAX_FILES + " files");
                }
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                byte[] chunk = new byte[8192];
                int read;
                while ((read = in.read(chunk)) > 0) {
                    unpacked += read;
                    if (unpacked > MAX_UNPACKED_BYTES) {
                        throw invalid("zip", "unpacks to more than " + MAX_UNPACKED_BYTES / (1024 * 1024) + " MB");
                    }
                    content.write(chunk, 0, read);
                }
                if (files.put(plain, content.toByteArray()) != null) {
                    throw invalid("zip", "'" + plain + "' appears twice");
                }
            }
        } catch (IOException e) {
            throw invalid("zip", "cannot read the zip: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw invalid("zip", "the zip holds no files");
        }
        return files;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static ApiException invalid(String field, String problem) {
        return new ApiException(400, ErrorCodes.INVALID_REQUEST, problem,
                List.of(ErrorEnvelope.Detail.field(field, problem)));
    }
}
