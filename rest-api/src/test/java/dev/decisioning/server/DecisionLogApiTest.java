package dev.decisioning.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision log of a really started server, on by default: one JSON line per decision and model evaluation, with
 * the fields the rule set's data model marks {@code x-personal} masked, and each logged call looked up again by id.
 */
@WithServer(ruleSets = {"retail-loyalty", "coffee-rewards"}, adminToken = DecisionLogApiTest.TOKEN)
class DecisionLogApiTest {
    static final String TOKEN = "decision-log-admin";
    static final String BIRTH_DATE = "1987-03-14";
    static final String RETAIL_CUSTOMER = """
            {"customer": {"id": "c-77", "birthDate": "%s", "signupDate": "2024-03-01", "marketingConsent": true,
                          "orders": [{"id": "o1", "date": "2026-11-01", "amount": 120.50}]},
             "context": {"channel": "app", "now": "2026-11-22T10:00:00Z"}}""".formatted(BIRTH_DATE);
    static final String COFFEE_MEMBER = """
            {"member": {"id": "m-secret-42", "birthDate": "1990-11-20", "marketingConsent": true, "starBalance": 120,
                        "purchases": [{"id": "p1", "at": "2026-10-01T09:00:00Z", "amount": 4.00, "payment": "card",
                                       "category": "brewed", "channel": "in-store"},
                                      {"id": "p2", "at": "2026-11-02T07:45:00Z", "amount": 3.20, "payment": "cash",
                                       "category": "espresso", "channel": "drive-thru"}]},
             "context": {"now": "2026-11-20T08:30:00Z", "channel": "app"}}""";

    @WithServer.Inject
    static WebClient client;

    static HttpResponse<Buffer> post(String path, String body, String requestId) {
        var request = client.post(path).putHeader("content-type", "application/json");
        if (requestId != null) {
            request.putHeader("X-Request-Id", requestId);
        }
        return request.sendBuffer(Buffer.buffer(body)).await();
    }

