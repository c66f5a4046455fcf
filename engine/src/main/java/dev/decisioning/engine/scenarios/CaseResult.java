package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisioning.engine.ExplanationEntry;

import java.util.List;

/**
 * How one case went.
 *
 * @param file        the scenario file
 * @param name        the case's name
 * @param line        where the case starts in its file; 0 when unknown
 * @param kind        {@code decision} (a customer decision) or {@code model} (a DMN model evaluation)
 * @param model       the model evaluated, for a model case
 * @param passed      true when the answer holds everything expected
 * @param given       what was sent, defaults merged in
 * @param expected    what the case expects
 * @param actual      the answer without its explanation: the decision, or {@code {<decision>: <result>}}; null when
 *                    there was no answer
 * @param mismatches  every difference found, empty when passed
 * @param error       why there was no answer (a refused request, a given that fits no request); null otherwise
 * @param notes       what else the engine said that explains a failure, such as a DMN decision's evaluation errors
 * @param explanation the rules and rows that produced the answer: what coverage is counted from
 * @param durationMicros how long the case took, asking and comparing, in microseconds
 */
public record CaseResult(String file, String name, int line, String kind, String model, boolean passed,
                         JsonNode given, JsonNode expected, JsonNode actual, List<Mismatch> mismatches, String error,
                         List<String> notes, List<ExplanationEntry> explanation, long durationMicros) {

    public static final String DECISION = "decision";
    public static final String MODEL = "model";

    /** The same result, having taken {@code micros}. */
    CaseResult took(long micros) {
        return new CaseResult(file, name, line, kind, model, passed, given, expected, actual, mismatches, error, notes,
                explanation, micros);
    }
}
