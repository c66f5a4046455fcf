package dev.decisioning.ruletests;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.decisioning.ruletests.ScenarioFile.InvalidScenarioFile;
import dev.decisioning.ruletests.ScenarioFile.Scenario;
import dev.decisioning.server.DecisioningServer;
import dev.decisioning.server.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every scenario file of every rule set folder in this module ({@code retail-loyalty/*.yaml} and so on), one dynamic
 * test per case, each sent over HTTP to the server as it really starts: the same rules directory, router, JSON
 * mapper and error handling a client meets, so a passing suite says the deployed service answers as the policy says.
 */
class RuleScenariosTest {
    /** Maven runs tests from the module directory; the rule sets sit beside it. */
    private static final Path RULES = Path.of("..", "rules");
    /** Each sub-folder of the module directory, other than these, holds the scenarios of the rule set it is named after. */
    private static final Path SCENARIOS = Path.of("");
    private static final Set<String> NOT_SCENARIO_FOLDERS = Set.of("src", "target");
    /**
     * Every customer decision computes metrics in DRL and decides in the DMN model, so an answer whose explanation
     * lacks either is not explaining itself, whatever the case is about.
     */
    private static final List<String> ALWAYS_EXPLAINED = List.of("customer-decision.dmn", "customer-metrics.drl");
    private static final long TIMEOUT_SECONDS = 60;

    // Decimals go out as the scenario wrote them (500.00, not 5E+2) and come back exact.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static Vertx vertx;
    private static WebClient client;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        port = freePort();
        DecisioningServer.start(vertx, new ServerSettings(RULES, port, 1)).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (vertx != null) {
            vertx.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @TestFactory
    Stream<DynamicNode> scenarios() throws IOException {
        List<Path> files = scenarioFiles();
        if (files.isEmpty()) {
            // Without this an empty or misplaced suite would pass by running nothing.
            return Stream.of(dynamicTest("scenario files", () -> fail("no *.yaml scenario files in the rule set folders under "
                    + SCENARIOS.toAbsolutePath())));
        }
        return files.stream().map(RuleScenariosTest::fileNode);
    }

    private static DynamicNode fileNode(Path path) {
        String fileName = path.getFileName().toString();
        // No test source URIs pointing at the YAML lines: with them Surefire (3.5) reports 0 tests run.
        ScenarioFile file;
        try {
            file = ScenarioFile.load(path);
        } catch (InvalidScenarioFile e) {
            return dynamicTest(fileName, () -> fail(e.getMessage()));
        }
        return dynamicContainer(fileName, file.cases().stream().map(scenario ->
                dynamicTest(fileName + " › " + scenario.name(), () -> run(file, scenario))));
    }

    private static void run(ScenarioFile file, Scenario scenario) throws Exception {
        String uri = "/api/v1/decisions/" + file.ruleset();
        String body = JSON.writeValueAsString(scenario.given());
        HttpResponse<Buffer> response = client.post(port, "127.0.0.1", uri)
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body))
                .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String header = file.path() + " line " + scenario.line() + ", case '" + scenario.name() + "'\n"
                + "request: POST " + uri + "\n" + pretty(scenario.given()) + "\n";
        if (response.statusCode() != 200) {
            fail(header + "answer: HTTP " + response.statusCode() + ", expected 200\n" + response.bodyAsString());
        }
        JsonNode answer = JSON.readTree(response.bodyAsString());

        List<String> problems = new ArrayList<>();
        if (!answer.path("ruleset").path("version").isTextual() || answer.path("ruleset").path("version").asText().isBlank()) {
            problems.add("ruleset.version: expected a version, actual " + answer.path("ruleset").get("version"));
        }
        for (String ruleFile : ALWAYS_EXPLAINED) {
            if (answer.path("explanation").findValues("file").stream().noneMatch(f -> f.asText().equals(ruleFile))) {
                problems.add("explanation: expected an entry with file " + ruleFile + ", actual none");
            }
        }
        AnswerComparator.compare(scenario.expect(), answer).forEach(m -> problems.add(m.toString()));
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder(header).append("mismatches:\n");
            problems.forEach(p -> message.append("  - ").append(p).append('\n'));
            message.append("answer explanation:\n");
            answer.path("explanation").forEach(e -> message.append("  - ").append(e).append('\n'));
            fail(message.toString());
        }
    }

    private static List<Path> scenarioFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> folders = Files.list(SCENARIOS)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                if (name.startsWith(".") || NOT_SCENARIO_FOLDERS.contains(name)) {
                    continue;
                }
                try (Stream<Path> yaml = Files.list(folder)) {
                    yaml.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                            .forEach(files::add);
                }
            }
        }
        return files;
    }

    private static String pretty(JsonNode node) {
        try {
            return JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
