package dev.decisioning.engine;

import java.time.Instant;

/**
 * One change of which version of a rule set serves, as the rule set's activation log keeps it: who made it and when.
 * The log is only ever appended to.
 *
 * @param ruleSet         the rule set
 * @param action          what happened
 * @param version         the version active after it (for {@link Action#ARCHIVED} and {@link Action#UNARCHIVED}, the
 *                        active version, which stays the same); null when the rule set had none
 * @param hash            that version's content hash; null with {@code version}
 * @param previousVersion the version active before it; null when none was
 * @param by              who made the change: the caller's name ({@code X-Author} over HTTP), {@code seed} or
 *                        {@code watch} for the rules directory, or the name given on the server it was made on
 * @param at              when it was made (on the server it was made on, for {@link Action#REPLICATED})
 */
public record ActivationRecord(String ruleSet, Action action, Integer version, String hash, Integer previousVersion,
                               String by, Instant at) {

    /** What changed which version serves. */
    public enum Action {
        /** The rules directory's files were stored as version 1 and activated at first start. */
        SEEDED,
        /** A publish stored a version and activated it at once. */
        PUBLISHED,
        /** A stored version was activated that is newer than the one it replaced. */
        ACTIVATED,
        /** A stored version was activated that is older than the one it replaced. */
        ROLLED_BACK,
        /** Another server of the cluster activated a version, and this server followed. */
        REPLICATED,
        /** The rule set stopped serving; its versions are kept. */
        ARCHIVED,
        /** An archived rule set serves its active version again. */
        UNARCHIVED
    }
}
