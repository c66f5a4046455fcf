package dev.decisioning.engine;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.loading.InMemoryRuleSetLoader;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model as Camunda Modeler 4 saves it: no {@code <variable>} on decisions or input data, self-closing input data,
 * a {@code double} type and an empty cell for "any value". Drools refuses each of these; the engine mends them.
 */
class CamundaModelTest {
    static final String CAMUNDA_MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="Definitions_1" name="Discounts" namespace="http://camunda.org/schema/1.0/dmn" exporter="Camunda Modeler" exporterVersion="4.12.0">
              <decision id="discount" name="Discount" camunda:historyTimeToLive="30">
                <informationRequirement id="InformationRequirement_1">
                  <requiredInput href="#InputData_spend" />
                </informationRequirement>
                <decisionTable id="DecisionTable_1" hitPolicy="FIRST">
                  <input id="Input_1" label="Spend">
                    <inputExpression id="InputExpression_1" typeRef="double">
                      <text>Spend</text>
                    </inputExpression>
                  </input>
                  <output id="Output_1" label="Discount" name="discount" typeRef="number" />
                  <rule id="DecisionRule_big">
                    <description>Big spenders get 15%</description>
                    <inputEntry id="UnaryTests_1"><text>&gt;= 500</text></inputEntry>
                    <outputEntry id="LiteralExpression_1"><text>0.15</text></outputEntry>
                  </rule>
                  <rule id="DecisionRule_small">
                    <inputEntry id="UnaryTests_2"><text></text></inputEntry>
                    <outputEntry id="LiteralExpression_2"><text>0</text></outputEntry>
                  </rule>
                </decisionTable>
              </decision>
              <inputData id="InputData_spend" name="Spend" />
              <dmndi:DMNDI>
                <dmndi:DMNDiagram id="DMNDiagram_1">
                  <dmndi:DMNShape id="DMNShape_1" dmnElementRef="discount">
                    <dc:Bounds height="80" width="180" x="160" y="100" />
                  </dmndi:DMNShape>
                </dmndi:DMNDiagram>
              </dmndi:DMNDI>
            </definitions>
            """;

    @Test
    void camundaModelWithoutVariablesEvaluates() {
        DecisionEngine engine = EmbeddedEngine.start(new InMemoryRuleSetLoader()
                .add("discounts", "discounts.dmn", CAMUNDA_MODEL));
        assertThat(engine.ruleSet("discounts").messages()).isEmpty();
        assertThat(engine.ruleSet("discounts").state()).isEqualTo(RuleSetState.COMPILED);

        ModelEvaluation evaluation = engine.evaluate("discounts", null,
                new ModelEvaluationRequest(null, Map.of("Spend", new BigDecimal("500.00")), null));

        assertThat(evaluation.decisions()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("Discount");
            assertThat(d.status()).isEqualTo("succeeded");
            assertThat(d.result()).isEqualTo(new BigDecimal("0.15"));
        });
        assertThat(evaluation.explanation()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(1);
            assertThat(e.ruleId()).isEqualTo("DecisionRule_big");
            assertThat(e.file()).isEqualTo("discounts.dmn");
            assertThat(e.note()).isEqualTo("Big spenders get 15%");
        });
        ModelEvaluation small = engine.evaluate("discounts", null,
                new ModelEvaluationRequest(null, Map.of("Spend", new BigDecimal("499.99")), null));
        assertThat(small.decisions().get(0).result()).isEqualTo(BigDecimal.ZERO);
    }

    @Test
    void errorsStillPointAtTheUsersLines() {
        String broken = CAMUNDA_MODEL.replace("<text>0.15</text>", "<text>0.15 +</text>");
        DecisionEngine engine = EmbeddedEngine.start(new InMemoryRuleSetLoader().add("discounts", "discounts.dmn", broken));
        assertThat(engine.ruleSet("discounts").state()).isEqualTo(RuleSetState.FAILED);
        assertThat(engine.ruleSet("discounts").messages()).anySatisfy(m -> {
            assertThat(m.source()).startsWith("discounts.dmn");
            assertThat(m.text()).contains("0.15 +");
        });
    }
}
