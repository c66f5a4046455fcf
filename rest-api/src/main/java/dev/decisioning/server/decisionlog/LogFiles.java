package dev.decisioning.server.decisionlog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a decision log folder: {@code decisions-20261122T100000.000Z.jsonl}, named by the moment each was
 * started, so that their names sort in the order they were written. Each holds one JSON object a line; a line a crash
 * cut short has no line break after it and is not read.
 */
final class LogFiles {
    static final String PREFIX = "decisions-";
    static final String SUFFIX = ".jsonl";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** A file of the folder and when it was started. */
    record LogFile(Path path, Instant started) {
        String name() {
            return path.getFileName().toString();
        }
    }

    /** What a reader does with each whole line: its bytes are {@code buffer[start, start + length)}. */
    @FunctionalInterface
    interface LineVisitor {
        /** @return false to stop reading */
        boolean line(byte[] buffer, int start, int length, long offset);
    }

    private LogFiles() {
    }

    /** The name of a file started at {@code started}. */
    static String name(Instant started) {
        return PREFIX + STAMP.format(started) + SUFFIX;
    }

    /** The log's files, oldest first; none when the folder does not exist. */
    static List<LogFile> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<LogFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(path -> {
                Instant started = startOf(path.getFileName().toString());
                if (started != null && Files.isRegularFile(path)) {
                    files.add(new LogFile(path, started));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(Comparator.comparing(LogFile::name));
        return files;
    }

    /** When a file of this name was started; null when the name is not a log file's. */
    static Instant startOf(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return null;
        }
        try {
            return STAMP.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()), Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The line of {@code length} bytes at {@code offset}.
     *
     * @throws NoSuchFileException when the file has been removed
     */
    static byte[] readAt(Path file, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(length);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, offset + bytes.position()) < 0) {
                    throw new IOException(file + " ends before the line at offset " + offset);
                }
            }
            return bytes.array();
        }
    }

    /**
     * Hands each whole line of {@code file} to {@code visitor}, from the start, until it says stop or {@code maxBytes}
     * have been read.
     *
     * @return the bytes read
     */
    static long forEachLine(Path file, long maxBytes, LineVisitor visitor) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int filled = 0;
        long read = 0;
        long bufferOffset = 0; // the file offset of buffer[0]
        try (InputStream in = Files.newInputStream(file)) {
            while (read < maxBytes) {
                if (filled == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
                }
                int n = in.read(buffer, filled, (int) Math.min(buffer.length - filled, maxBytes - read));
                if (n < 0) {
                    return read;
                }
                read += n;
                int start = 0;
                int end = filled + n;
                for (int i = filled; i < end; i++) {
                    if (buffer[i] == '\n') {
                        if (i > start && !visitor.line(buffer, start, i - start, bufferOffset + start)) {
                            return read;
                        }
                        start = i + 1;
                    }
                }
                // keep the unfinished line at the start of the buffer
                System.arraycopy(buffer, start, buffer, 0, end - start);
                bufferOffset += start;
                filled = end - start;
            }
        }
        return read;
    }

    /** Whether {@code buffer[start, start + length)} begins with {@code prefix}. */
    static boolean startsWith(byte[] buffer, int start, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code needle} occurs in the first {@code within} bytes of the line. */
    static boolean containsNear(byte[] buffer, int start, int length, byte[] needle, int within) {
        int last = Math.min(length, within) - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[start + i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
