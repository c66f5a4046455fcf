package dev.decisioning.engine.lifecycle;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.VersionNumber;
import dev.decisioning.engine.datamodel.DataModel;

import java.util.List;

/**
 * One version of a rule set as a compiler left it: what the lifecycle needs to know of it, whatever compiled it.
 *
 * @param <C> the compiler's own type of compiled version
 */
public interface CompiledVersion<C extends CompiledVersion<C>> {

    RuleSetSummary summary();

    /** The request and answer the rule set declares itself; null when it declares none. */
    DataModel dataModel();

    /** The same compiled rules under another version name; nothing is recompiled. */
    C withVersion(VersionNumber version);

    /** The same compiled rules with {@code notes} added to its summary's messages, after its own. */
    C withMessages(List<DecisionMessage> notes);

    default String name() {
        return summary().name();
    }

    /** Its number in the store; null when read without one. */
    default VersionNumber version() {
        return summary().version();
    }

    default String hash() {
        return summary().hash();
    }

    /** Whether it compiled, so that it can answer. */
    default boolean serves() {
        return summary().state() != RuleSetState.FAILED;
    }
}
