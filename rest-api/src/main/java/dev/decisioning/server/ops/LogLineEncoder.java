package dev.decisioning.server.ops;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.KeyValuePair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The server's log lines, in one of two formats chosen at start (see {@code --log-format}): text, by the pattern
 * configured in {@code logback.xml}, or one JSON object a line, for log collectors:
 * <pre>{"time":"2026-12-05T10:00:00.123Z","level":"INFO","logger":"access","thread":"vert.x-eventloop-thread-1",
 *  "message":"POST /api/v1/decisions/retail-loyalty 200 3.1 ms ...","method":"POST",...}</pre>
 * A line's key-value pairs (SLF4J's {@code addKeyValue}) become fields of its object; the text format leaves them
 * out, its message says the same. A stack trace is the {@code exception} field.
 * <p>
 * The format is the environment's {@value #ENV} when the logging starts, until {@link #useJson(boolean)} says
 * otherwise.
 */
public final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
    /** The environment variable that chooses the format: {@code text} or {@code json}. */
    public static final String ENV = "DECISIONING_LOG_FORMAT";
    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> FIELDS = List.of("time", "level", "logger", "thread", "message", "exception");
    private static volatile boolean json = "json".equalsIgnoreCase(System.getenv(ENV));

    private final PatternLayout layout = new PatternLayout();
    private String pattern;

    /** Writes every line from now on as JSON ({@code true}) or as text. */
    public static void useJson(boolean useJson) {
        json = useJson;
    }

    /** Whether lines are written as JSON. */
    public static boolean json() {
        return json;
    }

    /** The text format's pattern (logback's {@code PatternLayout}). */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        layout.setContext(getContext());
        layout.setPattern(pattern);
        layout.start();
        super.start();
    }

    @Override
    public void stop() {
        layout.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return json ? jsonLine(event) : layout.doLayout(event).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] jsonLine(ILoggingEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            out.writeStringField("level", event.getLevel().toString());
            out.writeStringField("logger", event.getLoggerName());
            out.writeStringField("thread", event.getThreadName());
            out.writeStringField("message", event.getFormattedMessage());
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                Set<String> written = new HashSet<>(FIELDS);
                for (KeyValuePair pair : pairs) {
                    if (pair.key != null && pair.value != null && written.add(pair.key)) {
                        out.writeFieldName(pair.key);
                        writeValue(out, pair.value);
                    }
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                out.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static void writeValue(JsonGenerator out, Object value) throws IOException {
        if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d && Double.isFinite(d)) {
            out.writeNumber(d);
        } else if (value instanceof BigDecimal d) {
            out.writeNumber(d);
        } else if (value instanceof Iterable<?> values) {
            out.writeStartArray();
            for (Object each : values) {
                if (each == null) {
                    out.writeNull();
                } else {
                    writeValue(out, each);
                }
            }
            out.writeEndArray();
        } else {
            out.writeString(String.valueOf(value));
        }
    }
}
