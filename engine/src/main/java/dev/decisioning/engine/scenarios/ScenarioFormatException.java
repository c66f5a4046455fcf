package dev.decisioning.engine.scenarios;

/** A scenario file that breaks its format. The whole file is refused so that a typo never checks less than meant. */
public final class ScenarioFormatException extends RuntimeException {
    private final transient SuiteProblem problem;

    public ScenarioFormatException(String file, Integer line, String problem) {
        super(new SuiteProblem(file, line, problem).toString());
        this.problem = new SuiteProblem(file, line, problem);
    }

    public SuiteProblem problem() {
        return problem;
    }
}
