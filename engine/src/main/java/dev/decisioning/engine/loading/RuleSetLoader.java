package dev.decisioning.engine.loading;

import java.util.List;

/** Hands the engine its rule sets. The engine sees names, files and versions, never where they are stored. */
public interface RuleSetLoader {

    /** Every rule set this loader knows, sorted by name. */
    List<RuleSetSource> loadAll();
}
