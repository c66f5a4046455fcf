package dev.decisioning.server.wire;

import dev.decisioning.engine.DecisionMessage;

import java.util.List;

/**
 * A message about rules or inputs: {@code severity} ({@code ERROR}, {@code WARNING}, {@code INFO}), {@code type}
 * (e.g. {@code compilation}, {@code evaluation}, {@code analysis}), {@code source} (a file, a DMN element or a field),
 * {@code line} (null when not known) and {@code text}.
 */
public record MessageV1(String severity, String type, String source, Integer line, String text) {

    public static MessageV1 from(DecisionMessage message) {
        return new MessageV1(message.severity().name(), message.type(), message.source(), message.line(),
                message.text());
    }

    static List<MessageV1> all(List<DecisionMessage> values) {
        return WireValues.each(values, MessageV1::from);
    }
}
