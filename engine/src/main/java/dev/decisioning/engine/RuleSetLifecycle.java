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
     * The files of a stored version of a rule set, archived or not.
     *
     * @throws UnknownRuleSetException when there is no rule set of that name
     * @throws UnknownVersionException when it has no such version
     */
    SortedMap<String, byte[]> files(String ruleSet, int version);

    /**
     * Validates, compiles and stores files as a new version of a rule set, activating it unless told not to.
     * A rule set that does not compile, or fails the safety check, is refused: nothing is stored, nothing changes,
     * and the outcome carries the messages. Decision-table analysis findings come back as warnings, and so do files
     * of the base version that the new one lacks (when {@link PublishOptions#dropFilesAllowed()}). An activation is
     * recorded in the rule set's activation log under the author's name.
     *
     * @throws PublishingUnavailableException when the engine has no versioned store
     * @throws UnknownRuleSetException        when the rule set does not exist and the options do not create it
     * @throws VersionConflictException       when the options name a newest version that is not the newest any more,
     *                                        or may only create a rule set that exists
     * @throws FilesDroppedException          when the files lack some of the base version's and that is not allowed
     * @throws RuleSetArchivedException       when the rule set is archived
     */
    PublishOutcome publish(String ruleSet, Map<String, byte[]> files, PublishOptions options);

    /**
     * Makes a stored version the one that answers: activation and rollback are the same call. Recorded in the rule
     * set's activation log as {@code by}'s, unless that version was active already.
     *
     * @param expectedActive the version the caller believes is active; null: not checked
     * @throws VersionConflictException when {@code expectedActive} is given and another version is active
     * @throws RuleSetArchivedException when the rule set is archived
     */
    RuleSetSummary activate(String ruleSet, int version, String by, ExpectedVersion expectedActive);

    /**
     * Stops a rule set serving: calls to it are refused with {@link RuleSetArchivedException} until it is unarchived,
     * here and after a restart. Its versions, its active version and its log are kept. Archiving an archived rule set
     * changes nothing.
     *
     * @return its summary, in state {@link RuleSetState#ARCHIVED}
     */
    RuleSetSummary archive(String ruleSet, String by);

    /** Has an archived rule set serve its active version again; one that is not archived is left as it is. */
    RuleSetSummary unarchive(String ruleSet, String by);

    /**
     * The rule set's activation log, oldest first: every activation, rollback, publish that activated, activation
     * followed from another server, archiving and unarchiving, with who and when.
     *
     * @throws UnknownRuleSetException when there is no rule set of that name
     */
    List<ActivationRecord> activations(String ruleSet);

    /**
     * Compares a stored version of a rule set with its own data model against the active one: each request (in the
     * shape its schema describes) is decided by both versions, and the fields its manifest names under {@code impact}
     * (each output, when it names none) are compared.
     */
    ImpactReport impactOfRequests(String ruleSet, int candidateVersion, List<JsonNode> requests);
}
