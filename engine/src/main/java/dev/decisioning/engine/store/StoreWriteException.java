package dev.decisioning.engine.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The store could not write a new version or an active pointer: the disk is full, read-only, or the folder cannot be
 * written. Whatever the write had put on disk is removed again, so the stored versions are as they were before it.
 */
public final class StoreWriteException extends RuntimeException {
    private final transient Path path;
    private final boolean outOfSpace;

    public StoreWriteException(String what, Path path, IOException cause) {
        super(what + " in " + path.toAbsolutePath() + ": " + reason(cause), cause);
        this.path = path;
        this.outOfSpace = isOutOfSpace(cause);
    }

    /** The folder the write was going to. */
    public Path path() {
        return path;
    }

    /** True when the file system said it has no space (or no quota) left. */
    public boolean outOfSpace() {
        return outOfSpace;
    }

    private static boolean isOutOfSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("no space left") || message.contains("disk quota exceeded")) {
                return true;
            }
        }
        return false;
    }

    private static String reason(IOException e) {
        if (isOutOfSpace(e)) {
            return "no space left on device";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
