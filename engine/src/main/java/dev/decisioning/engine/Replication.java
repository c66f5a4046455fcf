package dev.decisioning.engine;

import java.util.List;
import java.util.function.Consumer;

/** What keeps several servers answering with the same versions: activations told and followed. */
public interface Replication {

    /**
     * Calls {@code listener} after every activation made here (a publish that activates, an activation, a rollback),
     * not for those followed from elsewhere. Closing the returned handle stops the calls.
     */
    AutoCloseable onActivation(Consumer<RuleSetActivation> listener);

    /**
     * Stores a version exactly as another server numbered it, and activates it, unless it is already the active one.
     * A version number already used here for different content is refused: the two servers' histories disagree.
     *
     * @return true when it changed which version answers here
     */
    boolean follow(RuleSetActivation activation);

    /** The active version of every stored rule set, with its files: what a server joining later needs. */
    List<RuleSetActivation> activeVersions();

    /**
     * Calls {@code listener} after every archiving and unarchiving made here, with its log entry
     * ({@link ActivationRecord.Action#ARCHIVED} or {@link ActivationRecord.Action#UNARCHIVED}), not for those
     * followed from elsewhere. Closing the returned handle stops the calls.
     */
    AutoCloseable onArchive(Consumer<ActivationRecord> listener);

    /**
     * Archives or unarchives a rule set as another server did, recording the same entry (who and when) in its log.
     * A rule set not known here, or already in that state, is left as it is.
     *
     * @return true when it changed whether the rule set serves here
     */
    boolean followArchive(ActivationRecord change);

    /**
     * Whether each rule set is archived, as the last archiving or unarchiving entry of its log says (rule sets never
     * archived are left out): what a server joining later needs.
     */
    List<ActivationRecord> archiveStates();
}
