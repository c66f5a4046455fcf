package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares an answer with a case's expectation. Objects are compared only on the keys the expectation names, so a
 * case states just what it is about; lists are compared whole and in order, because an extra segment or offer is as
 * wrong as a missing one; numbers by decimal value, since answers strip trailing zeros.
 * <p>
 * Two expectation objects are not compared as objects but say how to compare:
 * {@code {contains: [a, b]}} (the list holds these items, in any order, among others) and
 * {@code {value: 10.5, tolerance: 0.01}} (a number within the tolerance). {@code explanation} is read the
 * {@code contains} way: its expected entries only have to be found somewhere in the answer's explanation.
 */
public final class Expectations {
    static final String CONTAINS = "contains";
    static final String VALUE = "value";
    static final String TOLERANCE = "tolerance";
    static final String EXPLANATION = "explanation";

    private Expectations() {
    }

    /** Every difference between {@code expect} and {@code answer}, on the fields {@code expect} names. */
    public static List<Mismatch> compare(JsonNode expect, JsonNode answer) {
        List<Mismatch> mismatches = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : expect.properties()) {
            JsonNode actual = answer == null ? null : answer.get(field.getKey());
            if (field.getKey().equals(EXPLANATION) && field.getValue().isArray()) {
                explanation(field.getValue(), actual, mismatches);
            } else {
                compare(field.getKey(), field.getValue(), actual, mismatches);
            }
        }
        return mismatches;
    }

    /** True for {@code {contains: [...]}}. */
    static boolean isContains(JsonNode expected) {
        return expected.isObject() && expected.size() == 1 && expected.has(CONTAINS);
    }

    /** True for {@code {value: n, tolerance: t}}. */
    static boolean isTolerance(JsonNode expected) {
        return expected.isObject() && expected.size() == 2 && expected.has(VALUE) && expected.has(TOLERANCE);
    }

    /**
     * The first misuse of a matcher inside an expectation, as {@code [pointer, problem]}, or null. Loaders call this
     * so that a malformed matcher is a format error with a line, not a confusing mismatch at run time.
     */
    static String[] misuse(JsonNode expected, String pointer) {
        if (isContains(expected)) {
            return expected.get(CONTAINS).isArray() ? null
                    : new String[] {pointer + "/" + CONTAINS, "'contains' must be a list of the items the answer's list must hold"};
        }
        if (isTolerance(expected)) {
            JsonNode value = expected.get(VALUE);
            JsonNode tolerance = expected.get(TOLERANCE);
            if (!value.isNumber()) {
                return new String[] {pointer + "/" + VALUE, "'value' next to 'tolerance' must be a number, not " + value};
            }
            if (!tolerance.isNumber() || tolerance.decimalValue().signum() < 0) {
                return new String[] {pointer + "/" + TOLERANCE, "'tolerance' must be a number of 0 or more, not " + tolerance};
            }
            return null;
        }
        if (expected.isObject()) {
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                String[] problem = misuse(field.getValue(), pointer + "/" + field.getKey());
                if (problem != null) {
                    return problem;
                }
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                String[] problem = misuse(expected.get(i), pointer + "/" + i);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<Mismatch> mismatches) {
        if (isContains(expected)) {
            contains(path, expected, actual, mismatches);
        } else if (isTolerance(expected)) {
            BigDecimal value = expected.get(VALUE).decimalValue();
            BigDecimal tolerance = expected.get(TOLERANCE).decimalValue();
            if (actual == null || !actual.isNumber()
                    || actual.decimalValue().subtract(value).abs().compareTo(tolerance) > 0) {
                mismatches.add(new Mismatch(path, expected, actual));
            }
        } else if (actual == null) {
            mismatches.add(new Mismatch(path, expected, null));
        } else if (expected.isObject()) {
            if (!actual.isObject()) {
                mismatches.add(new Mismatch(path, expected, actual));
                return;
            }
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                compare(path + "." + field.getKey(), field.getValue(), actual.get(field.getKey()), mismatches);
            }
        } else if (expected.isArray()) {
            // A different length is reported once, whole: element-by-element noise would hide what is missing.
            if (!actual.isArray() || actual.size() != expected.size()) {
                mismatches.add(new Mismatch(path, expected, actual));
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), mismatches);
            }
        } else if (expected.isNumber()) {
            if (!actual.isNumber() || expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                mismatches.add(new Mismatch(path, expected, actual));
            }
        } else if (!expected.equals(actual)) {
            mismatches.add(new Mismatch(path, expected, actual));
        }
    }

    private static void contains(String path, JsonNode expected, JsonNode actual, List<Mismatch> mismatches) {
        if (actual == null || !actual.isArray()) {
            mismatches.add(new Mismatch(path, expected, actual));
            return;
        }
        for (JsonNode item : expected.get(CONTAINS)) {
            if (!containsMatch(actual, item)) {
                // One mismatch per missing item names exactly what is missing; the whole list is in 'actual'.
                mismatches.add(new Mismatch(path + "[contains]", item, actual));
            }
        }
    }

    private static void explanation(JsonNode expected, JsonNode actual, List<Mismatch> mismatches) {
        for (JsonNode entry : expected) {
            if (actual == null || !actual.isArray() || !containsMatch(actual, entry)) {
                mismatches.add(new Mismatch(EXPLANATION + "[any entry]", entry, null));
            }
        }
    }

    private static boolean containsMatch(JsonNode list, JsonNode partial) {
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
            List<Mismatch> differences = new ArrayList<>();
            compare("", partial, it.next(), differences);
            if (differences.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
