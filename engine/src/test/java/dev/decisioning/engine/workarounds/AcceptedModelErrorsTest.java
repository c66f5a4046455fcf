package dev.decisioning.engine.workarounds;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.loading.InMemoryRuleSetLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kie.dmn.api.feel.runtime.events.FEELEvent;
import org.kie.dmn.feel.runtime.events.UnknownVariableErrorEvent;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models the DMN standard accepts but Drools reports errors on are served, with those errors as warnings; models
 * that are broken are still refused.
 */
class AcceptedModelErrorsTest {
    /** A function type whose parameter is typed by an item definition declared after it, and two decisions. */
    static final String MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="_defs" name="accepted"
                         namespace="http://example.com/accepted">
              <itemDefinition name="tAdder">
                <functionItem outputTypeRef="number">
                  <parameters name="values" typeRef="tNumbers"/>
                </functionItem>
              </itemDefinition>
              <itemDefinition name="tNumbers" isCollection="true">
                <typeRef>number</typeRef>
              </itemDefinition>
              <inputData id="_amount" name="amount">
                <variable name="amount" typeRef="number"/>
              </inputData>
              <decision id="_total" name="total">
                <variable name="total" typeRef="number"/>
                <informationRequirement><requiredInput href="#_amount"/></informationRequirement>
                <literalExpression id="_total_text"><text>amount + 1</text></literalExpression>
              </decision>
              <decision id="_other" name="other">
                <variable name="other" typeRef="number"/>
                <literalExpression id="_other_text"><text>sum([1, 2, 3])</text></literalExpression>
              </decision>
            </definitions>
            """;

    static DecisionEngine engineWith(String model) {
        return EmbeddedEngine.start(new InMemoryRuleSetLoader().add("accepted", "accepted.dmn", model));
    }

    @Test
    @DisplayName("a function type's parameter typed by a later item definition: served, the error a warning")
    void forwardReferenceToAnItemDefinition() {
        DecisionEngine engine = engineWith(MODEL);
        RuleSetSummary summary = engine.ruleSet("accepted");

        assertThat(summary.state()).as(summary.messages().toString()).isEqualTo(RuleSetState.COMPILED);
        assertThat(summary.messages()).anySatisfy(m -> {
            assertThat(m.severity()).isEqualTo(DecisionMessage.Severity.WARNING);
            assertThat(m.source()).startsWith("accepted.dmn");
            assertThat(m.text()).contains("tNumbers");
        });
        assertThat(summary.messages()).noneMatch(DecisionMessage::blocking);
        assertThat(summary.messages()).as("shown once").filteredOn(m -> m.text().contains("tNumbers")).hasSize(1);
        ModelEvaluation evaluation = engine.evaluate("accepted", null,
                new ModelEvaluationRequest(null, Map.of("amount", BigDecimal.TEN), null));
        assertThat(evaluation.decisions()).anySatisfy(d -> {
            assertThat(d.name()).isEqualTo("total");
            assertThat(d.result()).isEqualTo(new BigDecimal("11"));
        });
    }

    @Test
    @DisplayName("a type reference to an item definition the model does not declare is still refused")
    void undeclaredTypeIsRefused() {
        String typo = MODEL.replace("typeRef=\"tNumbers\"", "typeRef=\"tNumbrs\"");
        RuleSetSummary summary = engineWith(typo).ruleSet("accepted");

        assertThat(summary.state()).isEqualTo(RuleSetState.FAILED);
        assertThat(summary.messages()).anySatisfy(m -> {
            assertThat(m.severity()).isEqualTo(DecisionMessage.Severity.ERROR);
            assertThat(m.text()).contains("tNumbrs");
        });
    }

    @Test
    @DisplayName("invoking an unknown function: served, the error a warning, the decision null")
    void unknownFunctionEvaluatesToNull() {
        String model = MODEL.replace("sum([1, 2, 3])", "no_such_function(1, 2)");
        DecisionEngine engine = engineWith(model);
        RuleSetSummary summary = engine.ruleSet("accepted");

        assertThat(summary.state()).as(summary.messages().toString()).isEqualTo(RuleSetState.COMPILED);
        assertThat(summary.messages()).anySatisfy(m -> {
            assertThat(m.severity()).isEqualTo(DecisionMessage.Severity.WARNING);
            assertThat(m.text()).contains("no_such_function");
        });
        ModelEvaluation evaluation = engine.evaluate("accepted", null,
                new ModelEvaluationRequest(null, Map.of("amount", BigDecimal.ONE), null));
        assertThat(evaluation.decisions()).anySatisfy(d -> {
            assertThat(d.name()).isEqualTo("other");
            assertThat(d.result()).isNull();
        });
        assertThat(evaluation.decisions()).anySatisfy(d -> {
            assertThat(d.name()).isEqualTo("total");
            assertThat(d.result()).isEqualTo(new BigDecimal("2"));
        });
    }

    @Test
    @DisplayName("an undefined variable in a decision is still refused")
    void undefinedVariableIsRefused() {
        RuleSetSummary summary = engineWith(MODEL.replace("amount + 1", "amont + 1")).ruleSet("accepted");

        assertThat(summary.state()).isEqualTo(RuleSetState.FAILED);
        assertThat(summary.messages()).anySatisfy(m -> {
            assertThat(m.severity()).isEqualTo(DecisionMessage.Severity.ERROR);
            assertThat(m.text()).contains("amont");
        });
    }

    @Test
    @DisplayName("an unknown name used as a value, even next to an invocation of it, is still refused")
    void unknownNameAsValueIsRefused() {
        RuleSetSummary summary = engineWith(MODEL.replace("sum([1, 2, 3])", "no_such_value + 1")).ruleSet("accepted");

        assertThat(summary.state()).isEqualTo(RuleSetState.FAILED);
    }

    @Test
    @DisplayName("a FEEL expression that does not parse is still refused")
    void badExpressionIsRefused() {
        RuleSetSummary summary = engineWith(MODEL.replace("sum([1, 2, 3])", "sum([1, 2, 3]) +* 2")).ruleSet("accepted");

        assertThat(summary.state()).isEqualTo(RuleSetState.FAILED);
        assertThat(summary.messages()).anySatisfy(m -> assertThat(m.severity()).isEqualTo(DecisionMessage.Severity.ERROR));
    }

    @Test
    @DisplayName("an unknown name counts as an invoked function only where the event points at an invocation of it")
    void unknownFunctionByPosition() {
        assertThat(AcceptedModelErrors.unknownFunctionInvoked("f(1)", unknown("f", 1, 0))).isTrue();
        assertThat(AcceptedModelErrors.unknownFunctionInvoked("1 + g(f(2))", unknown("f", 1, 6))).isTrue();
        assertThat(AcceptedModelErrors.unknownFunctionInvoked("f + 1", unknown("f", 1, 0))).isFalse();
        assertThat(AcceptedModelErrors.unknownFunctionInvoked("f + f(1)", unknown("f", 1, 0))).isFalse();
        assertThat(AcceptedModelErrors.unknownFunctionInvoked("g(f)", unknown("f", 1, 2))).isFalse();
        assertThat(AcceptedModelErrors.unknownFunctionInvoked("f(1)", null)).isFalse();
    }

    private static FEELEvent unknown(String name, int line, int column) {
        return new UnknownVariableErrorEvent(FEELEvent.Severity.ERROR, "Unknown variable '" + name + "'", line, column, name);
    }
}
