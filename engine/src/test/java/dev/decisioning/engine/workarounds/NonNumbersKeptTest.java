package dev.decisioning.engine.workarounds;

import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.drools.RuleSetCompiler;
import dev.decisioning.engine.loading.RuleSetSource;
import dev.decisioning.engine.pipeline.CompiledRuleSet;
import dev.decisioning.engine.pipeline.ModelEvaluator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.core.internal.utils.DynamicDMNContextBuilder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text (or a boolean, or an object) given for a number must stop the decisions that need it with a message naming the
 * input, as text given for a date does. Kie's conversion of JSON values to FEEL, alone, turns such a value into a
 * number or into null without a word, and the decision answers from a value the caller never sent: while it still
 * does, {@link NonNumbersKept} is needed.
 */
class NonNumbersKeptTest {
    private static final String MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="_scoring" name="scoring"
                         namespace="https://decisioning.dev/test/scoring">
              <itemDefinition name="tCustomer">
                <itemComponent name="age"><typeRef>number</typeRef></itemComponent>
              </itemDefinition>
              <inputData id="_score" name="score"><variable name="score" typeRef="number"/></inputData>
              <inputData id="_customer" name="customer"><variable name="customer" typeRef="tCustomer"/></inputData>
              <decision id="_band" name="band">
                <variable name="band" typeRef="string"/>
                <informationRequirement><requiredInput href="#_score"/></informationRequirement>
                <decisionTable hitPolicy="FIRST">
                  <input><inputExpression typeRef="number"><text>score</text></inputExpression></input>
                  <output typeRef="string"/>
                  <rule id="_high"><inputEntry><text>&gt;= 50</text></inputEntry><outputEntry><text>"high"</text></outputEntry></rule>
                  <rule id="_low"><inputEntry><text>-</text></inputEntry><outputEntry><text>"low"</text></outputEntry></rule>
                </decisionTable>
              </decision>
              <decision id="_adult" name="adult">
                <variable name="adult" typeRef="boolean"/>
                <informationRequirement><requiredInput href="#_customer"/></informationRequirement>
                <literalExpression><text>customer.age &gt;= 18</text></literalExpression>
              </decision>
            </definitions>
            """;

    private static CompiledRuleSet scoring;

    @BeforeAll
    static void compile() {
        scoring = new RuleSetCompiler().compile(RuleSetSource.of("scoring",
                Map.of("scoring.dmn", MODEL.getBytes(StandardCharsets.UTF_8))));
        assertThat(scoring.serves()).as("%s", scoring.summary().messages()).isTrue();
    }

    /**
     * An input the caller got wrong, the decision that needs it, the value as the message quotes it, and what the
     * decision answers when the mistake is lost.
     */
    static Stream<Arguments> nonNumbers() {
        return Stream.of(
                Arguments.of("score", "abc", "band", "'abc'", "low"),
                Arguments.of("score", "70", "band", "'70'", "high"),
                Arguments.of("score", true, "band", "'true'", "low"),
                Arguments.of("customer", Map.of("age", "abc"), "adult", "age=abc", null),
                Arguments.of("customer", Map.of("age", "30"), "adult", "age=30", true));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nonNumbers")
    void theDecisionThatNeedsTheNumberStopsAndSaysWhy(String input, Object given, String decision, String quoted,
                                                      Object unused) {
        ModelEvaluation evaluation = ModelEvaluator.evaluate(scoring,
                new ModelEvaluationRequest(null, inputs(input, given), null));

        ModelEvaluation.DecisionOutcome outcome = evaluation.decisions().stream()
                .filter(d -> d.name().equals(decision)).findFirst().orElseThrow();
        assertThat(outcome.status()).isEqualTo("skipped");
        assertThat(outcome.result()).isNull();
        assertThat(evaluation.messages()).anySatisfy(message ->
                assertThat(message.text()).contains("'" + input + "'").contains(quoted).contains("declared type"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nonNumbers")
    void kiesConversionAloneStillLosesTheMistake(String input, Object given, String decision, String unused,
                                                 Object answered) {
        DMNModel model = scoring.models().get("scoring");
        DMNContext context = new DynamicDMNContextBuilder(scoring.dmnRuntime().newContext(), model)
                .populateContextWith(inputs(input, given));
        DMNResult result = scoring.dmnRuntime().evaluateAll(model, context);

        DMNDecisionResult outcome = result.getDecisionResultByName(decision);
        assertThat(outcome.getEvaluationStatus())
                .as("Kie's JSON-to-FEEL conversion now keeps %s given for a number: NonNumbersKept can go", given)
                .isEqualTo(DMNDecisionResult.DecisionEvaluationStatus.SUCCEEDED);
        assertThat(outcome.getResult()).isEqualTo(answered);
    }

    /** The inputs of one evaluation: the wrong value, and a good one for the other input. */
    private static Map<String, Object> inputs(String input, Object given) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("score", new BigDecimal("70"));
        inputs.put("customer", Map.of("age", new BigDecimal("30")));
        inputs.put(input, given);
        return inputs;
    }
}
