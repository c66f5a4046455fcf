package dev.decisioning.engine;

import java.time.Duration;

/**
 * How much one call may take before it is stopped: wall-clock time, and steps (DRL rule firings plus DMN decisions,
 * knowledge-model invocations, context entries and decision tables evaluated). A call past either is answered with
 * {@link BudgetExceededException}; nothing it computed is returned.
 *
 * @param time  how long the call may run
 * @param steps how many steps it may take
 */
public record ExecutionBudget(Duration time, long steps) {
    /** A customer decision takes well under a millisecond and a few dozen steps: a thousandfold margin. */
    public static final ExecutionBudget DEFAULT = new ExecutionBudget(Duration.ofSeconds(1), 100_000);

    public ExecutionBudget {
        if (time == null || time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("a time budget must be positive, got " + time);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("a step budget must be at least 1, got " + steps);
        }
    }
}
