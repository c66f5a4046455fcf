package dev.decisioning.bench;

import dev.decisioning.engine.ExecutionBudget;
import dev.decisioning.engine.ExecutionBudgets;

import java.time.Duration;
import java.util.Map;

/**
 * The budget benchmarks decide under: the engine still counts steps and watches the clock, as it does when serving, but
 * a machine busy with other work does not stop a measurement halfway.
 */
final class UnhurriedBudgets {
    static final ExecutionBudgets ALL = new ExecutionBudgets(
            new ExecutionBudget(Duration.ofMinutes(1), ExecutionBudget.DEFAULT.steps()), Map.of());

    private UnhurriedBudgets() {
    }
}
