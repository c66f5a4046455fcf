package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** How a file's defaults combine with a case's {@code given}, the same in every format. */
final class Defaults {
    private Defaults() {
    }

    /** Case values win; objects merge key by key; a list or a scalar replaces whatever the defaults had. */
    static ObjectNode merge(ObjectNode target, ObjectNode overrides) {
        for (Map.Entry<String, JsonNode> field : overrides.properties()) {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode base && field.getValue() instanceof ObjectNode override) {
                merge(base, override);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return target;
    }
}
