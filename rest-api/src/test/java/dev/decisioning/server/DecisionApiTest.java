package dev.decisioning.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The customer decision endpoint, called over HTTP on a really started server with the bundled rules. */
@WithServer
class DecisionApiTest {
    static final String EXAMPLE = """
            {"customer": {"id": "c-1001", "birthDate": "1990-11-25", "signupDate": "2024-03-01",
               "marketingConsent": true, "pointsBalance": 620,
               "orders": [{"id": "o1", "date": "2026-10-01", "amount": 120.50, "couponUsed": false}],
               "sessionsLast30Days": 4, "cartItems": 2, "referrals": 0, "npsScore": 7},
             "context": {"channel": "app", "intent": "purchase", "now": "2026-11-22T10:00:00Z",
               "propensities": {"win-back-20": 0.4}},
             "contactHistory": [{"offerId": "win-back-20", "date": "2026-11-20"}]}
            """;

    @WithServer.Inject
    static WebClient client;

    static HttpResponse<Buffer> post(String path, String body) {
        return client.post(path).putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body)).await();
    }

    static JsonObject decide(String body) {
        HttpResponse<Buffer> response = post("/api/v1/decisions/retail-loyalty", body);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    @Test
    @DisplayName("the documented example answers with every field, the version and the reasons")
    void documentedExample() {
        JsonObject answer = decide(EXAMPLE);

        assertThat(answer.getString("decisionId")).isNotBlank();
        assertThat(answer.getJsonObject("ruleset").getString("name")).isEqualTo("retail-loyalty");
        assertThat(answer.getJsonObject("ruleset").getInteger("version")).isEqualTo(1);
        assertThat(answer.getJsonObject("ruleset").getString("hash")).matches("[0-9a-f]{12}");
        assertThat(answer.getString("customerId")).isEqualTo("c-1001");
        JsonObject metrics = answer.getJsonObject("metrics");
        assertThat(metrics.getValue("spend12m").toString()).isEqualTo("120.5");
        assertThat(metrics.getInteger("orders90d")).isEqualTo(1);
        assertThat(metrics.getInteger("daysSinceLastOrder")).isEqualTo(52);
        assertThat(metrics.getInteger("tenureMonths")).isEqualTo(32);
        assertThat(answer.getJsonArray("segments")).isEmpty();
        assertThat(answer.getString("journeyStage")).isEqualTo("decision");
        assertThat(answer.getJsonObject("loyaltyTier")).isEqualTo(new JsonObject().put("tier", "bronze").put("spendToNextTier", 379.5));
        // win-back-20 does not apply (not at risk); birthday in 3 days, 620 points, something in the cart.
        assertThat(offerIds(answer)).containsExactly("birthday-gift", "points-reward", "cart-free-shipping");
        assertThat(answer.getJsonObject("serviceLevel")).isEqualTo(new JsonObject()
                .put("level", "standard").put("responseTimeMinutes", 1440).put("benefits", new JsonArray()));
        assertThat(answer.getJsonObject("routing").getString("queue")).isEqualTo("general-queue");
    }

    @Test
    @DisplayName("the explanation names every rule and table row with its file")
    void explanationNamesRulesAndRows() {
        JsonArray explanation = decide(EXAMPLE).getJsonArray("explanation");
        List<JsonObject> entries = explanation.stream().map(JsonObject.class::cast).toList();

        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getString("step")).isNotBlank();
            assertThat(e.getString("file")).isNotBlank();
            assertThat(e.getString("rule")).isNotBlank();
        });
        assertThat(entries).anySatisfy(e -> assertThat(e.getString("rule"))
                .isEqualTo("spend12m: order amounts in the last 365 days"));
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.getString("step")).isEqualTo("tierAssignment");
            assertThat(e.getString("file")).isEqualTo("customer-decision.dmn");
            assertThat(e.getInteger("row")).isEqualTo(4);
            assertThat(e.getString("note")).startsWith("Bronze");
        });
        assertThat(entries.stream().map(e -> e.getString("step")).collect(Collectors.toSet())).contains("metrics", "tierAssignment", "journeyStage", "eligibleOffers",
                "serviceLevel", "routingQueue");
    }

    @Test
    @DisplayName("segments come from the spreadsheet, and its rows are named in the explanation")
    void spreadsheetSegments() {
        JsonObject answer = decide("""
                {"customer": {"id": "c-2", "signupDate": "2026-10-01", "marketingConsent": true},
                 "context": {"now": "2026-11-22T10:00:00Z"}}""");
        assertThat(answer.getJsonArray("segments")).containsExactly("new", "prospect");
        assertThat(answer.getJsonArray("explanation").stream().map(JsonObject.class::cast)
                .filter(e -> "customer-segments.drl.csv".equals(e.getString("file")))
                .map(e -> e.getString("step") + " row " + e.getInteger("row")).toList())
                .containsExactlyInAnyOrder("segments row 9", "segments row 15");
        assertThat(offerIds(answer)).containsExactly("welcome-10");
    }

    @Test
    @DisplayName("money is exact to the cent: 0.10 + 0.20 + 499.70 reaches silver")
    void exactDecimals() {
        JsonObject answer = decide("""
                {"customer": {"id": "c-3", "signupDate": "2020-01-01", "orders": [
                   {"id": "a", "date": "2026-11-01", "amount": 0.10},
                   {"id": "b", "date": "2026-11-02", "amount": 0.20},
                   {"id": "c", "date": "2026-11-03", "amount": 499.70}]},
                 "context": {"now": "2026-11-22T10:00:00Z"}}""");
        assertThat(answer.getJsonObject("metrics").getValue("spend12m").toString()).isEqualTo("500");
        assertThat(answer.getJsonObject("loyaltyTier").getString("tier")).isEqualTo("silver");
    }

    @Test
    @DisplayName("without context.now the server clock decides the date")
    void serverClockWhenNowIsAbsent() {
        JsonObject answer = decide("""
                {"customer": {"id": "c-4"}}""");
        assertThat(answer.getString("decidedAt")).isNotBlank();
        assertThat(answer.getJsonObject("loyaltyTier").getString("tier")).isEqualTo("bronze");
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"customer": {"id": "c", "orders": [{"id": "o", "date": "2026-01-01", "amount": "abc"}]}} | customer.orders[0].amount
            {"customer": {"marketingConsent": true}}                                                   | customer.id
            {"customer": {"id": "  "}}                                                                 | customer.id
            {"context": {"channel": "web"}}                                                            | customer
            {"customer": {"id": "c"}, "context": {"channel": "fax"}}                                   | context.channel
            {"customer": {"id": "c"}, "context": {"intent": "shopping"}}                               | context.intent
            {"customer": {"id": "c", "birthDate": "25/11/1990"}}                                       | customer.birthDate
            {"customer": {"id": "c", "birthDate": "1990-11-31"}}                                       | customer.birthDate
            {"customer": {"id": "c", "birthDate": "1990-1-25"}}                                        | customer.birthDate
            {"customer": {"id": "c", "orders": [{"id": "o", "date": "2026-02-29", "amount": 5}]}}      | customer.orders[0].date
            {"customer": {"id": "c", "cartItems": 2.5}}                                                | customer.cartItems
            {"customer": {"id": "c", "marketingConsent": "yes"}}                                       | customer.marketingConsent
            {"customer": {"id": "c", "pointsBalance": "620"}}                                          | customer.pointsBalance
            {"customer": {"id": "c", "spend": 5}}                                                      | customer.spend
            {"customer": {"id": "c", "orders": [{"id": "o", "amount": 5}]}}                            | customer.orders[0].date
            {"customer": {"id": "c"}, "context": {"now": "yesterday"}}                                 | context.now
            {"customer": {"id": "c"}, "contactHistory": [{"offerId": "x"}]}                            | contactHistory[0]
            {"customer": {"id": "c"}, "context": {"now": 1700000000}}                                  | context.now
            {"customer": {"id": "c", "birthDate": 19901125}}                                           | customer.birthDate
            """)
    void invalidInputIsRefusedNamingTheField(String body, String field) {
        HttpResponse<Buffer> response = post("/api/v1/decisions/retail-loyalty", body);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("invalid_request");
        assertThat(error.getString("message")).contains(field);
        assertThat(error.getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo(field);
        assertNoStackTrace(response);
    }

    @ParameterizedTest(name = "malformed body {0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"customer": {"id": "c"
            not json at all
            [1, 2, 3]
            """)
    void malformedJsonIsRefused(String body) {
        HttpResponse<Buffer> response = post("/api/v1/decisions/retail-loyalty", body);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isIn("malformed_json", "invalid_request");
        assertNoStackTrace(response);
    }

    @ParameterizedTest(name = "body [{0}] is refused as malformed")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "null", "{\"customer\": {\"id\": \"c\"}} trailing"})
    void emptyNullOrTrailingBody(String body) {
        HttpResponse<Buffer> response = post("/api/v1/decisions/retail-loyalty", body);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("malformed_json");
        assertNoStackTrace(response);
    }

    @Test
    @DisplayName("a null channel or intent means the default, not an error")
    void nullChannelAndIntentMeanDefaults() {
        JsonObject answer = decide("""
                {"customer": {"id": "c-5"}, "context": {"channel": null, "intent": null, "now": "2026-11-22T10:00:00Z"}}""");
        assertThat(answer.getJsonObject("routing").getString("queue")).isEqualTo("general-queue");
    }

    @Test
    @DisplayName("an unknown rule set is a 404 in the error envelope")
    void unknownRuleSet() {
        HttpResponse<Buffer> response = post("/api/v1/decisions/no-such-rules", EXAMPLE);
        assertThat(response.statusCode()).isEqualTo(404);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("unknown_ruleset");
        assertThat(error.getString("message")).contains("no-such-rules");
    }

    @Test
    @DisplayName("a rule set that did not compile refuses decisions and says which file and line")
    void brokenRuleSetRefuses() {
        HttpResponse<Buffer> response = post("/api/v1/decisions/broken-drl", EXAMPLE);
        assertThat(response.statusCode()).isEqualTo(409);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("ruleset_not_serving");
        assertThat(error.getJsonArray("details").stream().map(JsonObject.class::cast))
                .anySatisfy(d -> {
                    assertThat(d.getString("file")).isEqualTo("welcome-offers.drl");
                    assertThat(d.getInteger("line")).isNotNull();
                });
    }

    @Test
    @DisplayName("a rule set without a data model refuses decisions, saying what it lacks, but still evaluates")
    void ruleSetWithoutCustomerDecisionModel() {
        HttpResponse<Buffer> response = post("/api/v1/decisions/discount-only", EXAMPLE);
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .contains("declares no data model", "data-model.schema.json", "ruleset.json", "still evaluate");
        HttpResponse<Buffer> evaluated = post("/api/v1/rulesets/discount-only/evaluate", """
                {"inputs": {"amount": 250}}""");
        assertThat(evaluated.statusCode()).as(evaluated.bodyAsString()).isEqualTo(200);
        assertThat(evaluated.bodyAsJsonObject().getJsonArray("decisions").getJsonObject(0).getValue("result").toString())
                .isEqualTo("25");
    }

    @Test
    @DisplayName("unknown paths and methods answer in the error envelope")
    void unknownPathAndMethod() {
        HttpResponse<Buffer> missing = client.get("/api/v1/nothing-here").send().await();
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
        HttpResponse<Buffer> wrongMethod = client.delete("/api/v1/decisions/retail-loyalty").send().await();
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("method_not_allowed");
    }

    static List<String> offerIds(JsonObject answer) {
        return answer.getJsonArray("offers").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    static void assertNoStackTrace(HttpResponse<Buffer> response) {
        assertThat(response.bodyAsString()).doesNotContain("\tat ", "Exception", "dev.decisioning.");
    }
}
