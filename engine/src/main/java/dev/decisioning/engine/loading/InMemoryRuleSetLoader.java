package dev.decisioning.engine.loading;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rule sets given as strings or bytes, for tests and for embedding the engine. */
public final class InMemoryRuleSetLoader implements RuleSetLoader {
    private final Map<String, Map<String, byte[]>> ruleSets = new TreeMap<>();

    public InMemoryRuleSetLoader add(String ruleSet, String fileName, String content) {
        return add(ruleSet, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    public InMemoryRuleSetLoader add(String ruleSet, String fileName, byte[] content) {
        ruleSets.computeIfAbsent(ruleSet, k -> new LinkedHashMap<>()).put(fileName, content);
        return this;
    }

    @Override
    public List<RuleSetSource> loadAll() {
        return ruleSets.entrySet().stream().map(e -> RuleSetSource.of(e.getKey(), e.getValue())).toList();
    }
}
