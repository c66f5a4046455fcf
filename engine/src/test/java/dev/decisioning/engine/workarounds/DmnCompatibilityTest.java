package dev.decisioning.engine.workarounds;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.drools.RuleSetCompiler;
import dev.decisioning.engine.loading.RuleSetSource;
import dev.decisioning.engine.pipeline.CompiledRuleSet;
import dev.decisioning.engine.pipeline.ModelEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models as Camunda Modeler saves them: each difference from Drools that {@link DmnCompatibility} mends must still
 * be one Drools refuses on the Drools version in the pom (otherwise its mending can go), and the rule set compiler,
 * which mends it, must serve the model and answer as the modeler meant.
 */
class DmnCompatibilityTest {
    /** A small Camunda-style table: 15% discount from 500 spent, none below. */
    private static final String MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="_discounts" name="discounts" namespace="http://camunda.org/schema/1.0/dmn" exporter="Camunda Modeler" exporterVersion="4.12.0">
              <decision id="_discount" name="Discount">DECISION_VARIABLE
                <informationRequirement><requiredInput href="#_spend" /></informationRequirement>
                <decisionTable id="_table" hitPolicy="FIRST">
                  <input id="_input" label="Spend">
                    <inputExpression id="_expression" typeRef="SPEND_TYPE"><text>Spend</text></inputExpression>
                  </input>
                  <output id="_output" label="Discount" name="discount" typeRef="number" />
                  <rule id="_big">
                    <inputEntry id="_big_spend"><text>&gt;= 500</text></inputEntry>
                    <outputEntry id="_big_discount"><text>0.15</text></outputEntry>
                  </rule>
                  <rule id="_rest">
                    <inputEntry id="_rest_spend"><text>ANY_SPEND</text></inputEntry>
                    <outputEntry id="_rest_discount"><text>0</text></outputEntry>
                  </rule>
                </decisionTable>
              </decision>
              INPUT_DATA
            </definitions>
            """;
    private static final String INPUT_WITH_VARIABLE =
            "<inputData id=\"_spend\" name=\"Spend\"><variable name=\"Spend\" typeRef=\"number\"/></inputData>";
    private static final String DECISION_VARIABLE = "<variable name=\"Discount\" typeRef=\"number\"/>";

    /**
     * The model with one or more of Camunda's differences.
     *
     * @param variables whether decision and input data declare their {@code <variable>} (Camunda leaves it out, and
     *                  saves the input data as an empty element)
     */
    private static String model(boolean variables, String spendType, String anySpend) {
        return MODEL.replace("DECISION_VARIABLE", variables ? DECISION_VARIABLE : "")
                .replace("INPUT_DATA", variables ? INPUT_WITH_VARIABLE : "<inputData id=\"_spend\" name=\"Spend\" />")
                .replace("SPEND_TYPE", spendType)
                .replace("ANY_SPEND", anySpend);
    }

    static Stream<Arguments> camundaDifferences() {
        return Stream.of(
                Arguments.of("no <variable> on decision and input data", model(false, "number", "-"),
                        "is missing the variable declaration"),
                Arguments.of("typeRef=\"integer\"", model(true, "integer", "-"), "'integer'"),
                Arguments.of("typeRef=\"long\"", model(true, "long", "-"), "'long'"),
                Arguments.of("typeRef=\"double\"", model(true, "double", "-"), "'double'"),
                Arguments.of("an empty input entry for any value", model(true, "number", ""),
                        "Missing test on decision table input entry"),
                Arguments.of("all of these at once", model(false, "integer", ""), "is missing the variable declaration"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("camundaDifferences")
    void droolsAloneStillRefusesWhatTheMendingLetsThrough(String difference, String camundaModel, String droolsSays) {
        assertThat(DroolsAlone.errors(model(true, "number", "-"))).as("the standard form of the model").isEmpty();

        assertThat(DroolsAlone.errors(camundaModel))
                .as("Drools now reads a model with %s itself: DmnCompatibility's mending of it can go", difference)
                .anySatisfy(error -> assertThat(error).contains(droolsSays));
        assertThat(DroolsAlone.errors(new String(DmnCompatibility.normalize(camundaModel.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8))).as("Drools on the mended model").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("camundaDifferences")
    void theRuleSetCompilerServesTheModelAndAnswersAsMeant(String difference, String camundaModel, String droolsSays) {
        CompiledRuleSet compiled = new RuleSetCompiler().compile(RuleSetSource.of("discounts",
                Map.of("discounts.dmn", camundaModel.getBytes(StandardCharsets.UTF_8))));

        assertThat(compiled.serves()).as("%s", compiled.summary().messages()).isTrue();
        assertThat(compiled.summary().messages()).noneMatch(DecisionMessage::blocking);
        assertThat(discount(compiled, "500")).isEqualTo(new BigDecimal("0.15"));
        assertThat(discount(compiled, "499")).isEqualTo(BigDecimal.ZERO);
    }

    private static Object discount(CompiledRuleSet compiled, String spend) {
        ModelEvaluation evaluation = ModelEvaluator.evaluate(compiled,
                new ModelEvaluationRequest(null, Map.of("Spend", new BigDecimal(spend)), null));
        assertThat(evaluation.decisions()).singleElement()
                .satisfies(decision -> assertThat(decision.status()).isEqualTo("succeeded"));
        return evaluation.decisions().get(0).result();
    }

    @Test
    void findsEveryFormOfAnEmptyTextElementAndNothingElse() {
        for (String empty : new String[] {"<inputEntry><text/></inputEntry>", "<inputEntry><text /></inputEntry>",
                "<inputEntry><text></text></inputEntry>", "<dmn:inputEntry><dmn:text>\n  </dmn:text></dmn:inputEntry>",
                "<rule><inputEntry><text>1</text></inputEntry><inputEntry><text></text></inputEntry></rule>"}) {
            assertThat(DmnCompatibility.mayHaveEmptyText(empty)).as(empty).isTrue();
        }
        for (String filled : new String[] {"<inputEntry><text>-</text></inputEntry>",
                "<dmn:inputEntry><dmn:text>&lt; 5</dmn:text></dmn:inputEntry>", "<description>text</description>",
                "<inputEntry><text>\"text\"</text></inputEntry>", "<literalExpression><text>a</text></literalExpression>"}) {
            assertThat(DmnCompatibility.mayHaveEmptyText(filled)).as(filled).isFalse();
        }
    }

    @Test
    void anEmptyInputCellBecomesADashOnTheSameLine() {
        String model = "<rule>\n<inputEntry id=\"a\"><text></text></inputEntry>\n<inputEntry id=\"b\"><text>1</text></inputEntry>\n</rule>";
        String mended = new String(DmnCompatibility.normalize(model.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        assertThat(mended).isEqualTo(
                "<rule>\n<inputEntry id=\"a\"><text>-</text></inputEntry>\n<inputEntry id=\"b\"><text>1</text></inputEntry>\n</rule>");
    }

    /** Drools building a model file as it is, the way the rule set compiler builds one, minus the mending. */
    private static final class DroolsAlone {
        private static int builds;

        static List<String> errors(String dmn) {
            KieServices kie = KieServices.get();
            KieFileSystem files = kie.newKieFileSystem();
            ReleaseId release = kie.newReleaseId("dev.decisioning.test", "drools-alone", "1.0." + builds++);
            files.generateAndWritePomXML(release);
            files.write("src/main/resources/discounts/discounts.dmn", dmn);
            KieBuilder builder = kie.newKieBuilder(files).buildAll();
            kie.getRepository().removeKieModule(release);
            return builder.getResults().getMessages(Message.Level.ERROR).stream().map(Message::getText).toList();
        }
    }
}
