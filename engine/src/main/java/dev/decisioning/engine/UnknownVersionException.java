package dev.decisioning.engine;

/** The rule set has no stored version of that number. */
public class UnknownVersionException extends RuntimeException {
    public UnknownVersionException(String ruleSet, int version) {
        super("rule set '" + ruleSet + "' has no version " + version);
    }
}
