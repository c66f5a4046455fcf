package dev.decisioning.engine;

import dev.decisioning.engine.drools.DroolsDecisionEngine;
import dev.decisioning.engine.loading.RuleSetLoader;

import java.util.List;

/**
 * Answers decisions and DMN model evaluations from named rule sets. A rule set answers decisions when it declares its
 * own data model (a JSON Schema of its requests and a manifest of its answer); any rule set's DMN models evaluate.
 * Rule problems come back as {@link DecisionMessage}s in results and summaries; exceptions are kept for calls
 * that cannot be answered at all (unknown rule set, a rule set that does not serve, invalid input).
 */
public interface DecisionEngine {

    /** An engine serving every rule set the loader provides, each compiled once, now. */
    static DecisionEngine start(RuleSetLoader loader) {
        return start(loader, ExecutionBudgets.DEFAULT);
    }

    /** An engine serving every rule set the loader provides, each call to a rule set run under its budget. */
    static DecisionEngine start(RuleSetLoader loader, ExecutionBudgets budgets) {
        return DroolsDecisionEngine.start(loader, java.time.Clock.systemUTC(), budgets);
    }

    /** Every rule set, serving or not, sorted by name. */
    List<RuleSetSummary> ruleSets();

    /** @throws UnknownRuleSetException when there is none of that name */
    RuleSetSummary ruleSet(String name);

    /**
     * Decides a request for a rule set that declares its own data model: the request is checked against the rule
     * set's schema (every field at fault reported at once, as {@link InvalidRequestException}), its fields go to the
     * rule set's DMN model by name, and the answer holds the decisions the rule set names as its outputs.
     *
     * @param version a stored version to answer instead of the active one; null for the active one
     */
    DataModelDecision decide(String ruleSet, Integer version, com.fasterxml.jackson.databind.JsonNode request);

    /** Evaluates one DMN model (or one of its decision services) of a rule set. */
    ModelEvaluation evaluate(String ruleSet, ModelEvaluationRequest request);

    /** Every rule and decision-table row of the active version of a rule set, by file: what coverage counts against. */
    RuleInventory inventory(String ruleSet);

    /** True when at least one rule set serves. */
    boolean isReady();

    /**
     * Validates, compiles and stores files as a new version of a rule set, activating it unless told not to.
     * A rule set that does not compile, or fails the safety check, is refused: nothing is stored, nothing changes,
     * and the outcome carries the messages. Decision-table analysis findings come back as warnings.
     *
     * @throws PublishingUnavailableException when the engine has no versioned store
     */
    PublishOutcome publish(String ruleSet, java.util.Map<String, byte[]> files, PublishOptions options);

    /** The stored versions of a rule set, oldest first. */
    java.util.List<RuleSetVersion> versions(String ruleSet);

    /** Makes a stored version the one that answers: activation and rollback are the same call. */
    RuleSetSummary activate(String ruleSet, int version);

    /**
     * Called after every activation made here (a publish that activates, an activation, a rollback), so that other
     * servers can follow. Not called for {@link #adopt}.
     */
    void onActivation(java.util.function.Consumer<RuleSetActivation> listener);

    /**
     * Stores a version exactly as another server numbered it, and activates it, unless it is already the active one.
     * A version number already used here for different content is refused: the two servers' histories disagree.
     *
     * @return true when it changed which version answers here
     */
    boolean adopt(RuleSetActivation activation);

    /** The active version of every stored rule set, with its files: what a server joining later needs. */
    java.util.List<RuleSetActivation> activeVersions();

    /**
     * Compares a candidate version of a rule set with its own data model against the active one: each request (in the
     * shape its schema describes) is decided by the active and the candidate version, and the fields its manifest names under {@code impact} (each
     * output, when it names none) are compared.
     */
    ImpactReport impactOfRequests(String ruleSet, int candidateVersion,
                                  java.util.List<com.fasterxml.jackson.databind.JsonNode> requests);

    /**
     * {@link #evaluate}, answered by a stored version of the rule set instead of the active one (to test a version
     * before activating it). Nothing changes which version answers other calls.
     *
     * @throws UnknownVersionException        when there is no such stored version
     * @throws PublishingUnavailableException when the engine has no versioned store
     */
    default ModelEvaluation evaluateWithVersion(String ruleSet, int version, ModelEvaluationRequest request) {
        throw new PublishingUnavailableException();
    }

    /** {@link #inventory} of a stored version of the rule set; as {@link #evaluateWithVersion}. */
    default RuleInventory inventoryWithVersion(String ruleSet, int version) {
        throw new PublishingUnavailableException();
    }
}
