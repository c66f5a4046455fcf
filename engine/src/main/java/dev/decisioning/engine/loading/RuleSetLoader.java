package dev.decisioning.engine.loading;

import dev.decisioning.engine.DecisionMessage;

import java.util.List;
import java.util.Map;

/** Hands the engine its rule sets. The engine sees names, files and versions, never where they are stored. */
public interface RuleSetLoader {

    /** Every rule set this loader knows, sorted by name. */
    List<RuleSetSource> loadAll();

    /**
     * What the loader found wrong and what it did about it, by rule set name: warnings the engine shows with each rule
     * set, and, for a rule set {@link #loadAll()} does not return because nothing of it could be read, the reason it
     * does not serve.
     */
    default Map<String, List<DecisionMessage>> problems() {
        return Map.of();
    }
}
