package dev.decisioning.engine;

/**
 * A call ran past its {@link ExecutionBudget} and was stopped. It names the rule set and, where known, the rule,
 * decision or table that was running when the budget ran out.
 */
public final class BudgetExceededException extends RuntimeException {
    /** Which of the two budgets ran out. */
    public enum Limit { TIME, STEPS }

    private final String ruleSet;
    private final String element;
    private final Limit limit;

    public BudgetExceededException(String ruleSet, String element, Limit limit, String message) {
        super(message, null, false, false);
        this.ruleSet = ruleSet;
        this.element = element;
        this.limit = limit;
    }

    /** The rule set whose call was stopped; for a scenario run, the rule set it tested. */
    public String ruleSet() {
        return ruleSet;
    }

    /** The rule, decision or table running when the budget ran out, or null when not known. */
    public String element() {
        return element;
    }

    public Limit limit() {
        return limit;
    }
}
