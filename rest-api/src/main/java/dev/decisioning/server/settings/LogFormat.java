package dev.decisioning.server.settings;

import java.util.Locale;

/** How the server writes its log lines: {@code --log-format} or {@code DECISIONING_LOG_FORMAT}. */
public enum LogFormat {
    /** {@code 2026-12-05T10:00:00.123Z INFO DecisioningServer - serving ...}: for people. */
    TEXT,
    /** One JSON object a line, with a line's details as fields of their own: for log collectors. */
    JSON;

    /** The format named, in any case; null when the text names none. */
    public static LogFormat parse(String text) {
        for (LogFormat format : values()) {
            if (format.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return format;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
