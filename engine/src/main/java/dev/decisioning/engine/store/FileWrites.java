package dev.decisioning.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the store puts a file's bytes on disk: the one place a store write can run out of space. Tests swap it for one
 * that fails the way a full disk does, to check what a failed publish leaves behind.
 */
@FunctionalInterface
public interface FileWrites {
    /** Plain {@link Files#write}: creates the file, or replaces its content. */
    FileWrites DIRECT = (file, content) -> Files.write(file, content);

    void write(Path file, byte[] content) throws IOException;
}
