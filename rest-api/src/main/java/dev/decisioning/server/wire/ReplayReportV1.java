package dev.decisioning.server.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/rulesets/{ruleset}/replay} and the {@code replay} command: logged decisions decided again by a
 * candidate version, compared with the active one.
 *
 * @param ruleSet          the rule set
 * @param activeVersion    the version answering now: the "before" of {@code impact}
 * @param candidateVersion the version replayed: the "after"
 * @param selection        which logged decisions were asked for
 * @param found            logged decisions selected
 * @param replayed         of them, those decided by both versions
 * @param skipped          those that could not be replayed, each with why
 * @param notFound         ids asked for that the log does not hold
 * @param maskedFields     personal fields that were masked in the replayed inputs, so replayed without their values
 * @param reproduction     whether the version that made each decision answers its masked input as it did then
 * @param notes            what to keep in mind reading the report
 * @param impact           how answers change from the active version to the candidate; null when nothing was replayed
 */
public record ReplayReportV1(String ruleSet, Integer activeVersion, Integer candidateVersion, Selection selection,
                             int found, int replayed, List<Skipped> skipped, List<String> notFound,
                             List<String> maskedFields, Reproduction reproduction, List<String> notes,
                             ImpactReportV1 impact) implements WireAnswer {

    /**
     * @param from        decisions logged at or after this moment; null: no lower bound
     * @param to          ... and at or before this one; null: no upper bound
     * @param decisionIds how many ids were asked for; null when chosen by time
     * @param limit       the most decisions a replay takes (the newest)
     * @param limited     true when more matched than were taken
     */
    public record Selection(Instant from, Instant to, Integer decisionIds, int limit, boolean limited) {
    }

    public record Skipped(String decisionId, String reason) {
    }

    /**
     * @param checked          decisions whose own version was decided again (it is still stored with the same files)
     * @param reproduced       of them, answered as logged
     * @param notReproduced    answered otherwise: a masked field, or something else outside the request, matters
     * @param differingOutputs per answer field, how many were not reproduced in it
     * @param examples         ids of a few decisions that were not reproduced
     * @param unknown          decisions whose version is not stored here as it was, so could not be checked
     */
    public record Reproduction(int checked, int reproduced, int notReproduced, Map<String, Integer> differingOutputs,
                               List<String> examples, int unknown) {
    }
}
