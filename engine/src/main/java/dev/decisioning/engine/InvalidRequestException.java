package dev.decisioning.engine;

import java.util.List;

/** The request cannot be decided as given; each problem names the field it is about. */
public class InvalidRequestException extends RuntimeException {
    private final List<DecisionMessage> problems;

    public InvalidRequestException(String message, List<DecisionMessage> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public static InvalidRequestException of(String field, String problem) {
        return new InvalidRequestException("field '" + field + "': " + problem,
                List.of(DecisionMessage.error("input", field, null, problem)));
    }

    public List<DecisionMessage> problems() {
        return problems;
    }
}
