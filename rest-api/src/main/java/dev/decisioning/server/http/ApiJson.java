package dev.decisioning.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisioning.engine.request.RequestJson;
import dev.decisioning.server.errors.ErrorEnvelope;
import dev.decisioning.server.wire.WireAnswer;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * The one JSON mapper of the API: the engine's strict request mapper ({@link RequestJson}), so that a typo or a
 * wrong type is a 400 naming the field rather than a silently different decision.
 */
public final class ApiJson {
    private static final ObjectMapper MAPPER = create();
    private static final ObjectMapper TREES = create().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ApiJson() {
    }

    static ObjectMapper create() {
        ObjectMapper mapper = RequestJson.strictMapper();
        mapper.setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS);
        return mapper;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a request body; what Jackson finds wrong is mapped to a 400 by the error handler. */
    public static <T> T read(Buffer body, Class<T> type) {
        return read(body, type, RequestJson.NumberLimits.DEFAULT);
    }

    /** {@link #read(Buffer, Class)}, refusing numbers outside {@code limits}. */
    public static <T> T read(Buffer body, Class<T> type, RequestJson.NumberLimits limits) {
        return read(MAPPER, body, type, limits);
    }

    /**
     * A request body as a JSON tree, for rule sets that check requests against their own data model: numbers within
     * {@code limits}, and a key given twice refused rather than the last one silently winning.
     */
    public static JsonNode readTree(Buffer body, RequestJson.NumberLimits limits) {
        JsonNode tree = read(TREES, body, JsonNode.class, limits);
        if (tree.isNull()) {
            throw new EmptyBodyException();
        }
        return tree;
    }

    private static <T> T read(ObjectMapper mapper, Buffer body, Class<T> type, RequestJson.NumberLimits limits) {
        if (body == null || body.length() == 0) {
            throw new EmptyBodyException();
        }
        try {
            T value = RequestJson.read(mapper, body.getBytes(), type, limits);
            if (value == null) {
                throw new EmptyBodyException();
            }
            return value;
        } catch (IOException e) {
            throw new UnreadableBodyException(e);
        }
    }

    /** A success answer as JSON: a wire record, never an engine type or a map put together by hand. */
    public static Buffer write(WireAnswer answer) {
        return writeValue(answer);
    }

    /** An error answer as JSON. */
    public static Buffer write(ErrorEnvelope error) {
        return writeValue(error);
    }

    private static Buffer writeValue(Object value) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be written as JSON", e);
        }
    }

    /** The body could not be read as the expected JSON; the cause says where and why. */
    public static final class UnreadableBodyException extends RuntimeException {
        UnreadableBodyException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The request had no body where one is required. */
    public static final class EmptyBodyException extends RuntimeException {
        EmptyBodyException() {
            super("the request body is empty or null; send a JSON object");
        }
    }
}
