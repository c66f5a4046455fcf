package dev.decisioning.server.settings;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the server logs its decisions and model evaluations: one JSON line each, in files under {@code directory}. The
 * command line sets them from its decision log flags ({@code DecisionLogOptions}).
 *
 * @param enabled         false for {@code --decision-log=off}: nothing is logged and nothing can be looked up
 * @param directory       where the files are; null for {@code decision-log} under the data directory
 * @param maxFileBytes    a file is closed and a new one started once it holds this many bytes
 * @param maxFileAge      ... or once it was started this long ago
 * @param retention       closed files older than this are removed
 * @param maxTotalBytes   the oldest closed files are removed while all files together hold more
 * @param sampleRate      the share of calls logged, from 0 (none) to 1 (every one)
 * @param queueCapacity   calls waiting for the writer; past it a call is not logged (counted as dropped)
 * @param indexCapacity   the most recent decisions whose place in the files is kept in memory for look-ups (about
 *                        150 bytes each)
 * @param flushInterval   the longest a logged call waits in memory before it is written to the file
 * @param maxSearchBytes  a look-up of a decision older than the index reads at most this much of the files
 */
public record DecisionLogSettings(boolean enabled, Path directory, long maxFileBytes, Duration maxFileAge,
                                  Duration retention, long maxTotalBytes, double sampleRate, int queueCapacity,
                                  int indexCapacity, Duration flushInterval, long maxSearchBytes) {
    public static final String DIRECTORY_ENV = "DECISIONING_DECISION_LOG";
    public static final String MAX_MB_ENV = "DECISIONING_DECISION_LOG_MAX_MB";
    public static final String ROTATE_HOURS_ENV = "DECISIONING_DECISION_LOG_ROTATE_HOURS";
    public static final String MAX_AGE_DAYS_ENV = "DECISIONING_DECISION_LOG_MAX_AGE_DAYS";
    public static final String MAX_TOTAL_MB_ENV = "DECISIONING_DECISION_LOG_MAX_TOTAL_MB";
    public static final String SAMPLE_ENV = "DECISIONING_DECISION_LOG_SAMPLE";
    /** The value of the directory flag that turns the log off. */
    public static final String OFF = "off";
    /** The log's folder under the data directory, unless another is named. */
    public static final String DEFAULT_FOLDER = "decision-log";
    private static final long MIB = 1024L * 1024;

    public static final DecisionLogSettings DEFAULT = new DecisionLogSettings(true, null, 64 * MIB, Duration.ofHours(24),
            Duration.ofDays(30), 4096 * MIB, 1.0, 10_000, 100_000, Duration.ofSeconds(1), 256 * MIB);

    /** No log. */
    public static final DecisionLogSettings DISABLED = DEFAULT.withEnabled(false);

    public DecisionLogSettings {
        if (maxFileBytes < 1 || maxTotalBytes < 1 || maxSearchBytes < 1) {
            throw new IllegalArgumentException("decision log sizes must be positive");
        }
        positive(maxFileAge, "file age");
        positive(retention, "retention");
        positive(flushInterval, "flush interval");
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("the sample rate is from 0 to 1, not " + sampleRate);
        }
        if (queueCapacity < 1 || indexCapacity < 0) {
            throw new IllegalArgumentException("the queue holds at least one call and the index none or more");
        }
    }

    /** The log's folder: the one named, or {@value #DEFAULT_FOLDER} under {@code dataDirectory}. */
    public Path directoryUnder(Path dataDirectory) {
        return directory != null ? directory : dataDirectory.resolve(DEFAULT_FOLDER);
    }

    public DecisionLogSettings withEnabled(boolean on) {
        return new DecisionLogSettings(on, directory, maxFileBytes, maxFileAge, retention, maxTotalBytes, sampleRate,
                queueCapacity, indexCapacity, flushInterval, maxSearchBytes);
    }

    public DecisionLogSettings withDirectory(Path newDirectory) {
        return new DecisionLogSettings(enabled, newDirectory, maxFileBytes, maxFileAge, retention, maxTotalBytes,
                sampleRate, queueCapacity, indexCapacity, flushInterval, maxSearchBytes);
    }

    public DecisionLogSettings withFiles(long newMaxFileBytes, Duration newMaxFileAge) {
        return new DecisionLogSettings(enabled, directory, newMaxFileBytes, newMaxFileAge, retention, maxTotalBytes,
                sampleRate, queueCapacity, indexCapacity, flushInterval, maxSearchBytes);
    }

    public DecisionLogSettings withRetention(Duration newRetention, long newMaxTotalBytes) {
        return new DecisionLogSettings(enabled, directory, maxFileBytes, maxFileAge, newRetention, newMaxTotalBytes,
                sampleRate, queueCapacity, indexCapacity, flushInterval, maxSearchBytes);
    }

    public DecisionLogSettings withSampleRate(double rate) {
        return new DecisionLogSettings(enabled, directory, maxFileBytes, maxFileAge, retention, maxTotalBytes, rate,
                queueCapacity, indexCapacity, flushInterval, maxSearchBytes);
    }

    public DecisionLogSettings withQueue(int capacity) {
        return new DecisionLogSettings(enabled, directory, maxFileBytes, maxFileAge, retention, maxTotalBytes,
                sampleRate, capacity, indexCapacity, flushInterval, maxSearchBytes);
    }

    public DecisionLogSettings withFlushInterval(Duration interval) {
        return new DecisionLogSettings(enabled, directory, maxFileBytes, maxFileAge, retention, maxTotalBytes,
                sampleRate, queueCapacity, indexCapacity, interval, maxSearchBytes);
    }

    public DecisionLogSettings withIndex(int capacity, long searchBytes) {
        return new DecisionLogSettings(enabled, directory, maxFileBytes, maxFileAge, retention, maxTotalBytes,
                sampleRate, queueCapacity, capacity, flushInterval, searchBytes);
    }

    private static void positive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("decision log " + what + " must be positive, got " + duration);
        }
    }
}
