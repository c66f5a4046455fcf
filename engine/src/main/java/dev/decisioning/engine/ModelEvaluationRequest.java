package dev.decisioning.engine;

import java.util.Map;

/**
 * A request to evaluate one DMN model of a rule set.
 *
 * @param model           the model's name or file name; may be null when the rule set has a single model
 * @param inputs          input values as parsed from JSON (maps, lists, strings, decimals, booleans, nulls)
 * @param decisionService the decision service to run instead of the whole model; optional
 */
public record ModelEvaluationRequest(String model, Map<String, Object> inputs, String decisionService) {
}
