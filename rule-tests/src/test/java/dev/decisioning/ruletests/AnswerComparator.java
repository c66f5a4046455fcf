package dev.decisioning.ruletests;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a decision answer with a scenario's expectation. Objects are compared only on the keys the expectation
 * names, so a case states just what it is about; lists are compared whole and in order, because an extra segment or
 * offer is as wrong as a missing one; numbers by decimal value, since the server strips trailing zeros.
 * {@code explanation} is the exception: its expected entries only have to be found somewhere in the answer's list.
 */
public final class AnswerComparator {
    private static final String EXPLANATION = "explanation";

    /**
     * One difference.
     *
     * @param path     where, e.g. {@code loyaltyTier.spendToNextTier} or {@code offers[1].id}
     * @param expected what the case expects
     * @param actual   what the answer has; null when the answer lacks the field altogether
     */
    public record Mismatch(String path, JsonNode expected, JsonNode actual) {
        @Override
        public String toString() {
            return path + ": expected " + expected + ", actual " + (actual == null ? "(absent)" : actual);
        }
    }

    private AnswerComparator() {
    }

    public static List<Mismatch> compare(JsonNode expect, JsonNode answer) {
        List<Mismatch> mismatches = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : expect.properties()) {
            JsonNode actual = answer.get(field.getKey());
            if (field.getKey().equals(EXPLANATION)) {
                explanation(field.getValue(), actual, mismatches);
            } else {
                compare(field.getKey(), field.getValue(), actual, mismatches);
            }
        }
        return mismatches;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<Mismatch> mismatches) {
        if (actual == null) {
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

    private static void explanation(JsonNode expected, JsonNode actual, List<Mismatch> mismatches) {
        for (JsonNode entry : expected) {
            boolean found = actual != null && actual.isArray() && contains(actual, entry);
            if (!found) {
                mismatches.add(new Mismatch(EXPLANATION + "[any entry]", entry, null));
            }
        }
    }

    private static boolean contains(JsonNode entries, JsonNode partial) {
        for (JsonNode entry : entries) {
            List<Mismatch> differences = new ArrayList<>();
            compare(EXPLANATION, partial, entry, differences);
            if (differences.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
