package dev.decisioning.engine.embedded;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.EngineEvents;
import dev.decisioning.engine.ExecutionBudgets;
import dev.decisioning.engine.drools.DroolsDecisionEngine;
import dev.decisioning.engine.loading.RuleSetLoader;

import java.time.Clock;

/** Starts a decision engine in this JVM: the one place that names the implementation behind the API. */
public final class EmbeddedEngine {

    private EmbeddedEngine() {
    }

    /** An engine serving every rule set the loader provides, each compiled once, now. */
    public static DecisionEngine start(RuleSetLoader loader) {
        return start(loader, ExecutionBudgets.DEFAULT);
    }

    /** An engine serving every rule set the loader provides, each call to a rule set run under its budget. */
    public static DecisionEngine start(RuleSetLoader loader, ExecutionBudgets budgets) {
        return start(loader, budgets, Clock.systemUTC());
    }

    /** As {@link #start(RuleSetLoader, ExecutionBudgets)}, telling the time (decision dates, budgets) by {@code clock}. */
    public static DecisionEngine start(RuleSetLoader loader, ExecutionBudgets budgets, Clock clock) {
        return DroolsDecisionEngine.start(loader, clock, budgets);
    }

    /**
     * As {@link #start(RuleSetLoader, ExecutionBudgets)}, reporting every compile, publish and activation to
     * {@code events}, those of the rule sets compiled now included.
     */
    public static DecisionEngine start(RuleSetLoader loader, ExecutionBudgets budgets, EngineEvents events) {
        return DroolsDecisionEngine.start(loader, Clock.systemUTC(), budgets, events);
    }
}
