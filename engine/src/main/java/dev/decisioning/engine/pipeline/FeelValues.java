package dev.decisioning.engine.pipeline;

import org.kie.dmn.feel.util.TypeUtil;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON-shaped Java values and FEEL values. Numbers become exact decimals on the way in; on the way
 * out decimals lose trailing zeros and temporal values become their ISO-8601 / FEEL text forms.
 */
public final class FeelValues {
    private FeelValues() {
    }

    /** JSON-parsed input to FEEL-ready input: every number a BigDecimal, maps and lists copied through. */
    static Object toFeel(Object value) {
        if (value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof BigInteger bigInteger) {
            return new BigDecimal(bigInteger);
        }
        if (value instanceof Double || value instanceof Float) {
            // Only reached when a caller parsed JSON into doubles; the decimal text is what the client sent.
            return new BigDecimal(value.toString());
        }
        if (value instanceof Number number) {
            return BigDecimal.valueOf(number.longValue());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), toFeel(v)));
            return copy;
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(toFeel(v)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toFeelMap(Map<String, Object> inputs) {
        return inputs == null ? new LinkedHashMap<>() : (Map<String, Object>) toFeel(inputs);
    }

    /** A FEEL result as a JSON-ready value. */
    public static Object toJson(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return plain(decimal);
        }
        if (value instanceof Number number) {
            return plain(new BigDecimal(number.toString()));
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), toJson(v)));
            return copy;
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(toJson(v)));
            return copy;
        }
        // Dates, times, durations, ranges: Java's own toString is wrong for FEEL in places (negative durations,
        // times without seconds), so print them the way FEEL and XML Schema do.
        return TypeUtil.formatValue(value, false);
    }

    static BigDecimal plain(BigDecimal decimal) {
        BigDecimal stripped = decimal.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
