package dev.decisioning.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.decisioning.server.ops.LogLineEncoder;
import dev.decisioning.server.settings.LogFormat;
import org.slf4j.LoggerFactory;

import java.util.Properties;

/**
 * The server's log (logback, configured by {@code logback.xml}): the line format chosen at start, and levels raised
 * or lowered for one run by system properties, {@code -Dlogback.logger.NAME=LEVEL} ({@code -Dlogback.root=LEVEL} for
 * the root), the keys logback's own properties files use.
 */
final class ServerLogging {
    static final String LOGGER_PREFIX = "logback.logger.";
    static final String ROOT = "logback.root";

    private ServerLogging() {
    }

    /** Writes every line from now on in {@code format}. */
    static void use(LogFormat format) {
        LogLineEncoder.useJson(format == LogFormat.JSON);
    }

    /** Applies the level properties among {@code properties}; does nothing where the log is not logback's. */
    static void levelsFrom(Properties properties) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (String name : properties.stringPropertyNames()) {
            String logger = name.equals(ROOT) ? org.slf4j.Logger.ROOT_LOGGER_NAME
                    : name.startsWith(LOGGER_PREFIX) ? name.substring(LOGGER_PREFIX.length()) : null;
            if (logger != null && !logger.isEmpty()) {
                context.getLogger(logger).setLevel(Level.toLevel(properties.getProperty(name).trim(), null));
            }
        }
    }
}
