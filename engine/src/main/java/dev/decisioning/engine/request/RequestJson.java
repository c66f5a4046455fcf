package dev.decisioning.engine.request;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * How decision requests are read from JSON, wherever they come from (the HTTP API, scenario files): strictly, so
 * that a typo or a wrong type is refused naming the field rather than silently deciding for a different customer.
 * Unknown fields, numbers in strings, fractional counts, trailing text and epoch numbers for dates are refused;
 * decimals are read as exact BigDecimals and written plainly. What a request may hold is bounded, because anyone
 * may send one: nesting depth, tokens, the length of names, strings and numbers, and (through {@link #read}) each
 * number's digits and scale, since a number such as {@code 1e1000000} is a few bytes to send and minutes to print.
 */
public final class RequestJson {
    /** Deeper than any customer record; deep enough nesting costs stack on every reader. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** A number's text, e.g. {@code -12345.678e-9}, is never longer than this. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Names of fields are short; values are bounded by the body size. */
    public static final int MAX_NAME_LENGTH = 1_000;
    /** Up to tens of thousands of orders or inputs; past this, reading alone would take noticeable time. */
    public static final long MAX_TOKENS = 1_000_000;
    /** How much of a bad token an error message repeats. */
    public static final int QUOTED_PREFIX = 40;

    private RequestJson() {
    }

    /**
     * How large and how precise a number a request may carry.
     *
     * @param maxDigits significant digits (34 is a decimal128's precision, which FEEL computes in)
     * @param maxScale  largest power of ten, up or down: {@code 1e64} and {@code 1e-64} pass at 64, {@code 1e65} not
     */
    public record NumberLimits(int maxDigits, int maxScale) {
        public static final NumberLimits DEFAULT = new NumberLimits(34, 64);

        public NumberLimits {
            if (maxDigits < 1 || maxDigits > MAX_NUMBER_LENGTH || maxScale < 0 || maxScale > 10_000) {
                throw new IllegalArgumentException("number limits must be 1-" + MAX_NUMBER_LENGTH
                        + " digits and a scale of 0-10000, got " + maxDigits + " digits and scale " + maxScale);
            }
        }
    }

    /** A number in a request that is outside {@link NumberLimits}; names the field. */
    public static final class NumberOutOfRangeException extends JsonParseException {
        private final String field;
        private final String problem;

        NumberOutOfRangeException(JsonParser parser, String field, String problem) {
            super(parser, (field == null ? "a number" : "field '" + field + "'") + ": " + problem);
            this.field = field;
            this.problem = problem;
        }

        /** The field's path, e.g. {@code customer.orders[2].amount}; null for a number that is the whole body. */
        public String field() {
            return field;
        }

        public String problem() {
            return problem;
        }
    }

    /** Reads {@code json} as {@code type} with {@code mapper}, refusing numbers outside {@code limits}. */
    public static <T> T read(ObjectMapper mapper, byte[] json, Class<T> type, NumberLimits limits) throws IOException {
        try (JsonParser parser = new BoundedNumbers(mapper.getFactory().createParser(json), limits)) {
            return mapper.readValue(parser, type);
        }
    }

    /** The path of the value the parser is at, as the API names fields: {@code customer.orders[2].amount}. */
    public static String fieldAt(JsonParser parser) {
        return fieldAt(parser.getParsingContext());
    }

    /** The path of a place in a JSON text, from its parsing context; null for the top level. */
    public static String fieldAt(JsonStreamContext at) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext context = at; context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inObject() && context.getCurrentName() != null) {
                parts.addFirst("." + context.getCurrentName());
            } else if (context.inArray()) {
                parts.addFirst("[" + Math.max(context.getCurrentIndex(), 0) + "]");
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? null : path.startsWith(".") ? path.substring(1) : path;
    }

    /** At most {@link #QUOTED_PREFIX} characters of a value a client sent, for an error message. */
    public static String quoted(Object value) {
        String text = String.valueOf(value);
        return text.length() <= QUOTED_PREFIX ? text : text.substring(0, QUOTED_PREFIX) + "… (" + text.length()
                + " characters)";
    }

    /** A new strict mapper; callers keep one and share it (mappers are thread-safe once configured). */
    public static JsonMapper strictMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxTokenCount(MAX_TOKENS)
                        .build())
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(QUOTED_PREFIX)
                        .maxRawContentLength(QUOTED_PREFIX)
                        .build())
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
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

    /**
     * A parser that checks every number's digits and scale as it meets it, from the number's text: before Jackson or
     * anything after it makes a BigDecimal of it, let alone prints one.
     */
    static final class BoundedNumbers extends JsonParserDelegate {
        private final NumberLimits limits;

        BoundedNumbers(JsonParser parser, NumberLimits limits) {
            super(parser);
            this.limits = limits;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = delegate.nextToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                check();
            }
            return token;
        }

        // Jackson's shortcuts that advance the parser would pass numbers by the check: all go through nextToken.
        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken token = nextToken();
            return token == JsonToken.FIELD_NAME ? nextToken() : token;
        }

        @Override
        public String nextFieldName() throws IOException {
            return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
        }

        @Override
        public boolean nextFieldName(SerializableString name) throws IOException {
            return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(currentName());
        }

        @Override
        public String nextTextValue() throws IOException {
            return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
        }

        @Override
        public int nextIntValue(int defaultValue) throws IOException {
            return nextToken() == JsonToken.VALUE_NUMBER_INT ? getIntValue() : defaultValue;
        }

        @Override
        public long nextLongValue(long defaultValue) throws IOException {
            return nextToken() == JsonToken.VALUE_NUMBER_INT ? getLongValue() : defaultValue;
        }

        @Override
        public Boolean nextBooleanValue() throws IOException {
            JsonToken token = nextToken();
            return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
        }

        private void check() throws IOException {
            char[] text = delegate.getTextCharacters();
            int start = delegate.getTextOffset();
            int end = start + delegate.getTextLength();
            int at = start;
            if (at < end && (text[at] == '-' || text[at] == '+')) {
                at++;
            }
            int significant = 0;
            int fractionDigits = 0;
            boolean leading = true;
            boolean fraction = false;
            for (; at < end && text[at] != 'e' && text[at] != 'E'; at++) {
                char c = text[at];
                if (c == '.') {
                    fraction = true;
                    continue;
                }
                if (fraction) {
                    fractionDigits++;
                }
                if (c != '0' || !leading) {
                    leading = false;
                    significant++;
                }
            }
            long exponent = 0;
            if (at < end) {
                at++;
                boolean negative = at < end && text[at] == '-';
                if (at < end && (text[at] == '-' || text[at] == '+')) {
                    at++;
                }
                for (; at < end; at++) {
                    exponent = Math.min(exponent * 10 + (text[at] - '0'), Integer.MAX_VALUE);
                }
                exponent = negative ? -exponent : exponent;
            }
            long scale = fractionDigits - exponent;
            String number = quoted(new String(text, start, end - start));
            if (significant > limits.maxDigits()) {
                throw new NumberOutOfRangeException(delegate, fieldAt(delegate), number + " has " + significant
                        + " significant digits; at most " + limits.maxDigits() + " are accepted");
            }
            if (Math.abs(scale) > limits.maxScale()) {
                throw new NumberOutOfRangeException(delegate, fieldAt(delegate), number + " is out of range: "
                        + "numbers from 1e-" + limits.maxScale() + " to 1e" + limits.maxScale() + " are accepted");
            }
        }
    }
}
