package dev.decisioning.server;

import dev.decisioning.server.settings.LogFormat;
import dev.decisioning.server.settings.OperationSettings;
import picocli.CommandLine.Option;

import java.time.Duration;

import static dev.decisioning.server.settings.OperationSettings.LOG_FORMAT_ENV;
import static dev.decisioning.server.settings.OperationSettings.SHUTDOWN_GRACE_ENV;

/** The flags of {@link OperationSettings}, each over its environment variable (see docs/operations.md). */
final class OperationOptions {
    @Option(names = "--log-format", paramLabel = "text|json", order = 40,
            description = "log lines as text, or one JSON object a line (env " + LOG_FORMAT_ENV + ", default: text)")
    String logFormat;

    @Option(names = "--shutdown-grace-ms", paramLabel = "N", order = 41,
            description = "on SIGTERM, how long calls in flight may take to finish before their connections are closed"
                    + " (env " + SHUTDOWN_GRACE_ENV + ", default: 10000)")
    String shutdownGraceMs;

    /** The settings these flags, then the environment's variables, set over the defaults. */
    OperationSettings settings(SettingValues values) {
        String formatText = values.text(logFormat, LOG_FORMAT_ENV);
        LogFormat format = formatText == null ? LogFormat.TEXT : LogFormat.parse(formatText);
        if (format == null) {
            throw values.invalid(logFormat, "--log-format", LOG_FORMAT_ENV, "'" + formatText + "' is not text or json");
        }
        Duration grace = Duration.ofMillis(values.number(shutdownGraceMs, "--shutdown-grace-ms", SHUTDOWN_GRACE_ENV,
                OperationSettings.DEFAULT_SHUTDOWN_GRACE.toMillis(), 0, 3_600_000));
        return new OperationSettings(format, grace);
    }
}
