package dev.decisioning.server;

import dev.decisioning.server.settings.DecisionLogSettings;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

import static dev.decisioning.server.settings.DecisionLogSettings.DIRECTORY_ENV;
import static dev.decisioning.server.settings.DecisionLogSettings.MAX_AGE_DAYS_ENV;
import static dev.decisioning.server.settings.DecisionLogSettings.MAX_MB_ENV;
import static dev.decisioning.server.settings.DecisionLogSettings.MAX_TOTAL_MB_ENV;
import static dev.decisioning.server.settings.DecisionLogSettings.ROTATE_HOURS_ENV;
import static dev.decisioning.server.settings.DecisionLogSettings.SAMPLE_ENV;

/** The flags of the decision log, each over its environment variable. */
final class DecisionLogOptions {
    private static final long MIB = 1024L * 1024;

    @Option(names = "--decision-log", paramLabel = "DIR|off", order = 40,
            description = "where decisions and evaluations are logged, or off (env " + DIRECTORY_ENV
                    + ", default: decision-log under the data directory)")
    String directory;

    @Option(names = "--decision-log-max-mb", paramLabel = "N", order = 41,
            description = "start a new file once one holds N MiB (env " + MAX_MB_ENV + ", default: 64)")
    String maxMb;

    @Option(names = "--decision-log-rotate-hours", paramLabel = "N", order = 42,
            description = "start a new file once one is N hours old (env " + ROTATE_HOURS_ENV + ", default: 24)")
    String rotateHours;

    @Option(names = "--decision-log-max-age-days", paramLabel = "N", order = 43,
            description = "remove closed files older than N days (env " + MAX_AGE_DAYS_ENV + ", default: 30)")
    String maxAgeDays;

    @Option(names = "--decision-log-max-total-mb", paramLabel = "N", order = 44,
            description = "remove the oldest closed files while all hold more than N MiB (env " + MAX_TOTAL_MB_ENV
                    + ", default: 4096)")
    String maxTotalMb;

    @Option(names = "--decision-log-sample", paramLabel = "RATE", order = 45,
            description = "share of calls logged, from 0 to 1 (env " + SAMPLE_ENV + ", default: 1, every call)")
    String sample;

    /** The decision log these flags, then the environment's variables, set over the defaults. */
    DecisionLogSettings settings(SettingValues values) {
        DecisionLogSettings defaults = DecisionLogSettings.DEFAULT;
        String where = values.text(directory, DIRECTORY_ENV);
        if (where != null && where.isBlank()) {
            throw values.invalid(directory, "--decision-log", DIRECTORY_ENV, "the folder is empty; name one, or off");
        }
        if (where != null && where.trim().equalsIgnoreCase(DecisionLogSettings.OFF)) {
            return DecisionLogSettings.DISABLED;
        }
        long fileMb = values.number(maxMb, "--decision-log-max-mb", MAX_MB_ENV, defaults.maxFileBytes() / MIB, 1,
                1_000_000);
        long hours = values.number(rotateHours, "--decision-log-rotate-hours", ROTATE_HOURS_ENV,
                defaults.maxFileAge().toHours(), 1, 24 * 366);
        long days = values.number(maxAgeDays, "--decision-log-max-age-days", MAX_AGE_DAYS_ENV,
                defaults.retention().toDays(), 1, 36_500);
        long totalMb = values.number(maxTotalMb, "--decision-log-max-total-mb", MAX_TOTAL_MB_ENV,
                defaults.maxTotalBytes() / MIB, 1, 1_000_000_000);
        return defaults.withDirectory(where == null ? null : Path.of(where))
                .withFiles(fileMb * MIB, Duration.ofHours(hours))
                .withRetention(Duration.ofDays(days), totalMb * MIB)
                .withSampleRate(rate(values));
    }

    private double rate(SettingValues values) {
        String text = values.text(sample, SAMPLE_ENV);
        if (text == null) {
            return DecisionLogSettings.DEFAULT.sampleRate();
        }
        try {
            BigDecimal rate = new BigDecimal(text.trim());
            if (rate.signum() >= 0 && rate.compareTo(BigDecimal.ONE) <= 0) {
                return rate.doubleValue();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw values.invalid(sample, "--decision-log-sample", SAMPLE_ENV, "'" + text + "' is not a number from 0 to 1 "
                + "(0.1 logs one call in ten)");
    }
}
