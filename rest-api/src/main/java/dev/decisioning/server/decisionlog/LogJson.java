package dev.decisioning.server.decisionlog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.decisioning.server.wire.LoggedDecisionV1;

import java.io.IOException;

/**
 * How log lines are written and read: the API's JSON conventions (exact decimals in plain notation, ISO instants,
 * nulls written), without the size limits of requests, since a line holds a whole request and its answer.
 */
final class LogJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // lines a later version writes may carry more fields; what this one knows is still read
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private LogJson() {
    }

    /** A line's bytes, without the line break. */
    static byte[] write(LoggedDecisionV1 line) {
        try {
            return MAPPER.writeValueAsBytes(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision could not be written as JSON", e);
        }
    }

    /** A line read back; null when it is not one (a line cut short by a crash). */
    static LoggedDecisionV1 read(byte[] line) {
        try {
            return MAPPER.readValue(line, LoggedDecisionV1.class);
        } catch (IOException e) {
            return null;
        }
    }
}
