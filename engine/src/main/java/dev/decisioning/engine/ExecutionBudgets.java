package dev.decisioning.engine;

import java.util.Map;

/**
 * The budget each rule set's calls run under: one for all, with overrides by rule set name.
 *
 * @param defaults  the budget of rule sets without an override
 * @param byRuleSet overrides by rule set name
 */
public record ExecutionBudgets(ExecutionBudget defaults, Map<String, ExecutionBudget> byRuleSet) {
    public static final ExecutionBudgets DEFAULT = new ExecutionBudgets(ExecutionBudget.DEFAULT, Map.of());

    public ExecutionBudgets {
        if (defaults == null) {
            throw new IllegalArgumentException("a default budget is required");
        }
        byRuleSet = Map.copyOf(byRuleSet);
    }

    public ExecutionBudget of(String ruleSet) {
        return byRuleSet.getOrDefault(ruleSet, defaults);
    }
}
