package dev.decisioning.engine.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which rule file names the store accepts: plain names that every file system takes as they are, so that a name can
 * be refused before anything is written, instead of failing half-way through a version.
 */
public final class FileNames {
    /** The longest file name (in UTF-8 bytes) common file systems allow. */
    public static final int MAX_BYTES = 255;

    private FileNames() {
    }

    /** What is wrong with {@code name} as a rule file name, or empty when it is a plain file name. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("the file name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("the file name contains a control character ("
                        + (c == 0 ? "NUL" : String.format("U+%04X", (int) c)) + ") at position " + (i + 1));
            }
            if (c == '/' || c == '\\') {
                return Optional.of("'" + name + "' contains a path separator; give a plain file name");
            }
        }
        if (name.startsWith(".")) {
            return Optional.of("'" + name + "' starts with '.'; hidden names and '..' are not rule files");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("the file name is " + bytes + " bytes long; file names are limited to " + MAX_BYTES
                    + " bytes");
        }
        return Optional.empty();
    }
}
