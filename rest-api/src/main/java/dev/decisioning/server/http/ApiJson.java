package dev.decisioning.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * The one JSON mapper of the API. Strict on the way in, so that a typo or a wrong type is a 400 naming the field
 * rather than a silently different decision: unknown fields, numbers in strings and fractional counts are refused.
 * Decimals are read as exact BigDecimals and written plainly.
 */
public final class ApiJson {
    private static final ObjectMapper MAPPER = create();

    private ApiJson() {
    }

    static ObjectMapper create() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS);
        // Dates and instants only as ISO-8601 text: a number would silently be read as an epoch offset.
        mapper.configOverride(java.time.LocalDate.class)
                .setFormat(com.fasterxml.jackson.annotation.JsonFormat.Value.forLeniency(false));
        mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("iso-instants")
                .addDeserializer(java.time.Instant.class, new IsoInstantDeserializer()));
        return mapper;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a request body; what Jackson finds wrong is mapped to a 400 by the error handler. */
    public static <T> T read(Buffer body, Class<T> type) {
        if (body == null || body.length() == 0) {
            throw new EmptyBodyException();
        }
        try {
            T value = MAPPER.readValue(body.getBytes(), type);
            if (value == null) {
                throw new EmptyBodyException();
            }
            return value;
        } catch (IOException e) {
            throw new UnreadableBodyException(e);
        }
    }

    public static Buffer write(Object value) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be written as JSON", e);
        }
    }

    /** An instant from ISO-8601 text with a zone offset ({@code 2026-11-22T10:00:00Z}); nothing else. */
    static final class IsoInstantDeserializer extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<java.time.Instant> {
        IsoInstantDeserializer() {
            super(java.time.Instant.class);
        }

        @Override
        public java.time.Instant deserialize(com.fasterxml.jackson.core.JsonParser parser,
                                             com.fasterxml.jackson.databind.DeserializationContext context) throws IOException {
            if (!parser.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                return (java.time.Instant) context.handleUnexpectedToken(java.time.Instant.class, parser);
            }
            String text = parser.getText().trim();
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return (java.time.Instant) context.handleWeirdStringValue(java.time.Instant.class, text,
                        "not an ISO-8601 date and time with offset");
            }
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
