package dev.decisioning.server.settings;

import java.time.Duration;

/**
 * How the server shows what it does and stops: {@code --log-format} and {@code --shutdown-grace-ms}.
 *
 * @param logFormat     text or JSON log lines
 * @param shutdownGrace how long a stopping server waits for the calls in flight to be answered before it closes
 *                      their connections
 */
public record OperationSettings(LogFormat logFormat, Duration shutdownGrace) {
    public static final String LOG_FORMAT_ENV = "DECISIONING_LOG_FORMAT";
    public static final String SHUTDOWN_GRACE_ENV = "DECISIONING_SHUTDOWN_GRACE_MS";
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    public static final OperationSettings DEFAULT = new OperationSettings(LogFormat.TEXT, DEFAULT_SHUTDOWN_GRACE);

    public OperationSettings {
        if (logFormat == null || shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("a log format and a shutdown grace of zero or more are needed");
        }
    }
}
