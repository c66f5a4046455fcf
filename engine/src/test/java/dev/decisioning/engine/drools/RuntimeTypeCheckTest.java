package dev.decisioning.engine.drools;

import dev.decisioning.engine.loading.RuleSetSource;
import dev.decisioning.engine.pipeline.CompiledRuleSet;
import org.junit.jupiter.api.Test;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNModel;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DMN runtime checks every input against its declared type, as the standard says, except in rule sets with their
 * own data model: their requests are checked against the rule set's schema before they reach the model, and checking
 * the same values again at every decision that reads them cost about a third of a decision's time. Both settings must
 * still take effect on the Drools version in the pom.
 */
class RuntimeTypeCheckTest {
    private static final String MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="_scoring" name="scoring"
                         namespace="https://decisioning.dev/test/scoring">
              <inputData id="_score" name="score"><variable name="score" typeRef="number"/></inputData>
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
            </definitions>
            """;
    private static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"member": {"type": "object", "properties": {"id": {"type": "string"}}},
                            "score": {"type": "number"}}}
            """;
    private static final String MANIFEST = """
            {"subject": "member", "subjectIdName": "memberId", "outputs": ["band"]}
            """;

    @Test
    void aRuleSetWithoutADataModelHasEveryInputCheckedAgainstItsDeclaredType() {
        DMNDecisionResult band = bandForText(compile(Map.of("scoring.dmn", MODEL)));

        assertThat(band.getEvaluationStatus()).isEqualTo(DMNDecisionResult.DecisionEvaluationStatus.SKIPPED);
    }

    @Test
    void aRuleSetWithADataModelLeavesTheCheckToItsSchema() {
        DMNDecisionResult band = bandForText(compile(Map.of("scoring.dmn", MODEL, "data-model.schema.json", SCHEMA,
                "ruleset.json", MANIFEST)));

        assertThat(band.getEvaluationStatus())
                .as("the runtime checked the input against its declared type although the check is switched off")
                .isEqualTo(DMNDecisionResult.DecisionEvaluationStatus.SUCCEEDED);
        assertThat(band.getResult()).isEqualTo("low");
    }

    private static CompiledRuleSet compile(Map<String, String> files) {
        Map<String, byte[]> bytes = new TreeMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        CompiledRuleSet compiled = new RuleSetCompiler().compile(RuleSetSource.of("scoring", bytes));
        assertThat(compiled.serves()).as("%s", compiled.summary().messages()).isTrue();
        return compiled;
    }

    /** The decision, given text where the model declares a number: what only the runtime's type check catches. */
    private static DMNDecisionResult bandForText(CompiledRuleSet compiled) {
        DMNModel model = compiled.models().get("scoring");
        DMNContext context = compiled.dmnRuntime().newContext();
        context.set("score", "abc");
        return compiled.dmnRuntime().evaluateAll(model, context).getDecisionResultByName("band");
    }
}
