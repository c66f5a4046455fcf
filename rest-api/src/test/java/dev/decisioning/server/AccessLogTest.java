package dev.decisioning.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisioning.server.ops.AccessLog;
import dev.decisioning.server.ops.LogLineEncoder;
import dev.decisioning.server.ops.RequestIds;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request ids (taken from the caller, from a W3C traceparent, or made; answered on every response) and the access
 * log's one line per request, on a really started server.
 */
@WithServer(ruleSets = "retail-loyalty")
class AccessLogTest {
    static final Duration WITHIN = Duration.ofSeconds(5);
    static final String HEX32 = "[0-9a-f]{32}";

    @WithServer.Inject
    static WebClient client;
    static LogCapture access;

    @BeforeAll
    static void capture() {
        access = LogCapture.of(AccessLog.LOGGER);
    }

    @AfterAll
    static void release() {
        access.close();
    }

    static HttpResponse<Buffer> decide(String requestId, String traceparent, String body) {
        var request = client.post("/api/v1/decisions/retail-loyalty").putHeader("content-type", "application/json");
        if (requestId != null) {
            request.putHeader(RequestIds.HEADER, requestId);
        }
        if (traceparent != null) {
            request.putHeader(RequestIds.TRACEPARENT, traceparent);
        }
        return request.sendBuffer(Buffer.buffer(body)).await();
    }

    static ILoggingEvent lineOf(String requestId) throws InterruptedException {
        return access.await(event -> requestId.equals(LogCapture.value(event, "requestId")), WITHIN);
    }

    @Test
    @DisplayName("a decision: the caller's id answered, and one line with method, path, status, time, id, rule set and version")
    void decisionLine() throws Exception {
        HttpResponse<Buffer> answer = decide("order-7781.a", null, RuleFiles.customerWhoSpent450());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.getHeader(RequestIds.HEADER)).isEqualTo("order-7781.a");
        ILoggingEvent line = lineOf("order-7781.a");
        assertThat(line.getFormattedMessage()).matches("POST /api/v1/decisions/retail-loyalty 200 \\d+\\.\\d ms "
                + "requestId=order-7781\\.a ruleset=retail-loyalty version=1");
        assertThat(LogCapture.value(line, "status")).isEqualTo(200);
        assertThat(LogCapture.value(line, "version")).isEqualTo(1);
        assertThat((Double) LogCapture.value(line, "durationMs")).isPositive();

