package dev.decisioning.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

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
 * What is sent and what must come back is data, in {@code src/test/resources/model-evaluation-cases/*.yaml} (the
 * format is described in {@link ModelEvaluationCases}), one dynamic test per case, named {@code file › case}. Every
 * expected value is worked out by hand from the DMN and FEEL semantics, not copied from the engine. Every answer,
 * good or bad, is JSON without a Java stack trace.
 */
@WithServer
@DisplayName("Evaluating standard DMN models over HTTP")
class ModelEvaluationApiTest {
    @WithServer.Inject
    static WebClient client;

    @TestFactory
    @DisplayName("each case of the fixture files answers as it expects")
    Stream<DynamicNode> fixtureCases() {
        List<ModelEvaluationCases.CaseFile> files = ModelEvaluationCases.load(ModelEvaluationCases.DIRECTORY);
        if (files.isEmpty()) {
            // Without this a misplaced folder would pass by running nothing.
            return Stream.of(dynamicTest("model evaluation cases",
                    () -> fail("no case files in " + ModelEvaluationCases.DIRECTORY.toAbsolutePath())));
        }
        List<DynamicNode> nodes = new ArrayList<>();
        for (ModelEvaluationCases.CaseFile file : files) {
            List<DynamicNode> tests = new ArrayList<>();
            if (file.problem() != null) {
                tests.add(dynamicTest(file.name(), () -> fail(file.name() + ": " + file.problem())));
            }
            for (ModelEvaluationCases.Case testCase : file.cases()) {
                tests.add(dynamicTest(testCase.title(), () -> ModelEvaluationCases.run(client, testCase)));
            }
            nodes.add(dynamicContainer(file.name(), tests));
        }
        return nodes.stream();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The test rule sets load

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"camunda-dish", "kie-pricing", "temporal-types", "hit-policies"})
    @DisplayName("each test rule set compiles without errors and is active")
    void ruleSetCompilesAndIsActive(String name) {
        JsonNode ruleSet = get("/api/v1/rulesets/" + name);

        assertThat(ruleSet.path("state").asText()).isEqualTo("COMPILED");
        assertThat(ruleSet.path("messages").findValuesAsText("severity")).doesNotContain("ERROR");
        assertThat(ruleSet.path("models").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("the rule set listing shows all four test rule sets active, and both models of the import")
    void listingShowsTheTestRuleSets() {
        List<String> active = new ArrayList<>();
        for (JsonNode ruleSet : get("/api/v1/rulesets").path("rulesets")) {
            if ("COMPILED".equals(ruleSet.path("state").asText())) {
                active.add(ruleSet.path("name").asText());
            }
        }
        assertThat(active).contains("camunda-dish", "kie-pricing", "temporal-types", "hit-policies");

        JsonNode pricing = get("/api/v1/rulesets/kie-pricing");
        assertThat(pricing.path("models").findValuesAsText("name")).containsExactlyInAnyOrder("Order Pricing", "Pricing Base");
        assertThat(pricing.path("models").findValuesAsText("file")).containsExactlyInAnyOrder("pricing.dmn", "pricing-base.dmn");
        JsonNode orderPricing = model(pricing, "Order Pricing");
        assertThat(texts(orderPricing.path("decisionServices"))).containsExactly("Price Order");
        assertThat(texts(orderPricing.path("inputs"))).containsExactly("customer tier", "order lines");

        JsonNode dish = get("/api/v1/rulesets/camunda-dish");
        assertThat(model(dish, "Dinner Decisions").path("namespace").asText()).isEqualTo("http://camunda.org/schema/1.0/dmn");
    }

    /** A 200 answer to {@code GET path}, checked as every answer is. */
    private static JsonNode get(String path) {
        HttpResponse<Buffer> response = client.get(path).send().await();
        List<String> problems = ModelEvaluationCases.plainJsonProblems(response);
        assertThat(problems).as(path).isEmpty();
        assertThat(response.statusCode()).as(path + ": " + response.bodyAsString()).isEqualTo(200);
        return ModelEvaluationCases.parse(response.bodyAsString());
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
}
