package dev.decisioning.engine;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decision of a rule set that declares its own data model: the common envelope (id, rule set version, the subject's
 * id under the name the rule set gives it, when) around the results of the decisions the rule set names as its
 * outputs, in its order, then the explanation and messages.
 *
 * @param subjectIdName the answer's name for the subject's id ({@code customerId}, {@code memberId})
 * @param outputs       each output decision's result as JSON values (exact decimals, ISO dates), in order
 */
public record DataModelDecision(String decisionId, RuleSetRef ruleset, String subjectIdName,
                                String subjectId, Instant decidedAt, Map<String, Object> outputs,
                                List<ExplanationEntry> explanation, List<DecisionMessage> messages)
        implements DecisionAnswer {

    /**
     * The answer as one JSON object: the envelope's fields and the outputs. Scenario runs compare what a case expects
     * with it; the HTTP API answers the same shape, with the version as a number.
     */
    @JsonValue
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("decisionId", decisionId);
        json.put("ruleset", ruleset);
        json.put(subjectIdName, subjectId);
        json.put("decidedAt", decidedAt);
        outputs.forEach(json::putIfAbsent);
        json.put("explanation", explanation);
        json.put("messages", messages);
        return json;
    }
}
