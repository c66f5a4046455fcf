package dev.decisioning.engine.lifecycle;

import dev.decisioning.engine.UnknownRuleSetException;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The compiled version each rule set name answers with. A call reads the entry once and uses that version to the
 * end, so replacing an entry never mixes two versions within one answer.
 */
final class ServingVersions<C extends CompiledVersion<C>> {
    private final ConcurrentMap<String, C> byName = new ConcurrentHashMap<>();

    void put(C ruleSet) {
        byName.put(ruleSet.name(), ruleSet);
    }

    C get(String name) {
        C ruleSet = name == null ? null : byName.get(name);
        if (ruleSet == null) {
            throw new UnknownRuleSetException(name);
        }
        return ruleSet;
    }

    /** The entry for a name, or null: for callers that handle an unknown name themselves. */
    C find(String name) {
        return name == null ? null : byName.get(name);
    }

    List<C> all() {
        Collection<C> values = byName.values();
        return values.stream().sorted(Comparator.comparing(CompiledVersion::name)).toList();
    }
}
