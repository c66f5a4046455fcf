package dev.decisioning.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the people who own rule sets call: which rule sets there are, their versions, publishing, activating and
 * rolling back, and what a version would change. Rule problems come back in outcomes and summaries as messages.
 */
public interface RuleSetLifecycle {

    /** Every rule set, serving or not, sorted by name. */
    List<RuleSetSummary> ruleSets();

    /** @throws UnknownRuleSetException when there is none of that name */
    RuleSetSummary ruleSet(String name);

    /** The stored versions of a rule set, oldest first. */
    List<RuleSetVersion> versions(String ruleSet);

    /** The files of the active version of a rule set; empty when none is stored. */
    SortedMap<String, byte[]> activeFiles(String ruleSet);

    /**
     * Validates, compiles and stores files as a new version of a rule set, activating it unless told not to.
     * A rule set that does not compile, or fails the safety check, is refused: nothing is stored, nothing changes,
     * and the outcome carries the messages. Decision-table analysis findings come back as warnings.
     *
     * @throws PublishingUnavailableException when the engine has no versioned store
     */
    PublishOutcome publish(String ruleSet, Map<String, byte[]> files, PublishOptions options);

    /** Makes a stored version the one that answers: activation and rollback are the same call. */
    RuleSetSummary activate(String ruleSet, int version);

    /**
     * Compares a stored version of a rule set with its own data model against the active one: each request (in the
     * shape its schema describes) is decided by both versions, and the fields its manifest names under {@code impact}
     * (each output, when it names none) are compared.
     */
    ImpactReport impactOfRequests(String ruleSet, int candidateVersion, List<JsonNode> requests);
}
