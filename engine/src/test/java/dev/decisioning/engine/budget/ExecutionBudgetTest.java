package dev.decisioning.engine.budget;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.BudgetExceededException;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.ExecutionBudget;
import dev.decisioning.engine.ExecutionBudgets;
import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.request.RequestJson;
import dev.decisioning.engine.loading.InMemoryRuleSetLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calls that run past their budget are stopped in bounded time, named, and leave the engine serving: a FEEL loop that
 * takes no step is stopped by the watchdog, a rule that keeps firing itself by the step count.
 */
class ExecutionBudgetTest {
    private static final Path RETAIL = Path.of("..", "rules", "retail-loyalty");
    private static final String SPIN_MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="_spin" name="spin"
                         namespace="https://decisioning.dev/test/spin">
              <inputData id="_n" name="n"><variable name="n" typeRef="number"/></inputData>
              <decision id="_total" name="total">
                <variable name="total"/>
                <informationRequirement><requiredInput href="#_n"/></informationRequirement>
                <literalExpression><text>count(for i in 1..n return i)</text></literalExpression>
              </decision>
            </definitions>
            """;
    /** A rule that changes the fact it matches without no-loop: it matches again after every firing, for ever. */
    private static final String REFIRING_RULE = """
            package retail.loyalty;
            rule "keeps firing"
            when
                $p : CustomerProfile() @watch(*)
            then
                modify($p) { setOrderCount($p.getOrderCount() + 1) }
            end
            """;
    private static final String CUSTOMER = """
            {"customer": {"id": "c-1", "orders": []}, "context": {"now": "2026-11-22T10:00:00Z"}}""";

    private static DecisionEngine engine;

    @BeforeAll
    static void start() throws IOException {
        InMemoryRuleSetLoader rules = new InMemoryRuleSetLoader().add("spin", "spin.dmn", SPIN_MODEL);
        for (String file : new String[] {"customer-decision.dmn", "customer-metrics.drl", "customer-segments.drl.csv",
                "data-model.schema.json", "ruleset.json"}) {
            rules.add("refiring", file, Files.readAllBytes(RETAIL.resolve(file)));
        }
        rules.add("refiring", "refiring.drl", REFIRING_RULE);
        ExecutionBudget tight = new ExecutionBudget(Duration.ofMillis(300), 100_000);
        ExecutionBudget fewSteps = new ExecutionBudget(Duration.ofSeconds(30), 5_000);
        engine = EmbeddedEngine.start(rules, new ExecutionBudgets(tight, Map.of("refiring", fewSteps)));
        assertThat(engine.ruleSet("spin").state()).isEqualTo(RuleSetState.COMPILED);
        assertThat(engine.ruleSet("refiring").state()).as("%s", engine.ruleSet("refiring").messages())
                .isEqualTo(RuleSetState.COMPILED);
    }

    @Test
    void aFeelLoopThatTakesNoStepIsStoppedSoonAfterItsDeadlineAndTheEngineServesOn() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> engine.evaluate("spin", null, spin(1_000_000_000)))
                .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(BudgetExceededException.Limit.TIME);
                    assertThat(e.ruleSet()).isEqualTo("spin");
                    assertThat(e.element()).isEqualTo("total");
                    assertThat(e.getMessage()).contains("rule set 'spin'", "300 ms", "'total'");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        ModelEvaluation small = engine.evaluate("spin", null, spin(3));
        assertThat(small.decisions()).singleElement().satisfies(d -> assertThat(d.result()).hasToString("3"));
    }

    @Test
    void aStopThatLibraryCodeWrapsInItsOwnFailureIsStillAnsweredAsTheBudgetRunningOut() {
        // MVEL compiling a rule condition on first use catches the stop and reports "[Error: null]" instead.
        java.util.function.Supplier<Object> wrapsTheStop = () -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
                return null;
            } catch (Throwable stop) {
                throw new IllegalStateException("[Error: null]", stop);
            }
        };
        assertThatThrownBy(() -> dev.decisioning.engine.budget.ExecutionGuard.run("wrapping",
                new dev.decisioning.engine.ExecutionBudget(java.time.Duration.ofMillis(100), 1_000), wrapsTheStop))
                .isInstanceOfSatisfying(BudgetExceededException.class,
                        e -> assertThat(e.limit()).isEqualTo(BudgetExceededException.Limit.TIME));
    }

    @Test
    void aRuleThatKeepsFiringItselfIsStoppedByTheStepBudgetNamingIt() throws IOException {
        com.fasterxml.jackson.databind.JsonNode request = RequestJson.strictMapper().readTree(CUSTOMER);
        assertThatThrownBy(() -> engine.decide("refiring", null, request))
                .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(BudgetExceededException.Limit.STEPS);
                    assertThat(e.element()).isEqualTo("keeps firing");
                    assertThat(e.getMessage()).contains("rule set 'refiring'", "5000 steps", "'keeps firing'");
                });
    }

    @Test
    void aRuleSetWhoseCallsKeepRunningPastTheBudgetIsReportedDegradedOthersAreNot() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> engine.evaluate("spin", null, spin(1_000_000_000))).isInstanceOf(BudgetExceededException.class);
        }
        assertThat(engine.ruleSet("spin").state()).isEqualTo(RuleSetState.DEGRADED);
        assertThat(engine.ruleSet("spin").messages()).anySatisfy(m -> assertThat(m.text())
                .contains("ran past their budget", "rule set 'spin'"));
        assertThat(engine.ruleSet("refiring").state()).isNotEqualTo(RuleSetState.DEGRADED);
    }

    private static ModelEvaluationRequest spin(int n) {
        return new ModelEvaluationRequest("spin", Map.of("n", java.math.BigDecimal.valueOf(n)), null);
    }
}
