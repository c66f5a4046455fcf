package dev.decisioning.ruletests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisioning.engine.scenarios.CaseResult;
import dev.decisioning.engine.scenarios.Coverage;
import dev.decisioning.engine.scenarios.ReportFiles;
import dev.decisioning.engine.scenarios.ScenarioReport;
import dev.decisioning.engine.scenarios.ScenarioText;
import dev.decisioning.engine.scenarios.SuiteProblem;
import dev.decisioning.server.DecisioningServer;
import dev.decisioning.server.settings.ScenarioSuitesDirectory;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every scenario file of every rule set folder in this module ({@code retail-loyalty/*.yaml}, {@code *.csv},
 * {@code *.scesim}), one dynamic test per case, run by the server as it really starts: each rule set's stored suites
 * through {@code POST /api/v1/rulesets/{name}/test}, with the same router, JSON mapper and error handling a client
 * meets. Writes each rule set's coverage report to {@code target/coverage/<ruleset>/} and, with
 * {@code -DminCoverage=90}, fails when a rule set's coverage is below it.
 */
class RuleScenariosTest {
    /** Maven runs tests from the module directory; the rule sets sit beside it. */
    private static final Path RULES = Path.of("..", "rules");
    /** Each sub-folder of the module directory, other than these, holds the scenarios of the rule set it is named after. */
    private static final Path SUITES = Path.of("").toAbsolutePath();
    private static final Set<String> NOT_SCENARIO_FOLDERS = Set.of("src", "target");
    private static final Path COVERAGE = Path.of("target", "coverage");
    private static final String MIN_COVERAGE = "minCoverage";
    private static final long TIMEOUT_SECONDS = 300;
    /** Running suites over HTTP takes a token: the tester's, as QA's CI would hold it. */
    private static final String TESTER_TOKEN = "rule-tests-tester";

    private static Vertx vertx;
    private static WebClient client;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        // The server finds each rule set's stored suites under this module, as it would under rule-tests/ in production.
        System.setProperty(ScenarioSuitesDirectory.PROPERTY, SUITES.toString());
        vertx = Vertx.vertx();
        port = freePort();
        DecisioningServer.start(vertx, new ServerSettings(RULES, port, 1).withTesterToken(TESTER_TOKEN))
                .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stopServer() throws Exception {
        System.clearProperty(ScenarioSuitesDirectory.PROPERTY);
        if (vertx != null) {
            vertx.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @TestFactory
    Stream<DynamicNode> scenarios() throws Exception {
        List<String> ruleSets = ruleSetFolders();
        if (ruleSets.isEmpty()) {
            // Without this an empty or misplaced suite would pass by running nothing.
            return Stream.of(dynamicTest("scenario files", () -> fail("no rule set folders with scenario files under " + SUITES)));
        }
        List<DynamicNode> nodes = new ArrayList<>();
        for (String ruleSet : ruleSets) {
            nodes.addAll(run(ruleSet));
        }
        return nodes.stream();
    }

    /** One rule set's suites, run by the server: a container per file, a test per case, then its coverage. */
    private static List<DynamicNode> run(String ruleSet) throws Exception {
        HttpResponse<Buffer> response = client.post(port, "127.0.0.1", "/api/v1/rulesets/" + ruleSet + "/test")
                .putHeader("Authorization", "Bearer " + TESTER_TOKEN)
                .send().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            String body = response.bodyAsString();
            return List.of(dynamicTest(ruleSet, () -> fail("POST /api/v1/rulesets/" + ruleSet + "/test answered HTTP "
                    + response.statusCode() + ", expected 200\n" + body)));
        }
        ScenarioReport report = ReportFiles.read(response.bodyAsString());
        ReportFiles.write(report, COVERAGE.resolve(ruleSet));

        Map<String, List<DynamicNode>> byFile = new LinkedHashMap<>();
        for (SuiteProblem problem : report.problems()) {
            byFile.computeIfAbsent(problem.file(), f -> new ArrayList<>())
                    .add(dynamicTest(problem.file(), () -> fail(ruleSet + "/" + problem)));
        }
        for (CaseResult result : report.cases()) {
            byFile.computeIfAbsent(result.file(), f -> new ArrayList<>())
                    .add(dynamicTest(ScenarioText.title(result), () -> check(ruleSet, result, report.coverage())));
        }
        List<DynamicNode> nodes = new ArrayList<>();
        byFile.forEach((file, tests) -> nodes.add(dynamicContainer(file, tests)));
        nodes.add(coverageTest(ruleSet, report.coverage()));
        return nodes;
    }

    private static void check(String ruleSet, CaseResult result, Coverage coverage) {
        List<String> problems = new ArrayList<>();
        if (CaseResult.DECISION.equals(result.kind()) && result.actual() != null) {
            JsonNode version = result.actual().path("ruleset").path("version");
            if (!version.isIntegralNumber() || version.asInt() < 1) {
                problems.add("ruleset.version: expected a version number, actual " + version);
            }
            // A customer decision derives metrics in DRL and decides in DMN: an answer whose explanation lacks
            // either kind of file is not explaining itself, whatever the case is about.
            for (String kind : List.of("drl", "dmn")) {
                List<String> files = coverage.files().stream().filter(f -> f.kind().equals(kind))
                        .map(Coverage.FileCoverage::file).toList();
                if (!files.isEmpty() && result.explanation().stream().noneMatch(e -> files.contains(e.file()))) {
                    problems.add("explanation: expected an entry from " + files + ", actual none");
                }
            }
        }
        if (!result.passed() || !problems.isEmpty()) {
            StringBuilder message = new StringBuilder(ruleSet).append('/').append(ScenarioText.failure(result));
            problems.forEach(p -> message.append("  - ").append(p).append('\n'));
            fail(message.toString());
        }
    }

    private static DynamicTest coverageTest(String ruleSet, Coverage coverage) {
        String threshold = System.getProperty(MIN_COVERAGE);
        String figures = coverage.covered() + "/" + coverage.total() + " rules and rows, "
                + ScenarioText.percent(coverage.percentage());
        return dynamicTest("coverage › " + ruleSet + ": " + figures, () -> {
            if (threshold == null || threshold.isBlank()) {
                return;
            }
            double minimum = Double.parseDouble(threshold.trim());
            if (!coverage.reaches(minimum)) {
                fail(ruleSet + ": coverage " + figures + " is below the minimum " + ScenarioText.percent(minimum)
                        + " (-D" + MIN_COVERAGE + "); never used by any case:\n  - "
                        + String.join("\n  - ", coverage.uncovered()) + "\nreport: "
                        + COVERAGE.resolve(ruleSet).resolve(ReportFiles.REPORT_HTML).toAbsolutePath());
            }
        });
    }

    private static List<String> ruleSetFolders() throws IOException {
        List<String> folders = new ArrayList<>();
        try (Stream<Path> entries = Files.list(SUITES)) {
            for (Path folder : entries.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                if (!name.startsWith(".") && !NOT_SCENARIO_FOLDERS.contains(name)) {
                    folders.add(name);
                }
            }
        }
        return folders;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
