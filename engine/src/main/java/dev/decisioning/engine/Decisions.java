package dev.decisioning.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What channel apps call: decisions and DMN model evaluations from named rule sets. Rule problems come back as
 * {@link DecisionMessage}s in answers; exceptions are kept for calls that cannot be answered at all (unknown rule set,
 * a rule set that does not serve, invalid input, a call past its budget).
 */
public interface Decisions {

    /**
     * Decides a request for a rule set that declares its own data model: the request is checked against the rule
     * set's schema (every field at fault reported at once, as {@link InvalidRequestException}), its fields go to the
     * rule set's DMN model by name, and the answer holds the decisions the rule set names as its outputs.
     *
     * @param version a stored version to answer instead of the active one; null for the active one
     */
    DataModelDecision decide(String ruleSet, Integer version, JsonNode request);

    /**
     * Evaluates one DMN model (or one of its decision services) of a rule set.
     *
     * @param version a stored version to answer instead of the active one (to test it before activating it); null for
     *                the active one. Nothing changes which version answers other calls.
     * @throws UnknownVersionException        when there is no such stored version
     * @throws PublishingUnavailableException when a version is named and the engine has no versioned store
     */
    ModelEvaluation evaluate(String ruleSet, Integer version, ModelEvaluationRequest request);

    /**
     * What a version of a rule set (null: the active one) declares about its requests: which fields are personal,
     * where the decision's moment is. {@link RequestFields#NONE} for a rule set without a data model.
     *
     * @throws UnknownVersionException when there is no such stored version
     */
    RequestFields requestFields(String ruleSet, Integer version);

    /** Every rule and decision-table row of a version of a rule set (null: the active one), by file. */
    RuleInventory inventory(String ruleSet, Integer version);

    /** True when at least one rule set serves. */
    boolean isReady();
}
