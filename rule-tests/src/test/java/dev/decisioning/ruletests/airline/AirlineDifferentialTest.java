package dev.decisioning.ruletests.airline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.decisioning.server.DecisioningServer;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The bundled {@code airline-loyalty} rule set against {@link AirlinePolicy}, a second implementation of the same
 * policy text in plain Java: every boundary member of {@link AirlineMembers#boundary()} and random members from a
 * seeded generator are posted to {@code POST /api/v1/decisions/airline-loyalty} of a really started server, and every
 * answer field (metrics, segments, churnRisk, journeyStage, loyaltyTier, offers, serviceLevel, routing, memberId) is
 * compared with the reference, numbers by value.
 *
 * <p>{@code -Dairline.members=N} sets the number of random members (300 by default; the full run is 5,000), and
 * {@code -Dairline.seed=S} the seed (a failing random member is reproduced by the same seed and count):
 * <pre>
 * mvn -pl rule-tests test -Dtest=AirlineDifferentialTest -Dairline.members=5000
 * </pre>
 * Without the rule set among the bundled ones (the server answers 404 {@code unknown_ruleset}), the factory yields a
 * single skipped test that says so.
 */
class AirlineDifferentialTest {
    private static final Path RULES = Path.of("..", "rules");
    private static final String RULE_SET = "airline-loyalty";
    private static final String DECISIONS = "/api/v1/decisions/" + RULE_SET;
    private static final long TIMEOUT_SECONDS = 300;
    private static final int DEFAULT_MEMBERS = 300;
    private static final long DEFAULT_SEED = 20261122L;

    /** Numbers exact (BigDecimal), and written plainly in failure messages. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private static final AirlinePolicy POLICY = new AirlinePolicy();

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
    Stream<DynamicTest> airlineLoyaltyAgainstTheReference() throws Exception {
        String missing = ruleSetMissing();
        if (missing != null) {
            return Stream.of(dynamicTest(RULE_SET + " rule set", () -> assumeTrue(false, missing)));
        }
        long seed = Long.getLong("airline.seed", DEFAULT_SEED);
        int count = Integer.getInteger("airline.members", DEFAULT_MEMBERS);
        List<AirlineMembers.Member> members = new ArrayList<>(AirlineMembers.boundary());
        members.addAll(AirlineMembers.random(seed, count));
        return members.stream().map(m -> dynamicTest(m.name(), () -> check(m, seed)));
    }

    /**
     * Why there is nothing to compare with, or null: the rule set is not among the bundled ones. A rule set that is
     * there but answers badly is not skipped: each member's test fails and says how.
     */
    private static String ruleSetMissing() throws Exception {
        HttpResponse<Buffer> described = client.get(port, "127.0.0.1", "/api/v1/rulesets/" + RULE_SET)
                .send().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        HttpResponse<Buffer> decided = post(AirlineMembers.base().build());
        for (HttpResponse<Buffer> response : List.of(described, decided)) {
            if (response.statusCode() == 404 && "unknown_ruleset".equals(errorCode(response))) {
                return "the " + RULE_SET + " rule set is not among the bundled rule sets in " + RULES.normalize()
                        + " (the server answers 404 unknown_ruleset): nothing to compare the reference with yet";
            }
        }
        return null;
    }

    private static void check(AirlineMembers.Member member, long seed) throws Exception {
        JsonNode request = member.request();
        JsonNode expected = POLICY.decide(request).toJson();
        HttpResponse<Buffer> response = post(request);
        if (response.statusCode() != 200) {
            fail(member.name() + ": " + DECISIONS + " answered HTTP " + response.statusCode() + ", expected 200\n"
                    + "answer: " + response.bodyAsString() + "\n" + "request:\n" + pretty(request)
                    + (member.name().startsWith("random") ? "\nseed: " + seed : ""));
        }
        JsonNode actual = JSON.readTree(response.bodyAsString());
        List<String> differences = AnswerDiff.of(expected, actual);
        if (!differences.isEmpty()) {
            StringBuilder message = new StringBuilder(member.name()).append(": the answer differs from the reference");
            if (member.name().startsWith("random")) {
                message.append(" (seed ").append(seed).append(')');
            }
            message.append('\n');
            differences.forEach(d -> message.append("  - ").append(d).append('\n'));
            message.append("request:\n").append(pretty(request)).append('\n')
                    .append("expected (reference):\n").append(pretty(expected)).append('\n')
                    .append("actual (server):\n").append(pretty(actual)).append('\n');
            fail(message.toString());
        }
    }

    private static HttpResponse<Buffer> post(JsonNode request) throws Exception {
        return client.post(port, "127.0.0.1", DECISIONS)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(JSON.writeValueAsBytes(request)))
                .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static String errorCode(HttpResponse<Buffer> response) {
        try {
            return JSON.readTree(response.bodyAsString()).path("error").path("code").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String pretty(JsonNode node) {
        try {
            return JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (IOException e) {
            return String.valueOf(node);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
