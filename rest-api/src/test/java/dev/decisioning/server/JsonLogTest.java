package dev.decisioning.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code DECISIONING_LOG_FORMAT=json}: every line the server process writes, from start to exit, is one JSON object. */
class JsonLogTest {
    static final Duration WITHIN = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    @DisplayName("start-up, Drools' compile, access and shutdown lines are JSON objects, details as fields")
    void everyLineIsJson() throws Exception {
        Path rules = work.resolve("rules");
        TestServer.copyRuleSets(TestServer.TEST_RULES.resolve("discount-only"), rules.resolve("discount-only"));
        // A rule set that does not compile: Drools logs its errors too, through the same log.
        TestServer.copyRuleSets(TestServer.TEST_RULES.resolve("broken-dmn"), rules.resolve("broken-dmn"));
        int port = TestServer.port();
        ServerProcess.Ended ended;
        try (ServerProcess server = ServerProcess.start(Map.of("DECISIONING_LOG_FORMAT", "json"),
                "--rules", rules.toString(), "--data", work.resolve("data").toString(), "--port", String.valueOf(port))) {
            server.awaitServing(port, WITHIN);
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/rulesets/discount-only/evaluate"))
                    .header("X-Request-Id", "json-log-1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": {\"amount\": 150}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            server.terminate();
            ended = server.awaitExit(WITHIN);
        }

        assertThat(ended.exitCode()).as(ended.output()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : ended.lines()) {
            if (!line.isBlank()) {
                JsonNode node = readObject(json, line, ended.output());
                assertThat(node.fieldNames()).toIterable().contains("time", "level", "logger", "thread", "message");
                lines.add(node);
            }
        }
        JsonNode starting = find(lines, "dev.decisioning.server.DecisioningServer", "starting decisioning-server");
        assertThat(starting.get("port").asInt()).isEqualTo(port);
        JsonNode serving = find(lines, "dev.decisioning.server.DecisioningServer", "serving 2 rule set(s)");
        assertThat(serving.get("ruleSets")).hasSize(2);
        JsonNode access = find(lines, "access", "POST /api/v1/rulesets/discount-only/evaluate 200");
        assertThat(access.get("requestId").asText()).isEqualTo("json-log-1");
        assertThat(access.get("ruleset").asText()).isEqualTo("discount-only");
        assertThat(access.get("version").asInt()).isEqualTo(1);
        assertThat(access.get("status").asInt()).isEqualTo(200);
        assertThat(access.get("durationMs").isNumber()).isTrue();
        find(lines, "dev.decisioning.server.GracefulShutdown", "stopped after");
        // The failed compile: a line per error, with its file.
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.get("level").asText()).isEqualTo("WARN");
            assertThat(line.path("ruleset").asText()).isEqualTo("broken-dmn");
            assertThat(line.path("file").asText()).endsWith(".dmn");
        });
    }

    private static JsonNode readObject(ObjectMapper json, String line, String output) {
        try {
            JsonNode node = json.readTree(line);
            assertThat(node.isObject()).as("a JSON object: " + line).isTrue();
            return node;
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line + "\nin:\n" + output, e);
        }
    }

    private static JsonNode find(List<JsonNode> lines, String logger, String message) {
        return lines.stream().filter(line -> line.get("logger").asText().equals(logger)
                        && line.get("message").asText().contains(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no line of " + logger + " with '" + message + "' in " + lines));
    }
}
