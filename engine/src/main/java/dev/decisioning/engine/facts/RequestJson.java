package dev.decisioning.engine.facts;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * How decision requests are read from JSON, wherever they come from (the HTTP API, scenario files): strictly, so
 * that a typo or a wrong type is refused naming the field rather than silently deciding for a different customer.
 * Unknown fields, numbers in strings, fractional counts, trailing text and epoch numbers for dates are refused;
 * decimals are read as exact BigDecimals and written plainly.
 */
public final class RequestJson {
    private RequestJson() {
    }

    /** A new strict mapper; callers keep one and share it (mappers are thread-safe once configured). */
    public static JsonMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("iso-instants").addDeserializer(Instant.class, new IsoInstantDeserializer()))
                .addModule(new SimpleModule("iso-dates").setDeserializerModifier(new PlainIsoDates()))
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
        // A number for a date would otherwise be read as days since 1970.
        mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
        return mapper;
    }

    /** An instant from ISO-8601 text with a zone offset ({@code 2026-11-22T10:00:00Z}); nothing else. */
    static final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {
        IsoInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getText().trim();
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text,
                        "not an ISO-8601 date and time with offset");
            }
        }
    }

    /** Puts {@link PlainIsoDate} in front of whatever date deserializer Jackson has configured. */
    static final class PlainIsoDates extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                      JsonDeserializer<?> deserializer) {
            return description.getBeanClass() == LocalDate.class ? new PlainIsoDate(deserializer) : deserializer;
        }
    }

    /**
     * Reads the usual date form, {@code yyyy-MM-dd}, straight from the parser's characters; anything else (another
     * form, an impossible date, a wrong type) goes to the configured deserializer, which accepts or refuses it with
     * its own message. An order history holds up to hundreds of dates, and the general ISO parser took as long as
     * all the rest of reading a request.
     */
    static final class PlainIsoDate extends DelegatingDeserializer {
        PlainIsoDate(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new PlainIsoDate(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING) && parser.getTextLength() == 10) {
                LocalDate date = plainDate(parser.getTextCharacters(), parser.getTextOffset());
                if (date != null) {
                    return date;
                }
            }
            return super.deserialize(parser, context);
        }

        /** {@code yyyy-MM-dd} at {@code at}, or null when the text is not exactly that form of a real date. */
        static LocalDate plainDate(char[] text, int at) {
            if (text[at + 4] != '-' || text[at + 7] != '-') {
                return null;
            }
            int year = digits(text, at, 4);
            int month = digits(text, at + 5, 2);
            int day = digits(text, at + 8, 2);
            if (year < 0 || month < 0 || day < 0) {
                return null;
            }
            try {
                return LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                return null;
            }
        }

        private static int digits(char[] text, int at, int count) {
            int value = 0;
            for (int i = at; i < at + count; i++) {
                char c = text[i];
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }
    }
}
