package dev.decisioning.engine;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.loading.InMemoryRuleSetLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision tables need not be a decision's whole logic: modelers put them in boxed contexts and in business knowledge
 * models whose body is a context. Such a table's rows are explained and counted like any other table's.
 */
class NestedDecisionTableTest {
    private static final String MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="_pricing" name="pricing"
                         namespace="https://decisioning.dev/test/pricing">
              <inputData id="_spend" name="spend"><variable name="spend" typeRef="number"/></inputData>
              <businessKnowledgeModel id="_fee" name="delivery fee">
                <variable name="delivery fee"/>
                <encapsulatedLogic>
                  <formalParameter name="band" typeRef="string"/>
                  <context>
                    <contextEntry><variable name="fee"/>
                      <decisionTable hitPolicy="UNIQUE">
                        <input><inputExpression typeRef="string"><text>band</text></inputExpression></input>
                        <output typeRef="number"/>
                        <annotation name="why"/>
                        <rule id="_fee_gold"><inputEntry><text>"gold"</text></inputEntry>
                          <outputEntry><text>0</text></outputEntry><annotationEntry><text>Gold ships free</text></annotationEntry></rule>
                        <rule id="_fee_other"><inputEntry><text>not("gold")</text></inputEntry>
                          <outputEntry><text>4.95</text></outputEntry><annotationEntry><text>Everyone else pays</text></annotationEntry></rule>
                      </decisionTable>
                    </contextEntry>
                    <contextEntry><literalExpression><text>fee</text></literalExpression></contextEntry>
                  </context>
                </encapsulatedLogic>
              </businessKnowledgeModel>
              <decision id="_price" name="price">
                <variable name="price"/>
                <informationRequirement><requiredInput href="#_spend"/></informationRequirement>
                <knowledgeRequirement><requiredKnowledge href="#_fee"/></knowledgeRequirement>
                <context>
                  <contextEntry><variable name="band"/>
                    <decisionTable hitPolicy="FIRST">
                      <input><inputExpression typeRef="number"><text>spend</text></inputExpression></input>
                      <output typeRef="string"/>
                      <annotation name="why"/>
                      <rule id="_band_gold"><inputEntry><text>&gt;= 500</text></inputEntry>
                        <outputEntry><text>"gold"</text></outputEntry><annotationEntry><text>500 or more is gold</text></annotationEntry></rule>
                      <rule id="_band_silver"><inputEntry><text>[100..500)</text></inputEntry>
                        <outputEntry><text>"silver"</text></outputEntry><annotationEntry><text>100 to under 500 is silver</text></annotationEntry></rule>
                      <rule id="_band_none"><inputEntry><text>-</text></inputEntry>
                        <outputEntry><text>"none"</text></outputEntry><annotationEntry><text>Below 100</text></annotationEntry></rule>
                    </decisionTable>
                  </contextEntry>
                  <contextEntry><literalExpression><text>{band: band, fee: delivery fee(band)}</text></literalExpression></contextEntry>
                </context>
              </decision>
            </definitions>
            """;

    private static DecisionEngine engine;

    @BeforeAll
    static void start() {
        engine = EmbeddedEngine.start(new InMemoryRuleSetLoader().add("pricing", "pricing.dmn", MODEL));
        assertThat(engine.ruleSet("pricing").state()).as("%s", engine.ruleSet("pricing").messages())
                .isEqualTo(RuleSetState.COMPILED);
    }

    @Test
    void rowsOfTablesInContextsAreExplainedWithTheirRowNumberAndNote() {
        ModelEvaluation silver = engine.evaluate("pricing", null,
                new ModelEvaluationRequest("pricing", Map.of("spend", new BigDecimal("499.99")), null));

        assertThat(silver.decisions()).singleElement().satisfies(d -> assertThat(d.result())
                .isEqualTo(Map.of("band", "silver", "fee", new BigDecimal("4.95"))));
        assertThat(silver.explanation())
                .extracting(ExplanationEntry::file, ExplanationEntry::rule, ExplanationEntry::row, ExplanationEntry::ruleId,
                        ExplanationEntry::note)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pricing.dmn", "band", 2, "_band_silver", "100 to under 500 is silver"),
                        org.assertj.core.groups.Tuple.tuple("pricing.dmn", "fee", 2, "_fee_other", "Everyone else pays"));

        ModelEvaluation gold = engine.evaluate("pricing", null,
                new ModelEvaluationRequest("pricing", Map.of("spend", new BigDecimal("500.00")), null));
        assertThat(gold.explanation()).extracting(ExplanationEntry::ruleId).containsExactly("_band_gold", "_fee_gold");
    }

    @Test
    void theInventoryListsRowsOfTablesInContextsAndKnowledgeModels() {
        RuleInventory inventory = engine.inventory("pricing", null);

        assertThat(inventory.files()).singleElement().satisfies(file -> assertThat(file.items())
                .extracting(RuleInventory.Item::rule, RuleInventory.Item::row, RuleInventory.Item::ruleId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("band", 1, "_band_gold"),
                        org.assertj.core.groups.Tuple.tuple("band", 2, "_band_silver"),
                        org.assertj.core.groups.Tuple.tuple("band", 3, "_band_none"),
                        org.assertj.core.groups.Tuple.tuple("fee", 1, "_fee_gold"),
                        org.assertj.core.groups.Tuple.tuple("fee", 2, "_fee_other")));
    }
}
