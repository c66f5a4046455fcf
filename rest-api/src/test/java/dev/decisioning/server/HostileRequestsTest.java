package dev.decisioning.server;

import dev.decisioning.engine.ExecutionBudget;
import dev.decisioning.engine.ExecutionBudgets;
import dev.decisioning.server.settings.ServerLimits;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests anyone can send, sent as an attacker would, against a really started server: none may stop it, slow
 * others down, or make it repeat megabytes back.
 */
@WithServer(adminToken = HostileRequestsTest.TOKEN, testerToken = HostileRequestsTest.TESTER,
        setup = HostileRequestsTest.SpinningModelWithABudget.class)
class HostileRequestsTest {
    static final String TOKEN = "hostile-admin";
    static final String TESTER = "hostile-tester";
    /** A decision whose FEEL loops for minutes without taking a step the engine could count. */
    static final String SPIN_MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="_spin" name="spin"
                         namespace="https://decisioning.dev/test/spin">
              <inputData id="_n" name="n"><variable name="n" typeRef="number"/></inputData>
              <decision id="_total" name="total">
                <variable name="total"/>
                <informationRequirement><requiredInput href="#_n"/></informationRequirement>
                <literalExpression><text>count(for i in 1..n return i)</text></literalExpression>
              </decision>
            </definitions>
            """;
    static final String CUSTOMER = """
            {"customer": {"id": "c-1", "orders": [{"id": "o1", "date": "2026-10-01", "amount": %s}]},
             "context": {"now": "2026-11-22T10:00:00Z"}}""";

    @WithServer.Inject
    static WebClient client;

    /** Rule set {@code spin} beside the others, with a budget of 300 ms. */
    static final class SpinningModelWithABudget implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) throws Exception {
            Files.createDirectories(server.rulesDirectory().resolve("spin"));
            Files.writeString(server.rulesDirectory().resolve("spin").resolve("spin.dmn"), SPIN_MODEL);
            ExecutionBudgets budgets = new ExecutionBudgets(ExecutionBudget.DEFAULT,
                    Map.of("spin", new ExecutionBudget(Duration.ofMillis(300), 100_000)));
            server.settings(settings -> settings.withLimits(ServerLimits.DEFAULT.withBudgets(budgets)));
        }
    }

    static HttpResponse<Buffer> post(String path, String body) {
        return client.post(path).putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body)).await();
    }

    static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }

    @Test
    @DisplayName("a number with a huge exponent is refused at once naming its field, and others are not held up")
    void hugeExponentsAreRefusedNamingTheField() {
        long started = System.nanoTime();
        List<Future<HttpResponse<Buffer>>> attacks = new ArrayList<>();
        for (String number : new String[] {"1e1000000", "1e-100000", "0e-100000", "12345678901234567890123456789012345"}) {
            attacks.add(client.post("/api/v1/decisions/retail-loyalty").putHeader("content-type", "application/json")
                    .sendBuffer(Buffer.buffer(CUSTOMER.formatted(number))));
        }
        HttpResponse<Buffer> health = client.get("/health").send().await();
        for (Future<HttpResponse<Buffer>> attack : attacks) {
            HttpResponse<Buffer> response = attack.await();
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
            assertThat(error(response).getString("code")).isEqualTo("invalid_request");
            assertThat(error(response).getJsonArray("details").getJsonObject(0).getString("field"))
                    .isEqualTo("customer.orders[0].amount");
        }
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(error(post("/api/v1/decisions/retail-loyalty", CUSTOMER.formatted("1e1000000"))).getString("message"))
                .isEqualTo("field 'customer.orders[0].amount': 1e1000000 is out of range: numbers from 1e-64 to 1e64 "
                        + "are accepted");
        assertThat(post("/api/v1/decisions/retail-loyalty", CUSTOMER.formatted("120.50")).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("an out-of-range whole number names its field instead of calling the body malformed")
    void outOfRangeWholeNumberNamesItsField() {
        HttpResponse<Buffer> response = post("/api/v1/decisions/retail-loyalty", """
                {"customer": {"id": "c-1", "sessionsLast30Days": 99999999999}}""");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).getString("code")).isEqualTo("invalid_request");
        assertThat(error(response).getJsonArray("details").getJsonObject(0).getString("field"))
                .isEqualTo("customer.sessionsLast30Days");
        assertThat(error(response).getString("message")).contains("out of range for a whole number");
    }

    @Test
    @DisplayName("an error answer quotes at most a short prefix of a bad value")
    void errorsQuoteOnlyAPrefixOfBadValues() {
        String huge = "x".repeat(1_000_000);
        HttpResponse<Buffer> badDate = post("/api/v1/decisions/retail-loyalty",
                "{\"customer\": {\"id\": \"c-1\", \"birthDate\": \"" + huge + "\"}}");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body().length()).isLessThan(1_000);
        assertThat(error(badDate).getString("message")).contains("xxxxxxxxxx… (1000000 characters)");

        HttpResponse<Buffer> badToken = post("/api/v1/decisions/retail-loyalty", "{\"customer\": " + huge + "}");
        assertThat(badToken.statusCode()).isEqualTo(400);
        assertThat(badToken.body().length()).isLessThan(1_000);
    }

    @Test
    @DisplayName("a null among an impact preview's customers names its place instead of failing the server")
    void nullCustomerInPreview() {
        HttpResponse<Buffer> response = client.post("/api/v1/rulesets/retail-loyalty/versions/1/diff")
                .putHeader("content-type", "application/json").putHeader("Authorization", "Bearer " + TOKEN)
                .sendBuffer(Buffer.buffer("{\"customers\": [{\"customer\": {\"id\": \"c-1\"}}, null]}")).await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        assertThat(error(response).getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("customers[1]");
    }

    @Test
    @DisplayName("running scenario suites over HTTP needs the tester or the admin token")
    void testRunsNeedAToken() {
        String suite = new JsonObject().put("suites", new JsonArray().add(new JsonObject().put("file", "t.yaml")
                .put("content", "cases: []\n"))).encode();
        HttpResponse<Buffer> anonymous = post("/api/v1/rulesets/retail-loyalty/test", suite);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(error(anonymous).getString("code")).isEqualTo("unauthorized");
        assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer");

        for (String token : new String[] {TESTER, TOKEN}) {
            HttpResponse<Buffer> allowed = client.post("/api/v1/rulesets/retail-loyalty/test")
                    .putHeader("content-type", "application/json").putHeader("Authorization", "Bearer " + token)
                    .sendBuffer(Buffer.buffer(suite)).await();
            assertThat(allowed.statusCode()).as(allowed.bodyAsString()).isNotIn(401, 403);
        }
    }

    @Test
    @DisplayName("bearer credentials are taken exactly as RFC 6750 writes them")
    // Whitespace around a header's value is not part of it (RFC 9110, 5.5): HTTP itself strips it before we see it.
    void bearerCredentialsAreStrict() {
        for (String header : new String[] {"bearer " + TOKEN, "BEARER " + TOKEN, "Bearer  " + TOKEN,
                "Bearer " + TOKEN + "==x", "Bearer " + TOKEN + "x", "Bearer\t" + TOKEN, "Basic " + TOKEN}) {
            HttpResponse<Buffer> response = client.post("/api/v1/rulesets/retail-loyalty/activate?version=1")
                    .putHeader("content-type", "application/json").putHeader("Authorization", header)
                    .sendBuffer(Buffer.buffer("{\"version\": 1}")).await();
            assertThat(response.statusCode()).as("'%s'", header).isEqualTo(401);
            assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        }
        HttpResponse<Buffer> exact = client.post("/api/v1/rulesets/retail-loyalty/activate?version=1")
                .putHeader("content-type", "application/json").putHeader("Authorization", "Bearer " + TOKEN)
                .sendBuffer(Buffer.buffer("{\"version\": 1}")).await();
        assertThat(exact.statusCode()).as(exact.bodyAsString()).isEqualTo(200);
    }

    @Test
    @DisplayName("a call past its budget is answered 503 in bounded time while plain decisions keep their latency")
    void slowCallsAreStoppedAndOthersStayFast() {
        String slow = "{\"model\": \"spin\", \"inputs\": {\"n\": 1000000000}}";
        for (int i = 0; i < 50; i++) { // a fresh server's first decisions are slower: measure warm ones
            assertThat(post("/api/v1/decisions/retail-loyalty", CUSTOMER.formatted("120.50")).statusCode()).isEqualTo(200);
        }
        long started = System.nanoTime();
        List<Future<HttpResponse<Buffer>>> spinning = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            spinning.add(client.post("/api/v1/rulesets/spin/evaluate").putHeader("content-type", "application/json")
                    .sendBuffer(Buffer.buffer(slow)));
        }
        List<Long> fastMillis = new ArrayList<>();
        while (spinning.stream().anyMatch(f -> !f.isComplete())) {
            long call = System.nanoTime();
            assertThat(post("/api/v1/decisions/retail-loyalty", CUSTOMER.formatted("120.50")).statusCode()).isEqualTo(200);
            fastMillis.add((System.nanoTime() - call) / 1_000_000);
        }
        for (Future<HttpResponse<Buffer>> call : spinning) {
            HttpResponse<Buffer> response = call.await();
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
            assertThat(error(response).getString("code")).isEqualTo("budget_exceeded");
            assertThat(error(response).getString("message"))
                    .contains("rule set 'spin'", "time budget of 300 ms", "'total'");
            assertThat(error(response).getJsonArray("details").getJsonObject(0).getString("file")).isEqualTo("spin");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        fastMillis.sort(null);
        System.out.printf("decisions while 4 budget-exceeding calls were in flight: %d, median %d ms, max %d ms%n",
                fastMillis.size(), fastMillis.get(fastMillis.size() / 2), fastMillis.get(fastMillis.size() - 1));
        assertThat(fastMillis).isNotEmpty();
        assertThat(fastMillis.get(fastMillis.size() / 2)).isLessThan(100);

        JsonObject state = client.get("/api/v1/rulesets/spin").send().await().bodyAsJsonObject();
        assertThat(state.getString("state")).isEqualTo("DEGRADED");
        assertThat(state.getJsonArray("messages").encode()).contains("ran past their budget");
        JsonObject health = client.get("/health").send().await().bodyAsJsonObject();
        assertThat(health.encode()).contains("\"degraded\":[\"spin\"]");
        assertThat(health.getString("status")).isEqualTo("UP");
    }
}
