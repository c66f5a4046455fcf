package dev.decisioning.ruletests.airline;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The differences between an expected answer and the server's, field by field: numbers by value ({@code 1.50} equals
 * {@code 1.5}, {@code 10} equals {@code 10.0}), everything else exactly; arrays in order; an object must have the
 * expected entries and no others; {@code null} is JSON null, and an absent field differs from it.
 */
final class AnswerDiff {
    private AnswerDiff() {
    }

    /** One line per difference, {@code "<path>: expected <e>, actual <a>"}; empty when the answers agree. */
    static List<String> of(JsonNode expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        Iterator<String> fields = expected.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            diff(field, expected.get(field), actual.path(field), differences);
        }
        return differences;
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (actual.isMissingNode()) {
            out.add(path + ": expected " + expected + ", actual absent");
        } else if (expected.isNull() || actual.isNull()) {
            if (!(expected.isNull() && actual.isNull())) {
                out.add(path + ": expected " + expected + ", actual " + actual);
            }
        } else if (expected.isNumber()) {
            if (!actual.isNumber() || expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                out.add(path + ": expected " + expected + ", actual " + actual);
            }
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                out.add(path + ": expected " + expected + ", actual " + actual);
                return;
            }
            List<String> inner = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                diff(path + "[" + i + "]", expected.get(i), actual.get(i), inner);
            }
            if (!inner.isEmpty()) {
                // Say which element differs, and show both arrays whole: an order problem reads better that way.
                out.addAll(inner);
                out.add(path + ": expected " + expected + ", actual " + actual);
            }
        } else if (expected.isObject()) {
            if (!actual.isObject()) {
                out.add(path + ": expected " + expected + ", actual " + actual);
                return;
            }
            Iterator<String> fields = expected.fieldNames();
            while (fields.hasNext()) {
                String field = fields.next();
                diff(path + "." + field, expected.get(field), actual.path(field), out);
            }
            Iterator<String> actualFields = actual.fieldNames();
            while (actualFields.hasNext()) {
                String field = actualFields.next();
                if (!expected.has(field)) {
                    out.add(path + "." + field + ": not expected, actual " + actual.get(field));
                }
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": expected " + expected + ", actual " + actual);
        }
    }
}
