package dev.decisioning.engine;

/** No rule set of that name is loaded. */
public class UnknownRuleSetException extends RuntimeException {
    private final String ruleSet;

    public UnknownRuleSetException(String ruleSet) {
        super("no rule set named '" + ruleSet + "'");
        this.ruleSet = ruleSet;
    }

    public String ruleSet() {
        return ruleSet;
    }
}
