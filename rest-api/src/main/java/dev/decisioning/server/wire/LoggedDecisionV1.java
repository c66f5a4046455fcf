package dev.decisioning.server.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One line of the decision log, and {@code GET /api/v1/decisions/{decisionId}}: a decision or model evaluation as the
 * server answered it, with its input, personal fields masked.
 *
 * @param decisionId   the decision's id (an evaluation's is sent in its answer's {@code X-Decision-Id} header)
 * @param time         when the server answered
 * @param kind         {@value #DECISION} or {@value #EVALUATION}
 * @param ruleset      the rule set version that answered
 * @param caller       the channel of the API key the call was made with; null when the server takes no keys
 * @param requestId    the caller's {@code X-Request-Id}; null when it sent none
 * @param latencyMs    milliseconds from the request to its answer, the answer's writing left out
 * @param maskedFields the personal fields whose values the input and answer hold as {@value #MASK}, by the paths of
 *                     the rule set's data model ({@code customer.birthDate}, {@code member.purchases[].at}); for an
 *                     evaluation, by name
 * @param input        the request body (of an evaluation: its {@code model}, {@code decisionService} and
 *                     {@code inputs}), masked
 * @param answer       a decision's answer without its envelope ({@code decisionId}, {@code ruleset}) and explanation;
 *                     an evaluation's {@code model}, {@code decisions} and {@code messages}
 * @param explanation  the rules that fired and table rows that were selected
 */
@JsonPropertyOrder({"decisionId", "time", "kind", "ruleset", "caller", "requestId", "latencyMs", "maskedFields", "input",
        "answer", "explanation"})
public record LoggedDecisionV1(String decisionId, Instant time, String kind, RuleSetRefV1 ruleset, String caller,
                               String requestId, BigDecimal latencyMs, List<String> maskedFields, JsonNode input,
                               JsonNode answer, List<ExplanationEntryV1> explanation) implements WireAnswer {
    public static final String DECISION = "decision";
    public static final String EVALUATION = "evaluation";
    /** What a masked value is replaced with. */
    public static final String MASK = "***";

    public LoggedDecisionV1 {
        maskedFields = maskedFields == null ? List.of() : List.copyOf(maskedFields);
        explanation = explanation == null ? List.of() : List.copyOf(explanation);
    }

    @JsonIgnore
    public boolean isDecision() {
        return DECISION.equals(kind);
    }
}