    static JsonObject decide(String ruleSet, String body) {
        HttpResponse<Buffer> response = post("/api/v1/decisions/" + ruleSet, body, null);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    static HttpResponse<Buffer> lookUp(String decisionId, String token) {
        var request = client.get("/api/v1/decisions/" + decisionId);
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        return request.send().await();
    }

    @Test
    @DisplayName("a decision is one JSON line: id, time, rule set version, caller, request id, masked input, answer, explanation, latency")
    void decisionLine(ServerUnderTest server) throws IOException {
        HttpResponse<Buffer> response = post("/api/v1/decisions/retail-loyalty", RETAIL_CUSTOMER, "req-7f3a");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject answer = response.bodyAsJsonObject();

        JsonObject line = DecisionLogLines.awaitLine(server.decisionLogDirectory(), answer.getString("decisionId"));

        assertThat(List.copyOf(line.fieldNames())).containsExactly("decisionId", "time", "kind", "ruleset", "caller",
                "requestId", "latencyMs", "maskedFields", "input", "answer", "explanation");
        assertThat(line.getString("kind")).isEqualTo("decision");
        assertThat(line.getJsonObject("ruleset")).isEqualTo(answer.getJsonObject("ruleset"));
        assertThat(line.getValue("caller")).isNull();
        assertThat(line.getString("requestId")).isEqualTo("req-7f3a");
        assertThat(line.getDouble("latencyMs")).isPositive();
        assertThat(line.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(line.getJsonArray("maskedFields")).containsExactly("customer.birthDate");
        JsonObject customer = line.getJsonObject("input").getJsonObject("customer");
        assertThat(customer.getString("birthDate")).isEqualTo("***");
        assertThat(customer.getString("id")).isEqualTo("c-77");
        assertThat(customer.getJsonArray("orders").getJsonObject(0).getValue("amount")).isEqualTo(120.5);
        JsonObject logged = line.getJsonObject("answer");
        assertThat(logged.getString("customerId")).isEqualTo("c-77");
        assertThat(logged.getJsonObject("loyaltyTier")).isEqualTo(answer.getJsonObject("loyaltyTier"));
        assertThat(logged.getJsonArray("offers")).isEqualTo(answer.getJsonArray("offers"));
        assertThat(logged.getString("decidedAt")).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(logged.fieldNames()).doesNotContain("decisionId", "ruleset", "explanation");
        assertThat(line.getJsonArray("explanation")).isEqualTo(answer.getJsonArray("explanation"));
        // The birth date is nowhere in the files.
        for (Path file : DecisionLogLines.files(server.decisionLogDirectory())) {
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotContain(BIRTH_DATE);
        }
    }

    @Test
    @DisplayName("personal fields inside lists are masked in every element, and a personal subject id in the answer too")
    void maskingInListsAndTheAnswer(ServerUnderTest server) {
        JsonObject answer = decide("coffee-rewards", COFFEE_MEMBER);
        assertThat(answer.getString("memberId")).isEqualTo("m-secret-42");

        JsonObject line = DecisionLogLines.awaitLine(server.decisionLogDirectory(), answer.getString("decisionId"));

        assertThat(line.getJsonArray("maskedFields")).containsExactly("member.birthDate", "member.id",
                "member.marketingConsent", "member.purchases[].at");
        JsonObject member = line.getJsonObject("input").getJsonObject("member");
        assertThat(member.getString("id")).isEqualTo("***");
        assertThat(member.getString("birthDate")).isEqualTo("***");
        assertThat(member.getString("marketingConsent")).isEqualTo("***");
        assertThat(member.getInteger("starBalance")).isEqualTo(120);
        JsonArray purchases = member.getJsonArray("purchases");
        assertThat(purchases).hasSize(2);
        for (int i = 0; i < purchases.size(); i++) {
            assertThat(purchases.getJsonObject(i).getString("at")).isEqualTo("***");
            assertThat(purchases.getJsonObject(i).getString("payment")).isNotEqualTo("***");
        }
        assertThat(line.getJsonObject("answer").getString("memberId")).isEqualTo("***");
        assertThat(line.encode()).doesNotContain("m-secret-42", "1990-11-20", "2026-10-01T09:00:00Z");
    }

    @Test
    @DisplayName("a model evaluation is logged under the id in its X-Decision-Id header, inputs named like personal fields masked")
    void evaluationLine() {
        String body = """
                {"model": "customer-decision", "decisionService": null,
                 "inputs": {"customer": {"id": "c-9", "birthDate": "%s", "marketingConsent": true},
                            "today": "2026-11-22"}}""".formatted(BIRTH_DATE);
        HttpResponse<Buffer> response = post("/api/v1/rulesets/retail-loyalty/evaluate", body, null);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        String id = response.getHeader("X-Decision-Id");
        assertThat(id).isNotBlank();

        HttpResponse<Buffer> found = lookUp(id, TOKEN);

        assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
        JsonObject line = found.bodyAsJsonObject();
        assertThat(line.getString("kind")).isEqualTo("evaluation");
        assertThat(line.getJsonArray("maskedFields")).containsExactly("birthDate");
        JsonObject input = line.getJsonObject("input");
        assertThat(input.getString("model")).isEqualTo("customer-decision");
        assertThat(input.getJsonObject("inputs").getJsonObject("customer").getString("birthDate")).isEqualTo("***");
        assertThat(input.getJsonObject("inputs").getJsonObject("customer").getString("id")).isEqualTo("c-9");
        assertThat(line.getJsonObject("answer").getString("model")).isEqualTo("customer-decision");
        assertThat(line.getJsonObject("answer").getJsonArray("decisions")).isNotEmpty();

        HttpResponse<Buffer> refused = post("/api/v1/rulesets/retail-loyalty/evaluate", "{\"modell\": 1}", null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.getHeader("X-Decision-Id")).isNull();
    }

    @Test
    @DisplayName("GET /api/v1/decisions/{id}: the logged line with the admin token; 401 without it; 404 decision_not_found saying why")
    void lookUpById() {
        JsonObject answer = decide("retail-loyalty", RETAIL_CUSTOMER);
        String id = answer.getString("decisionId");

        HttpResponse<Buffer> found = lookUp(id, TOKEN);
        assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
        assertThat(found.getHeader("content-type")).isEqualTo("application/json");
        assertThat(found.bodyAsJsonObject().getString("decisionId")).isEqualTo(id);
        assertThat(found.bodyAsJsonObject().getJsonObject("input").getJsonObject("customer").getString("birthDate"))
                .isEqualTo("***");

        HttpResponse<Buffer> anonymous = lookUp(id, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unauthorized");
        assertThat(lookUp(id, "not-the-token").statusCode()).isEqualTo(401);

        HttpResponse<Buffer> missing = lookUp("5d0f8e44-0000-4000-8000-000000000000", TOKEN);
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonObject error = missing.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("decision_not_found");
        assertThat(error.getString("message")).startsWith("no decision '5d0f8e44-0000-4000-8000-000000000000' in this "
                + "server's decision log").contains("another server", "older than the log keeps", "30 day(s)");

        HttpResponse<Buffer> odd = lookUp("not%20an%20id", TOKEN);
        assertThat(odd.statusCode()).isEqualTo(404);
        assertThat(odd.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("decision_not_found");
    }

    @Test
    @DisplayName("GET /api/v1/decision-log counts what was logged, and takes the admin token")
    void status(ServerUnderTest server) {
        decide("retail-loyalty", RETAIL_CUSTOMER);

        JsonObject status = DecisionLogLines.status(client, TOKEN, s -> s.getLong("logged") > 0);

        assertThat(status.getBoolean("enabled")).isTrue();
        assertThat(status.getDouble("sampleRate")).isEqualTo(1.0);
        assertThat(status.getLong("logged")).isPositive();
        assertThat(status.getLong("dropped")).isZero();
        assertThat(status.getLong("failed")).isZero();
        assertThat(status.getInteger("files")).isPositive();
        assertThat(Path.of(status.getString("directory"))).isEqualTo(
                server.decisionLogDirectory().toAbsolutePath().normalize());
        assertThat(client.get("/api/v1/decision-log").send().await().statusCode()).isEqualTo(401);
    }
}