        // The same line as JSON, as --log-format=json writes it.
        JsonNode json = new ObjectMapper().readTree(new String(LogLineEncoderAccess.json(line), StandardCharsets.UTF_8));
        assertThat(json.get("logger").asText()).isEqualTo("access");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("message").asText()).isEqualTo(line.getFormattedMessage());
        assertThat(json.get("method").asText()).isEqualTo("POST");
        assertThat(json.get("path").asText()).isEqualTo("/api/v1/decisions/retail-loyalty");
        assertThat(json.get("status").asInt()).isEqualTo(200);
        assertThat(json.get("durationMs").isNumber()).isTrue();
        assertThat(json.get("requestId").asText()).isEqualTo("order-7781.a");
        assertThat(json.get("ruleset").asText()).isEqualTo("retail-loyalty");
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    }

    @Test
    @DisplayName("no id, or one too long or with unsafe characters: a new 32-hex id; a traceparent: its trace id")
    void idsChosen() throws Exception {
        String made = decide(null, null, RuleFiles.customerWhoSpent450()).getHeader(RequestIds.HEADER);
        assertThat(made).matches(HEX32);
        String unsafe = decide("a b\tc", null, RuleFiles.customerWhoSpent450()).getHeader(RequestIds.HEADER);
        assertThat(unsafe).matches(HEX32);
        String tooLong = decide("x".repeat(RequestIds.MAX_LENGTH + 1), null, RuleFiles.customerWhoSpent450())
                .getHeader(RequestIds.HEADER);
        assertThat(tooLong).matches(HEX32);
        assertThat(decide("x".repeat(RequestIds.MAX_LENGTH), null, RuleFiles.customerWhoSpent450())
                .getHeader(RequestIds.HEADER)).isEqualTo("x".repeat(RequestIds.MAX_LENGTH));
        String traced = decide(null, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                RuleFiles.customerWhoSpent450()).getHeader(RequestIds.HEADER);
        assertThat(traced).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        // A usable X-Request-Id wins over the traceparent; a broken traceparent is no id.
        assertThat(decide("mine", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                RuleFiles.customerWhoSpent450()).getHeader(RequestIds.HEADER)).isEqualTo("mine");
        assertThat(decide(null, "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                RuleFiles.customerWhoSpent450()).getHeader(RequestIds.HEADER)).matches(HEX32)
                .isNotEqualTo("00000000000000000000000000000000");
        lineOf(made);
        lineOf(traced);
    }

    @Test
    @DisplayName("errors carry the id too, and their line names the error code and the rule set of the path")
    void errorsCarryTheId() throws Exception {
        HttpResponse<Buffer> refused = decide("refused-1", null, "{\"customer\": {\"id\": \"c-1\", \"loyaltyPoints\": 5}}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.getHeader(RequestIds.HEADER)).isEqualTo("refused-1");
        assertThat(lineOf("refused-1").getFormattedMessage()).matches("POST /api/v1/decisions/retail-loyalty 400 "
                + "\\d+\\.\\d ms requestId=refused-1 ruleset=retail-loyalty error=invalid_request");

        HttpResponse<Buffer> unknown = client.post("/api/v1/decisions/no-such-rules").putHeader(RequestIds.HEADER,
                "unknown-1").sendBuffer(Buffer.buffer("{}")).await();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.getHeader(RequestIds.HEADER)).isEqualTo("unknown-1");
        assertThat(lineOf("unknown-1").getFormattedMessage())
                .endsWith("requestId=unknown-1 ruleset=no-such-rules error=unknown_ruleset");

        HttpResponse<Buffer> noRoute = client.get("/no/such/endpoint").putHeader(RequestIds.HEADER, "route-1").send()
                .await();
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(noRoute.getHeader(RequestIds.HEADER)).isEqualTo("route-1");
        assertThat(lineOf("route-1").getFormattedMessage()).matches("GET /no/such/endpoint 404 \\d+\\.\\d ms "
                + "requestId=route-1 error=not_found");

        HttpResponse<Buffer> health = client.get("/health/live").putHeader(RequestIds.HEADER, "probe-1").send().await();
        assertThat(health.getHeader(RequestIds.HEADER)).isEqualTo("probe-1");
        assertThat(lineOf("probe-1").getFormattedMessage()).startsWith("GET /health/live 200 ");
    }

    @Test
    @DisplayName("a rule set name sent with a line break does not start a log line of its own")
    void pathsCannotForgeLines() throws Exception {
        client.post("/api/v1/decisions/evil%0AINFO%20forged").putHeader(RequestIds.HEADER, "forge-1")
                .sendBuffer(Buffer.buffer("{}")).await();
        assertThat(lineOf("forge-1").getFormattedMessage()).doesNotContain("\n").contains("ruleset=evil?INFO?forged");
    }

    /** The encoder's JSON line, whatever the format this JVM writes. */
    static final class LogLineEncoderAccess {
        static byte[] json(ILoggingEvent event) {
            boolean wasJson = LogLineEncoder.json();
            LogLineEncoder encoder = new LogLineEncoder();
            encoder.setContext(((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("access"))
                    .getLoggerContext());
            encoder.setPattern("%msg%n");
            encoder.start();
            try {
                LogLineEncoder.useJson(true);
                return encoder.encode(event);
            } finally {
                LogLineEncoder.useJson(wasJson);
                encoder.stop();
            }
        }
    }
}
