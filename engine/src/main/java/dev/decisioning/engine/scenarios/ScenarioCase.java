package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One case of a suite, whatever format it was written in.
 *
 * @param name            unique within its file; the test's name in reports
 * @param line            where the case starts in its file (CSV: its row's line), 0 when unknown
 * @param model           null for a customer decision; otherwise the DMN model whose decisions the case checks
 * @param decisionService with a model: the decision service to run instead of the whole model; optional
 * @param given           a customer decision's request body, or the model's inputs; defaults already merged in
 * @param expect          what the answer must hold: fields of the decision, or {@code {<decision>: <result>}}
 */
public record ScenarioCase(String name, int line, String model, String decisionService, ObjectNode given,
                           ObjectNode expect) {

    public boolean isModelCase() {
        return model != null;
    }
}
