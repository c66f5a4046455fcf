package dev.decisioning.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Standard DMN models written elsewhere run unchanged through {@code POST /api/v1/rulesets/{ruleset}/evaluate}, over
 * real HTTP against the real server. The models live in {@code src/test/resources/test-rules/}:
 * <ul>
 *   <li>{@code camunda-dish}: DMN 1.3 as Camunda Modeler 5.50 saves it (camunda and modeler extension attributes,
 *       biodi column widths, DMNDI), two chained decision tables, UNIQUE and COLLECT.</li>
 *   <li>{@code kie-pricing}: two DMN 1.5 models as the Apache KIE editor saves them; {@code pricing.dmn} imports
 *       {@code pricing-base.dmn} as {@code base} and uses its item definitions and its BKM through that prefix.</li>
 *   <li>{@code temporal-types}: every FEEL temporal kind as input and as result.</li>
 *   <li>{@code hit-policies}: one decision table per DMN hit policy and aggregation.</li>
 * </ul>
 * Every expected value is worked out by hand from the DMN and FEEL semantics, not copied from the engine.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Evaluating standard DMN models over HTTP")
class ModelEvaluationApiTest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    /** A line of a Java stack trace, e.g. {@code at dev.decisioning.X.y(X.java:12)}. */
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$<>]+)+\\(");

    private static WebClient client;
    private static int port;

    @BeforeAll
    @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
    static void startServer(Vertx vertx, VertxTestContext context) {
        client = WebClient.create(vertx);
        TestServer.start(vertx, TestServer.rulesDirectory()).onComplete(context.succeeding(p -> {
            port = p;
            context.completeNow();
        }));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The test rule sets load

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"camunda-dish", "kie-pricing", "temporal-types", "hit-policies"})
    @DisplayName("each test rule set compiles without errors and is active")
    void ruleSetCompilesAndIsActive(String name) {
        Reply reply = get("/api/v1/rulesets/" + name);

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.path("state").asText()).isEqualTo("COMPILED");
        assertThat(reply.json.path("messages").findValuesAsText("severity")).doesNotContain("ERROR");
        assertThat(reply.json.path("models").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("the rule set listing shows all four test rule sets active, and both models of the import")
    void listingShowsTheTestRuleSets() {
        Reply reply = get("/api/v1/rulesets");

        assertThat(reply.status).isEqualTo(200);
        List<String> active = new ArrayList<>();
        for (JsonNode ruleSet : reply.json.path("rulesets")) {
            if ("COMPILED".equals(ruleSet.path("state").asText())) {
                active.add(ruleSet.path("name").asText());
            }
        }
        assertThat(active).contains("camunda-dish", "kie-pricing", "temporal-types", "hit-policies");

        JsonNode pricing = get("/api/v1/rulesets/kie-pricing").json;
        assertThat(pricing.path("models").findValuesAsText("name")).containsExactlyInAnyOrder("Order Pricing", "Pricing Base");
        assertThat(pricing.path("models").findValuesAsText("file")).containsExactlyInAnyOrder("pricing.dmn", "pricing-base.dmn");
        JsonNode orderPricing = model(pricing, "Order Pricing");
        assertThat(texts(orderPricing.path("decisionServices"))).containsExactly("Price Order");
        assertThat(texts(orderPricing.path("inputs"))).containsExactly("customer tier", "order lines");

        JsonNode dish = get("/api/v1/rulesets/camunda-dish").json;
        assertThat(model(dish, "Dinner Decisions").path("namespace").asText()).isEqualTo("http://camunda.org/schema/1.0/dmn");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // camunda-dish: a Camunda Modeler file

    @ParameterizedTest(name = "{0}, {1} guests, children {2}: {3} with {4}")
    @CsvSource(delimiter = ';', value = {
            "Fall;   8;  false; Spareribs;                    Aecht Schlenkerla Rauchbier|Water",
            "Winter; 6;  false; Roastbeef;                    Bordeaux|Water",
            "Spring; 4;  true;  Dry Aged Gourmet Steak;       Apple Juice|Water",
            "Spring; 7;  false; Steak;                        Pinot Noir|Water",
            "Winter; 12; false; Stew;                         Guiness|Water",
            "Summer; 30; true;  Light Salad and a nice Steak; Apple Juice|Water",
    })
    @DisplayName("the Camunda dinner model picks the dish (UNIQUE) and collects the drinks for it (COLLECT)")
    void camundaDishAndBeverages(String season, int guests, boolean children, String dish, String beverages) {
        Reply reply = evaluate("camunda-dish", """
                {"inputs": {"season": "%s", "guestCount": %d, "guestsWithChildren": %b}}
                """.formatted(season, guests, children));

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.path("ruleset").path("name").asText()).isEqualTo("camunda-dish");
        assertThat(reply.json.path("model").asText()).isEqualTo("Dinner Decisions");
        assertSucceeded(reply, "Dish");
        assertThat(result(reply, "Dish").asText()).isEqualTo(dish);
        assertSucceeded(reply, "Beverages");
        // COLLECT without aggregation is an unordered list by the DMN specification.
        assertThat(texts(result(reply, "Beverages"))).containsExactlyInAnyOrder(beverages.split("\\|"));
        assertThat(reply.json.path("messages")).isEmpty();
    }

    @ParameterizedTest(name = "model \"{0}\"")
    @ValueSource(strings = {"", "Dinner Decisions", "dinnerDecisions.dmn", "dinnerDecisions"})
    @DisplayName("a single-model rule set answers whether the model is omitted, named, or given by file name")
    void camundaModelByNameOrFile(String model) {
        String modelField = model.isEmpty() ? "" : "\"model\": \"" + model + "\", ";
        Reply reply = evaluate("camunda-dish", """
                {%s"inputs": {"season": "Winter", "guestCount": 12, "guestsWithChildren": false}}
                """.formatted(modelField));

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.path("model").asText()).isEqualTo("Dinner Decisions");
        assertThat(result(reply, "Dish").asText()).isEqualTo("Stew");
    }

    @Test
    @DisplayName("the explanation names the Camunda table rows that were selected")
    void camundaExplanationNamesTheRows() {
        Reply reply = evaluate("camunda-dish", """
                {"inputs": {"season": "Spring", "guestCount": 4, "guestsWithChildren": true}}
                """);

        JsonNode dishRow = explanation(reply, "Dish").get(0);
        assertThat(dishRow.path("file").asText()).isEqualTo("dinnerDecisions.dmn");
        assertThat(dishRow.path("row").asInt()).isEqualTo(3);
        assertThat(dishRow.path("ruleId").asText()).isEqualTo("DecisionRule_0n5f0j9");
        assertThat(explanation(reply, "Beverages")).extracting(e -> e.path("row").asInt()).containsExactly(5, 6);
    }

    @Test
    @DisplayName("the explanation carries a Camunda row's description as its note")
    void camundaRowDescriptionIsTheNote() {
        Reply reply = evaluate("camunda-dish", """
                {"inputs": {"season": "Spring", "guestCount": 4, "guestsWithChildren": true}}
                """);

        assertThat(explanation(reply, "Dish").get(0).path("note").asText()).isEqualTo("Small party in spring");
        assertThat(explanation(reply, "Beverages")).extracting(e -> e.path("note").asText())
                .containsExactly("Kids need juice", "Always");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // kie-pricing: two KIE editor models, one importing the other

    private static final String GOLD_ORDER = """
            {"model": "Order Pricing", "inputs": {
                "customer tier": "GOLD",
                "order lines": [
                    {"sku": "A-1", "unitPrice": 19.99, "quantity": 3},
                    {"sku": "B-2", "unitPrice": 2.5, "quantity": 12}
                ]}}
            """;

    @Test
    @DisplayName("the importing model prices an order with the imported types and the imported BKM")
    void pricingThroughTheImport() {
        Reply reply = evaluate("kie-pricing", GOLD_ORDER);

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.path("model").asText()).isEqualTo("Order Pricing");
        for (JsonNode decision : reply.json.path("decisions")) {
            assertThat(decision.path("status").asText()).as(decision.path("name").asText()).isEqualTo("succeeded");
        }
        assertThat(reply.json.path("messages")).isEmpty();

        // A for expression calling the local BKM "line total"(unit price, quantity): a list of contexts.
        JsonNode lines = result(reply, "Line Totals");
        assertThat(lines.size()).isEqualTo(2);
        assertThat(lines.get(0).path("sku").asText()).isEqualTo("A-1");
        assertDecimal(lines.get(0).path("total"), "59.97");
        assertThat(lines.get(1).path("sku").asText()).isEqualTo("B-2");
        assertDecimal(lines.get(1).path("total"), "30");
        // A filter on the imported list type.
        assertThat(texts(result(reply, "Bulk Lines"))).containsExactly("B-2");
        // A boxed invocation of base.discount rate(tier: customer tier): the BKM lives in the imported model.
        assertDecimal(result(reply, "Discount Rate"), "0.15");
        // A boxed context; every entry exact: 89.97 * 0.15 = 13.4955, 89.97 - 13.4955 = 76.4745.
        JsonNode summary = result(reply, "Order Summary");
        assertDecimal(summary.path("subtotal"), "89.97");
        assertDecimal(summary.path("discountRate"), "0.15");
        assertDecimal(summary.path("discount"), "13.4955");
        assertDecimal(summary.path("total"), "76.4745");
        assertThat(reply.text).contains("\"total\":76.4745").contains("\"discount\":13.4955");
        // A boxed relation, and a filter over it.
        JsonNode shipping = result(reply, "Shipping Options");
        assertThat(shipping.findValuesAsText("method")).containsExactly("standard", "express", "pickup");
        assertDecimal(shipping.get(0).path("cost"), "4.95");
        assertDecimal(shipping.get(1).path("days"), "1");
        assertThat(result(reply, "Cheapest Shipping").asText()).isEqualTo("pickup");
    }

    @Test
    @DisplayName("the explanation shows which row of the imported BKM's table chose the discount")
    void pricingExplanationShowsTheBkmRow() {
        Reply reply = evaluate("kie-pricing", GOLD_ORDER);

        JsonNode row = explanation(reply, "Discount Rate").get(0);
        assertThat(row.path("rule").asText()).isEqualTo("discount rate");
        assertThat(row.path("row").asInt()).isEqualTo(1);
        assertThat(row.path("ruleId").asText()).isEqualTo("_907F85B1-2A3C-4D4E-99EA-F5061728394A");
    }

    @Test
    @DisplayName("the explanation of a BKM row names the imported file and the row's annotation")
    void pricingExplanationOfBkmRowHasFileAndNote() {
        Reply reply = evaluate("kie-pricing", GOLD_ORDER);

        JsonNode row = explanation(reply, "Discount Rate").get(0);
        assertThat(row.path("file").asText()).isEqualTo("pricing-base.dmn");
        assertThat(row.path("note").asText()).isEqualTo("Gold customers save 15%");
    }

    @Test
    @DisplayName("the decision service answers its output decision only, with exact decimals (0.1 + 0.2 = 0.3)")
    void pricingDecisionService() {
        Reply reply = evaluate("kie-pricing", """
                {"model": "pricing.dmn", "decisionService": "Price Order", "inputs": {
                    "customer tier": "SILVER",
                    "order lines": [
                        {"sku": "A-1", "unitPrice": 0.1, "quantity": 1},
                        {"sku": "B-2", "unitPrice": 0.2, "quantity": 1}
                    ]}}
                """);

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.path("model").asText()).isEqualTo("Order Pricing");
        assertThat(reply.json.path("decisions").findValuesAsText("name")).containsExactly("Order Summary");
        assertSucceeded(reply, "Order Summary");
        JsonNode summary = result(reply, "Order Summary");
        assertDecimal(summary.path("subtotal"), "0.3");
        assertDecimal(summary.path("discountRate"), "0.1");
        assertDecimal(summary.path("discount"), "0.03");
        assertDecimal(summary.path("total"), "0.27");
        assertThat(reply.text).contains("\"subtotal\":0.3").contains("\"total\":0.27")
                .doesNotContain("0.30000000000000004").doesNotContain("E-");
        assertThat(explanation(reply, "Discount Rate")).extracting(e -> e.path("row").asInt()).containsExactly(2);
    }

    @ParameterizedTest(name = "model \"{0}\"")
    @ValueSource(strings = {"Order Pricing", "pricing.dmn", "pricing"})
    @DisplayName("in a rule set of several models, a model is found by its name or its file name")
    void pricingModelByNameOrFile(String model) {
        Reply reply = evaluate("kie-pricing", """
                {"model": "%s", "inputs": {"customer tier": "BRONZE", "order lines": [{"sku": "C-3", "unitPrice": 10, "quantity": 2}]}}
                """.formatted(model));

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.path("model").asText()).isEqualTo("Order Pricing");
        assertDecimal(result(reply, "Order Summary").path("total"), "20");
        assertDecimal(result(reply, "Discount Rate"), "0");
    }

    @Test
    @DisplayName("the imported model can be chosen on its own; it has no decisions of its own to answer")
    void importedModelOnItsOwn() {
        Reply reply = evaluate("kie-pricing", """
                {"model": "pricing-base.dmn", "inputs": {}}
                """);

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.path("model").asText()).isEqualTo("Pricing Base");
        assertThat(reply.json.path("decisions")).isEmpty();
    }

    @Test
    @DisplayName("a tier outside the imported type's allowed values stops the decisions that need it, with a message")
    void pricingTierNotAllowed() {
        Reply reply = evaluate("kie-pricing", """
                {"model": "Order Pricing", "inputs": {"customer tier": "PLATINUM", "order lines": []}}
                """);

        assertThat(reply.status).isEqualTo(200);
        assertThat(status(reply, "Discount Rate")).isEqualTo("skipped");
        assertThat(result(reply, "Discount Rate").isNull()).isTrue();
        assertThat(decisionMessages(reply, "Discount Rate")).anySatisfy(text ->
                assertThat(text).contains("PLATINUM").contains("tCustomerTier"));
        assertThat(status(reply, "Order Summary")).isEqualTo("skipped");
        // Decisions that do not depend on the tier still answer.
        assertSucceeded(reply, "Line Totals");
        assertThat(result(reply, "Line Totals")).isEmpty();
        assertThat(result(reply, "Cheapest Shipping").asText()).isEqualTo("pickup");
    }

    @Test
    @DisplayName("a rule set with several models and no model named is refused, naming the field model")
    void severalModelsNoneNamed() {
        Reply reply = evaluate("kie-pricing", """
                {"inputs": {"customer tier": "GOLD"}}
                """);

        assertError(reply, 400, "invalid_request", "model");
        assertThat(reply.json.path("error").path("message").asText()).contains("Order Pricing").contains("Pricing Base");
    }

    @Test
    @DisplayName("an unknown model is refused, naming the field model and the models there are")
    void unknownModel() {
        Reply reply = evaluate("kie-pricing", """
                {"model": "Invoice", "inputs": {}}
                """);

        assertError(reply, 400, "invalid_request", "model");
        assertThat(reply.json.path("error").path("details").get(0).path("problem").asText())
                .contains("Invoice").contains("Order Pricing");
    }

    @Test
    @DisplayName("an unknown decision service is refused, naming the field decisionService and the services there are")
    void unknownDecisionService() {
        Reply reply = evaluate("kie-pricing", """
                {"model": "Order Pricing", "decisionService": "Refund Order", "inputs": {}}
                """);

        assertError(reply, 400, "invalid_request", "decisionService");
        assertThat(reply.json.path("error").path("message").asText()).contains("Refund Order").contains("Price Order");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // temporal-types: every FEEL temporal kind in and out as ISO-8601 text

    @Test
    @DisplayName("dates, times, date-times and both duration kinds go in and come back as ISO-8601 text")
    void everyTemporalKind() {
        Reply reply = evaluate("temporal-types", """
                {"inputs": {
                    "start date": "2025-09-22",
                    "meeting time": "08:45:00",
                    "departure": "2026-11-20T08:45:00Z",
                    "arrival": "2026-11-20T10:15:00Z",
                    "stay": "P2DT1H30M",
                    "term": "P1Y2M"}}
                """);

        assertThat(reply.status).isEqualTo(200);
        for (JsonNode decision : reply.json.path("decisions")) {
            assertThat(decision.path("status").asText()).as(decision.path("name").asText()).isEqualTo("succeeded");
        }
        assertThat(reply.json.path("messages")).isEmpty();
        assertThat(result(reply, "End Date").asText()).isEqualTo("2026-11-22");              // date + ym duration
        assertThat(result(reply, "Checkout").asText()).isEqualTo("2026-11-22T10:15:00Z");    // date-time + dt duration
        assertThat(result(reply, "Travel Time").asText()).isEqualTo("PT1H30M");              // date-time - date-time
        assertThat(result(reply, "Term Between").asText()).isEqualTo("P1Y2M");               // years and months duration()
        assertThat(result(reply, "Meeting End").asText()).isEqualTo("10:15:00");             // time + dt duration
        assertThat(result(reply, "Departure Date").asText()).isEqualTo("2026-11-20");
        assertThat(result(reply, "Departure Time").asText()).isEqualTo("08:45:00Z");
        assertThat(result(reply, "Start Weekday").asText()).isEqualTo("Monday");
        assertThat(result(reply, "Shorter Stay").asText()).isEqualTo("P1DT1H30M");
        assertThat(result(reply, "Stay As Given").asText()).isEqualTo("P2DT1H30M");
        assertThat(result(reply, "Term As Given").asText()).isEqualTo("P1Y2M");
        assertThat(result(reply, "Is Long Stay").asBoolean()).isTrue();
        assertDecimal(result(reply, "Stay In Hours"), "49.5");                                 // duration / duration
        assertDecimal(result(reply, "Term In Months"), "14");
    }

    @Test
    @DisplayName("UTC offsets and zone ids are kept, in FEEL's own text form")
    void offsetsAndZones() {
        Reply offsets = evaluate("temporal-types", """
                {"inputs": {
                    "meeting time": "08:45:00+02:00",
                    "departure": "2026-11-20T08:45:00+02:00",
                    "arrival": "2026-11-20T08:15:00+01:00",
                    "stay": "PT36H"}}
                """);

        assertThat(result(offsets, "Checkout").asText()).isEqualTo("2026-11-21T20:45:00+02:00");
        assertThat(result(offsets, "Travel Time").asText()).isEqualTo("PT30M"); // 07:15Z - 06:45Z
        assertThat(result(offsets, "Departure Time").asText()).isEqualTo("08:45:00+02:00");
        assertThat(result(offsets, "Meeting End").asText()).isEqualTo("10:15:00+02:00");

        Reply zone = evaluate("temporal-types", """
                {"inputs": {"departure": "2026-11-20T08:45:00@Europe/Paris", "stay": "-PT90M"}}
                """);

        assertThat(result(zone, "Checkout").asText()).isEqualTo("2026-11-20T07:15:00@Europe/Paris");
        assertThat(result(zone, "Departure Time").asText()).isEqualTo("08:45:00@Europe/Paris");
        assertThat(result(zone, "Departure Date").asText()).isEqualTo("2026-11-20");
    }

    @Test
    @DisplayName("local date-times stay local, and time arithmetic wraps past midnight")
    void localDateTimes() {
        Reply reply = evaluate("temporal-types", """
                {"inputs": {"departure": "2026-11-20T08:45:00", "stay": "PT36H", "meeting time": "23:30"}}
                """);

        assertThat(result(reply, "Checkout").asText()).isEqualTo("2026-11-21T20:45:00");
        assertThat(result(reply, "Departure Time").asText()).isEqualTo("08:45:00");
        assertThat(result(reply, "Meeting End").asText()).isEqualTo("01:00:00");
    }

    @Test
    @DisplayName("durations come back normalised, negative ones with a leading minus")
    void durationsNormalised() {
        Reply positive = evaluate("temporal-types", """
                {"inputs": {"start date": "2025-09-22", "stay": "PT36H", "term": "P14M"}}
                """);

        assertThat(result(positive, "Stay As Given").asText()).isEqualTo("P1DT12H");
        assertThat(result(positive, "Term As Given").asText()).isEqualTo("P1Y2M");
        assertThat(result(positive, "Shorter Stay").asText()).isEqualTo("PT12H");
        assertThat(result(positive, "Is Long Stay").asBoolean()).isFalse();
        assertDecimal(result(positive, "Stay In Hours"), "36");
        assertThat(result(positive, "End Date").asText()).isEqualTo("2026-11-22");

        Reply negative = evaluate("temporal-types", """
                {"inputs": {"start date": "2025-09-22", "stay": "-PT90M", "term": "-P1Y"}}
                """);

        assertThat(result(negative, "Stay As Given").asText()).isEqualTo("-PT1H30M");
        assertThat(result(negative, "Shorter Stay").asText()).isEqualTo("-P1DT1H30M");
        assertDecimal(result(negative, "Stay In Hours"), "-1.5");
        assertThat(result(negative, "Term As Given").asText()).isEqualTo("-P1Y");
        assertThat(result(negative, "End Date").asText()).isEqualTo("2024-09-22");
        assertThat(result(negative, "Term Between").asText()).isEqualTo("-P1Y");
        assertDecimal(result(negative, "Term In Months"), "-12");
    }

    @Test
    @DisplayName("text that is not a date, given for a date, stops the decisions that need it with a clear message")
    void notADate() {
        Reply reply = evaluate("temporal-types", """
                {"inputs": {
                    "start date": "abc",
                    "meeting time": "08:45:00",
                    "departure": "2026-11-20T08:45:00Z",
                    "arrival": "2026-11-20T10:15:00Z",
                    "stay": "P2DT1H30M",
                    "term": "P1Y2M"}}
                """);

        // DMN semantics with the runtime type check on: a 200 answer in which the decisions that depend on the
        // ill-typed input are not evaluated (kie-dmn reports them as skipped) and say why; the others still answer.
        assertThat(reply.status).isEqualTo(200);
        for (String name : List.of("End Date", "Start Weekday", "Term Between")) {
            assertThat(status(reply, name)).as(name).isEqualTo("skipped");
            assertThat(result(reply, name).isNull()).as(name).isTrue();
        }
        assertThat(decisionMessages(reply, "End Date")).anySatisfy(text ->
                assertThat(text).contains("start date").contains("'abc'").contains("date"));
        assertThat(reply.json.path("messages").findValuesAsText("severity")).contains("ERROR");
        assertThat(result(reply, "Checkout").asText()).isEqualTo("2026-11-22T10:15:00Z");
        assertSucceeded(reply, "Meeting End");
    }

    @Test
    @DisplayName("an impossible calendar date is refused the same way as text that is not a date")
    void impossibleDate() {
        Reply reply = evaluate("temporal-types", """
                {"inputs": {"start date": "2025-02-30", "term": "P1M"}}
                """);

        assertThat(reply.status).isEqualTo(200);
        assertThat(status(reply, "End Date")).isEqualTo("skipped");
        assertThat(decisionMessages(reply, "End Date")).anySatisfy(text -> assertThat(text).contains("2025-02-30"));
        assertDecimal(result(reply, "Term In Months"), "1");
    }

    @Test
    @DisplayName("subtracting a local date-time from a zoned one fails that decision, as FEEL says, with a message")
    void zonedMinusLocalFails() {
        Reply reply = evaluate("temporal-types", """
                {"inputs": {"departure": "2026-11-20T08:45:00@Europe/Paris", "arrival": "2026-11-20T10:15:00"}}
                """);

        assertThat(reply.status).isEqualTo(200);
        assertThat(status(reply, "Travel Time")).isEqualTo("failed");
        assertThat(result(reply, "Travel Time").isNull()).isTrue();
        assertThat(reply.json.path("messages").findValuesAsText("text"))
                .anySatisfy(text -> assertThat(text).contains("arrival - departure").contains("timezone"));
        assertThat(result(reply, "Departure Date").asText()).isEqualTo("2026-11-20");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // hit-policies: one table per hit policy

    @Test
    @DisplayName("every hit policy gives the DMN answer for score 70, category vip")
    void everyHitPolicy() {
        Reply reply = evaluate("hit-policies", """
                {"inputs": {"score": 70, "category": "vip"}}
                """);

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.path("model").asText()).isEqualTo("Hit Policies");
        for (JsonNode decision : reply.json.path("decisions")) {
            assertThat(decision.path("status").asText()).as(decision.path("name").asText()).isEqualTo("succeeded");
        }
        assertThat(reply.json.path("messages")).isEmpty();
        // UNIQUE: only [50..80) matches.
        assertThat(result(reply, "Unique Band").asText()).isEqualTo("mid");
        // ANY: rows 1 and 2 match and agree.
        assertThat(result(reply, "Any Approval").asText()).isEqualTo("approve");
        // PRIORITY: "low" (row 1) and "medium" (row 2) match; output values rank "medium" above "low".
        assertThat(result(reply, "Priority Level").asText()).isEqualTo("medium");
        // FIRST: row 1 (> 50) wins although row 2 (> 60) matches too.
        assertThat(result(reply, "First Tier").asText()).isEqualTo("silver");
        // RULE ORDER: all matches, in row order.
        assertThat(texts(result(reply, "Rule Order Tags"))).containsExactly("over 50", "over 10", "under 100");
        // OUTPUT ORDER: all matches, in the order of the output values.
        assertThat(texts(result(reply, "Output Order Tags"))).containsExactly("under 100", "over 10", "over 50");
        // COLLECT: all matches, unordered.
        assertThat(texts(result(reply, "Collect Perks"))).containsExactlyInAnyOrder("lounge", "newsletter");
        // COLLECT with aggregation over 10, 5 and 1.
        assertDecimal(result(reply, "Collect Sum Points"), "16");
        assertDecimal(result(reply, "Collect Min Points"), "1");
        assertDecimal(result(reply, "Collect Max Points"), "10");
        assertDecimal(result(reply, "Collect Count Points"), "3");
        // COLLECT SUM of 0.1 and 0.2 is exactly 0.3 in the JSON.
        assertDecimal(result(reply, "Collect Sum Fees"), "0.3");
        assertThat(reply.text).doesNotContain("0.30000000000000004");
        assertThat(reply.text).containsPattern("\"name\":\"Collect Sum Fees\",\"status\":\"succeeded\",\"result\":0\\.3,");
    }

    @Test
    @DisplayName("fewer matching rows change each hit policy's answer as DMN says (score 50, category vip)")
    void everyHitPolicyWithFewerMatches() {
        Reply reply = evaluate("hit-policies", """
                {"inputs": {"score": 50, "category": "vip"}}
                """);

        assertThat(reply.status).isEqualTo(200);
        assertThat(result(reply, "Unique Band").asText()).isEqualTo("mid");
        assertThat(result(reply, "Priority Level").asText()).isEqualTo("low");
        assertThat(result(reply, "First Tier").asText()).isEqualTo("bronze");
        assertThat(texts(result(reply, "Rule Order Tags"))).containsExactly("over 10", "under 100");
        assertThat(texts(result(reply, "Output Order Tags"))).containsExactly("under 100", "over 10");
        assertThat(texts(result(reply, "Collect Perks"))).containsExactly("lounge");
        assertDecimal(result(reply, "Collect Sum Points"), "6");
        assertDecimal(result(reply, "Collect Min Points"), "1");
        assertDecimal(result(reply, "Collect Max Points"), "5");
        assertDecimal(result(reply, "Collect Count Points"), "2");
    }

    @Test
    @DisplayName("an ANY table whose matching rows disagree fails that decision and says which rows")
    void anyWithDisagreeingRowsFails() {
        // Row 2 (vip: "approve") and row 4 (< 60: "review") both match.
        Reply reply = evaluate("hit-policies", """
                {"inputs": {"score": 50, "category": "vip"}}
                """);

        assertThat(reply.status).isEqualTo(200);
        assertThat(status(reply, "Any Approval")).isEqualTo("failed");
        assertThat(result(reply, "Any Approval").isNull()).isTrue();
        assertThat(reply.json.path("messages").findValuesAsText("text"))
                .anySatisfy(text -> assertThat(text).contains("Multiple rules can match").contains("[2, 4]"));
        assertSucceeded(reply, "Unique Band");
    }

    @Test
    @DisplayName("a failed decision's own messages say why it failed")
    void failedDecisionSaysWhy() {
        Reply anyConflict = evaluate("hit-policies", """
                {"inputs": {"score": 50, "category": "vip"}}
                """);
        assertThat(decisionMessages(anyConflict, "Any Approval"))
                .anySatisfy(text -> assertThat(text).contains("Multiple rules can match"));

        Reply zoneMix = evaluate("temporal-types", """
                {"inputs": {"departure": "2026-11-20T08:45:00@Europe/Paris", "arrival": "2026-11-20T10:15:00"}}
                """);
        assertThat(decisionMessages(zoneMix, "Travel Time")).anySatisfy(text -> assertThat(text).contains("timezone"));
    }

    @Test
    @DisplayName("text given for a number stops the decisions that need it, like text given for a date")
    void notANumber() {
        Reply reply = evaluate("hit-policies", """
                {"inputs": {"score": "abc", "category": "vip"}}
                """);

        assertThat(reply.status).isEqualTo(200);
        assertThat(status(reply, "Unique Band")).isEqualTo("skipped");
        assertThat(decisionMessages(reply, "Unique Band")).anySatisfy(text ->
                assertThat(text).contains("score").contains("'abc'").contains("number"));

        Reply quoted = evaluate("hit-policies", """
                {"inputs": {"score": "70", "category": "vip"}}
                """);
        assertThat(status(quoted, "Unique Band")).isEqualTo("skipped");
    }

    @Test
    @DisplayName("a number given for a text input stops the decisions that need it with a clear message")
    void numberForText() {
        Reply reply = evaluate("hit-policies", """
                {"inputs": {"score": 70, "category": 5}}
                """);

        assertThat(reply.status).isEqualTo(200);
        assertThat(status(reply, "Collect Perks")).isEqualTo("skipped");
        assertThat(decisionMessages(reply, "Collect Perks")).anySatisfy(text ->
                assertThat(text).contains("category").contains("'5'").contains("string"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Requests the API refuses

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{not json}", "{\"model\": ", "not json at all"})
    @DisplayName("a body that is not JSON is refused as malformed_json")
    void malformedJson(String body) {
        Reply reply = evaluate("hit-policies", body);

        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.path("error").path("code").asText()).isEqualTo("malformed_json");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"inputs\": {\"score\": 70,}}", "{\"inputs\": {\"score\": tru}}",
            "{\"inputs\": {\"score\": [1, 2}}}"})
    @DisplayName("broken JSON inside inputs is refused as malformed_json too")
    void malformedJsonInsideInputs(String body) {
        Reply reply = evaluate("hit-policies", body);

        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.path("error").path("code").asText()).isEqualTo("malformed_json");
        assertThat(reply.text).doesNotContain("REDACTED");
    }

    @Test
    @DisplayName("inputs that are not a JSON object are refused, naming the field inputs")
    void inputsNotAnObject() {
        Reply reply = evaluate("hit-policies", """
                {"inputs": ["score", 70]}
                """);

        assertError(reply, 400, "invalid_request", "inputs");
    }

    @Test
    @DisplayName("an unknown rule set is answered 404 unknown_ruleset")
    void unknownRuleSet() {
        Reply reply = evaluate("no-such-rules", """
                {"inputs": {}}
                """);

        assertThat(reply.status).isEqualTo(404);
        assertThat(reply.json.path("error").path("code").asText()).isEqualTo("unknown_ruleset");
        assertThat(reply.json.path("error").path("message").asText()).contains("no-such-rules");
    }

    @Test
    @DisplayName("no answer, good or bad, carries a Java stack trace")
    void noStackTraces() {
        // Every request in this class goes through check(), which asserts the same; these are the oddest ones.
        List<Reply> replies = List.of(
                evaluate("kie-pricing", "{\"model\": \"pricing\", \"inputs\": {\"order lines\": \"abc\", \"customer tier\": 7}}"),
                evaluate("kie-pricing", "{\"model\": \"pricing\", \"decisionService\": \"Price Order\", \"inputs\": {\"order lines\": [{\"unitPrice\": \"x\"}]}}"),
                evaluate("temporal-types", "{\"inputs\": {\"departure\": \"yesterday\", \"stay\": 3, \"term\": {\"years\": 1}}}"),
                evaluate("hit-policies", "{\"inputs\": {\"score\": {\"value\": 1}, \"category\": [\"vip\"]}}"),
                evaluate("hit-policies", "{\"model\": 7, \"inputs\": null}"),
                evaluate("hit-policies", ""),
                evaluate("camunda-dish", "{\"inputs\": {\"season\": null, \"guestCount\": 1e400}}"));

        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status).isIn(200, 400);
            assertThat(reply.text).doesNotContain("at dev.").doesNotContain("Exception");
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTP and JSON plumbing

    /** An answer: status, raw body, and the body parsed with exact decimals. */
    private record Reply(int status, String text, JsonNode json) {
    }

    private static Reply evaluate(String ruleSet, String body) {
        return check(await(client.post(port, "localhost", "/api/v1/rulesets/" + ruleSet + "/evaluate")
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body))));
    }

    private static Reply get(String path) {
        return check(await(client.get(port, "localhost", path).send()));
    }

    private static Reply check(HttpResponse<Buffer> response) {
        String text = response.bodyAsString();
        assertThat(text).as("response body").isNotBlank();
        assertThat(response.getHeader("content-type")).startsWith("application/json");
        assertThat(text).as("no stack trace in " + text).doesNotContain("at dev.").doesNotContain("Exception");
        assertThat(STACK_FRAME.matcher(text).find()).as("no stack frame in " + text).isFalse();
        try {
            return new Reply(response.statusCode(), text, JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException("response is not JSON: " + text, e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("HTTP call failed", e);
        }
    }

    private static JsonNode decision(Reply reply, String name) {
        for (JsonNode decision : reply.json.path("decisions")) {
            if (name.equals(decision.path("name").asText())) {
                return decision;
            }
        }
        return fail("no decision '" + name + "' in " + reply.text);
    }

    private static JsonNode result(Reply reply, String name) {
        return decision(reply, name).path("result");
    }

    private static String status(Reply reply, String name) {
        return decision(reply, name).path("status").asText();
    }

    private static void assertSucceeded(Reply reply, String name) {
        assertThat(status(reply, name)).as(name + " in " + reply.text).isEqualTo("succeeded");
    }

    /** The error envelope: status, code, and one detail naming {@code field}. */
    private static void assertError(Reply reply, int status, String code, String field) {
        assertThat(reply.status).as(reply.text).isEqualTo(status);
        JsonNode error = reply.json.path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("details").findValuesAsText("field")).as(reply.text).contains(field);
        assertThat(error.path("details").findValuesAsText("problem")).isNotEmpty();
    }

    private static List<String> decisionMessages(Reply reply, String name) {
        return decision(reply, name).path("messages").findValuesAsText("text");
    }

    private static List<JsonNode> explanation(Reply reply, String step) {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : reply.json.path("explanation")) {
            if (step.equals(entry.path("step").asText())) {
                entries.add(entry);
            }
        }
        assertThat(entries).as("explanation of " + step + " in " + reply.text).isNotEmpty();
        return entries;
    }

    private static JsonNode model(JsonNode ruleSet, String name) {
        for (JsonNode model : ruleSet.path("models")) {
            if (name.equals(model.path("name").asText())) {
                return model;
            }
        }
        return fail("no model '" + name + "' in " + ruleSet);
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array.isArray()).as(array + " is a JSON array").isTrue();
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** The JSON value is a number exactly equal to {@code expected}: no binary floating point on the way. */
    private static void assertDecimal(JsonNode node, String expected) {
        assertThat(node.isNumber()).as(node + " is a JSON number").isTrue();
        assertThat(node.decimalValue()).isEqualByComparingTo(new BigDecimal(expected));
    }
}
