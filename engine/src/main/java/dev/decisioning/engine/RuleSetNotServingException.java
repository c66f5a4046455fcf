package dev.decisioning.engine;

import java.util.List;

/** The rule set exists but cannot answer this kind of call: it failed to compile, or lacks what the call needs. */
public class RuleSetNotServingException extends RuntimeException {
    private final List<DecisionMessage> messages;

    public RuleSetNotServingException(String message, List<DecisionMessage> messages) {
        super(message);
        this.messages = List.copyOf(messages);
    }

    public List<DecisionMessage> messages() {
        return messages;
    }
}
