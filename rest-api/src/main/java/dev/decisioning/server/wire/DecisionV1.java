package dev.decisioning.server.wire;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.decisioning.engine.DataModelDecision;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/decisions/{ruleset}}: a decision, in one JSON object whose keys depend on the rule set. In order:
 * {@code decisionId}, {@code ruleset}, the subject's id under the name the rule set gives it ({@code customerId},
 * {@code memberId}…), {@code decidedAt}, each output the rule set names, in its order, then {@code explanation} and
 * {@code messages}. A key is written once: an output (or subject id) named like one of the envelope's own fields is
 * left out, the envelope's field wins.
 *
 * @param decisionId  a new id for every answer
 * @param ruleset     the rule set version that decided
 * @param subject     whom the decision is about, written as {@code "<name>": "<id>"}
 * @param decidedAt   the moment the decision used
 * @param outputs     each output decision's result as JSON values, by name, in the rule set's order
 * @param explanation the rules that fired and table rows that were selected
 * @param messages    evaluation errors; an answer with any is incomplete
 */
@JsonPropertyOrder({"decisionId", "ruleset", "subject", "decidedAt", "outputs", "explanation", "messages"})
public record DecisionV1(String decisionId, RuleSetRefV1 ruleset, @JsonUnwrapped SubjectId subject,
                         Instant decidedAt, @JsonAnyGetter Map<String, Object> outputs,
                         List<ExplanationEntryV1> explanation, List<MessageV1> messages) implements WireAnswer {

    /** The keys of the answer's envelope, which no output may take. */
    static final Set<String> ENVELOPE = Set.of("decisionId", "ruleset", "decidedAt", "explanation", "messages");

    public DecisionV1 {
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public static DecisionV1 from(DataModelDecision decision) {
        String subjectIdName = decision.subjectIdName();
        SubjectId subject = ENVELOPE.contains(subjectIdName) ? null : new SubjectId(subjectIdName, decision.subjectId());
        Map<String, Object> outputs = new LinkedHashMap<>();
        decision.outputs().forEach((name, value) -> {
            if (!ENVELOPE.contains(name) && !name.equals(subjectIdName)) {
                outputs.put(name, value);
            }
        });
        return new DecisionV1(decision.decisionId(), RuleSetRefV1.from(decision.ruleset()), subject,
                decision.decidedAt(), outputs, ExplanationEntryV1.all(decision.explanation()),
                MessageV1.all(decision.messages()));
    }

    /**
     * The subject's id and the name the rule set gives it in answers.
     *
     * @param name  e.g. {@code customerId}
     * @param value the id from the request; null when it had none
     */
    public record SubjectId(@JsonIgnore String name, @JsonIgnore String value) {

        /** The one key this adds to the answer. */
        @JsonAnyGetter
        public Map<String, Object> json() {
            return Collections.singletonMap(name, value);
        }
    }
}
