package dev.decisioning.engine.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the store puts a file's bytes on disk: the one place a store write can run out of space. Tests swap it for one
 * that fails the way a full disk does, to check what a failed publish leaves behind.
 */
@FunctionalInterface
public interface FileWrites {
    /** Plain {@link Files#write}: creates the file, or replaces its content. */
    FileWrites DIRECT = (file, content) -> Files.write(file, content);

    void write(Path file, byte[] content) throws IOException;

    /**
     * Adds {@code content} at the end of the file (created if missing) and flushes it to disk before returning. A
     * file whose last line a crash left unfinished gets a line break first, so the new line stands on its own.
     */
    default void append(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer last = ByteBuffer.allocate(1);
            boolean unfinished = size > 0 && channel.read(last, size - 1) == 1 && last.get(0) != '\n';
            channel.position(size);
            ByteBuffer bytes = ByteBuffer.allocate(content.length + (unfinished ? 1 : 0));
            if (unfinished) {
                bytes.put((byte) '\n');
            }
            bytes.put(content).flip();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        }
    }
}
