package dev.decisioning.engine.lifecycle;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.VersionNumber;
import dev.decisioning.engine.loading.RuleSetSource;

import java.util.List;

/**
 * Turns a rule set's files into a compiled version, and gives the findings of analysing it. Problems come back in the
 * compiled version's summary, never as exceptions.
 *
 * @param <C> the compiler's own type of compiled version
 */
public interface RuleSetCompilation<C extends CompiledVersion<C>> {

    C compile(RuleSetSource source);

    /** A version that did not compile or could not be read, listed with why. */
    C failed(String name, VersionNumber version, String hash, List<String> files, List<DecisionMessage> messages);

    /**
     * Findings for the person publishing a compiled version (decision-table gaps and overlaps): warnings that never
     * stop a version that compiles. May take a while; the lifecycle runs it beside storing and switching.
     */
    List<DecisionMessage> analyse(C compiled);
}
