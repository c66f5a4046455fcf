package dev.decisioning.engine.workarounds;

import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNType;
import org.kie.dmn.api.core.ast.InputDataNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kie's JSON-to-FEEL conversion turns anything given for a number into a number or, failing that, into null: "70"
 * becomes 70, and "abc", true or an object silently become null, so the runtime type check never sees the mistake.
 * This puts the value the caller sent back where a number is declared, so the decisions that need it stop with a
 * message naming the input, exactly as they do for text given for a date.
 */
public final class NonNumbersKept {
    private NonNumbersKept() {
    }

    public static void restore(DMNModel model, Map<String, Object> inputs, DMNContext context) {
        for (InputDataNode input : model.getInputs()) {
            Object raw = inputs.get(input.getName());
            if (raw != null && context.isDefined(input.getName())) {
                Object converted = context.get(input.getName());
                Object restored = restore(input.getType(), raw, converted);
                if (restored != converted) {
                    context.set(input.getName(), restored);
                }
            }
        }
    }

    private static Object restore(DMNType type, Object raw, Object converted) {
        if (type == null) {
            return converted;
        }
        if (!(raw instanceof Number) && !type.isCollection() && isNumber(type)) {
            return raw;
        }
        if (type.isComposite() && !type.isCollection() && raw instanceof Map<?, ?> rawMap
                && converted instanceof Map<?, ?> convertedMap) {
            Map<String, Object> copy = null;
            for (Map.Entry<String, DMNType> field : type.getFields().entrySet()) {
                Object rawValue = rawMap.get(field.getKey());
                Object convertedValue = convertedMap.get(field.getKey());
                if (rawValue == null) {
                    continue;
                }
                Object restored = restore(field.getValue(), rawValue, convertedValue);
                if (restored != convertedValue) {
                    if (copy == null) {
                        copy = new LinkedHashMap<>();
                        for (Map.Entry<?, ?> e : convertedMap.entrySet()) {
                            copy.put(String.valueOf(e.getKey()), e.getValue());
                        }
                    }
                    copy.put(field.getKey(), restored);
                }
            }
            return copy == null ? converted : copy;
        }
        return converted;
    }

    private static boolean isNumber(DMNType type) {
        for (DMNType t = type; t != null; t = t.getBaseType()) {
            if (!t.isComposite() && "number".equals(t.getName())) {
                return true;
            }
        }
        return false;
    }
}
