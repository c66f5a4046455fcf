package dev.decisioning.server.wire;

import dev.decisioning.engine.ModelEvaluation;

import java.util.List;

/**
 * {@code POST /api/v1/rulesets/{ruleset}/evaluate}: every evaluated decision of one DMN model.
 *
 * @param ruleset     the rule set version that evaluated it
 * @param model       the model's name
 * @param decisions   each decision's status, result and messages
 * @param messages    every message of the evaluation
 * @param explanation the decision-table rows selected
 */
public record ModelEvaluationV1(RuleSetRefV1 ruleset, String model, List<Outcome> decisions,
                                List<MessageV1> messages, List<ExplanationEntryV1> explanation)
        implements WireAnswer {

    public static ModelEvaluationV1 from(ModelEvaluation evaluation) {
        return new ModelEvaluationV1(RuleSetRefV1.from(evaluation.ruleset()), evaluation.model(),
                WireValues.each(evaluation.decisions(), Outcome::from), MessageV1.all(evaluation.messages()),
                ExplanationEntryV1.all(evaluation.explanation()));
    }

    /**
     * One decision.
     *
     * @param status {@code succeeded}, {@code skipped}, {@code failed}, {@code evaluating} or {@code not_evaluated}
     * @param result its result as JSON values; null when it has none
     */
    public record Outcome(String name, String status, Object result, List<MessageV1> messages) {

        public static Outcome from(ModelEvaluation.DecisionOutcome outcome) {
            return new Outcome(outcome.name(), outcome.status(), outcome.result(), MessageV1.all(outcome.messages()));
        }
    }
}
