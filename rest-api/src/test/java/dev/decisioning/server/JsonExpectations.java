package dev.decisioning.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compares a JSON value with an expectation written in a fixture file, the way scenario files compare answers:
 * objects only on the keys the expectation names, lists whole and in order, numbers by decimal value (a JSON number
 * only), text, booleans and null exactly.
 * <p>
 * An object whose keys are all matcher words says how to compare instead of being compared as an object; with
 * several words, each must hold:
 * <ul>
 *   <li>{@code {contains: [a, b]}}: a list holding items that match these, in any order, among others;</li>
 *   <li>{@code {anyOrder: [a, b]}}: a list of exactly items that match these, in any order;</li>
 *   <li>{@code {includes: [x, y]}} / {@code {excludes: [x, y]}}: a text containing each / none of these (one text
 *       may stand for a list of one);</li>
 *   <li>{@code {matches: regex}}: a text in which the regular expression finds a match;</li>
 *   <li>{@code {oneOf: [a, b]}}: a value matching one of these.</li>
 * </ul>
 */
final class JsonExpectations {
    static final Set<String> MATCHERS = Set.of("contains", "anyOrder", "includes", "excludes", "matches", "oneOf");
    private static final int SHOWN_CHARACTERS = 400;

    private final List<String> mismatches = new ArrayList<>();
    private int checks;

    /** Every difference found so far, each as {@code path: expected ..., actual ...}. */
    List<String> mismatches() {
        return mismatches;
    }

    /** How many single checks the comparisons made: one per value and list compared, matcher item or text. */
    int checks() {
        return checks;
    }

    /** Compares {@code actual} (null when there is none) at {@code path} with {@code expected}. */
    JsonExpectations compare(String path, JsonNode expected, JsonNode actual) {
        if (isMatcher(expected)) {
            for (Map.Entry<String, JsonNode> matcher : expected.properties()) {
                match(path, matcher.getKey(), matcher.getValue(), actual);
            }
        } else if (expected.isObject()) {
            if (actual == null || !actual.isObject()) {
                mismatch(path, expected, actual);
                return this;
            }
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                compare(join(path, field.getKey()), field.getValue(), actual.get(field.getKey()));
            }
        } else if (expected.isArray()) {
            checks++;
            // A list of another length is reported once, whole: item-by-item noise would hide what is missing.
            if (actual == null || !actual.isArray() || actual.size() != expected.size()) {
                mismatch(path, expected, actual);
                return this;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else {
            checks++;
            if (!sameValue(expected, actual)) {
                mismatch(path, expected, actual);
            }
        }
        return this;
    }

    /** True for an object whose keys are all matcher words. */
    static boolean isMatcher(JsonNode expected) {
        if (!expected.isObject() || expected.isEmpty()) {
            return false;
        }
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
            if (!MATCHERS.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code actual} meets {@code expected} with no mismatch at all. */
    static boolean matches(JsonNode expected, JsonNode actual) {
        return new JsonExpectations().compare("", expected, actual).mismatches.isEmpty();
    }

    private void match(String path, String matcher, JsonNode argument, JsonNode actual) {
        String where = path + " {" + matcher + "}";
        switch (matcher) {
            case "contains" -> {
                for (JsonNode item : list(where, argument)) {
                    checks++;
                    if (actual == null || !actual.isArray() || !anyMatches(item, actual)) {
                        mismatches.add(where + ": expected an item matching " + show(item) + ", actual " + show(actual));
                    }
                }
            }
            case "anyOrder" -> {
                checks++;
                if (actual == null || !actual.isArray() || !permutationMatches(list(where, argument), actual)) {
                    mismatch(where, argument, actual);
                }
            }
            case "includes", "excludes" -> {
                for (JsonNode text : texts(where, argument)) {
                    checks++;
                    boolean present = actual != null && actual.isTextual() && actual.asText().contains(text.asText());
                    if (actual == null || !actual.isTextual() || present != matcher.equals("includes")) {
                        mismatches.add(where + ": expected a text " + (matcher.equals("includes") ? "containing "
                                : "not containing ") + show(text) + ", actual " + show(actual));
                    }
                }
            }
            case "matches" -> {
                checks++;
                Pattern pattern = pattern(where, argument);
                if (actual == null || !actual.isTextual() || !pattern.matcher(actual.asText()).find()) {
                    mismatches.add(where + ": expected a text matching /" + pattern + "/, actual " + show(actual));
                }
            }
            case "oneOf" -> {
                checks++;
                boolean any = false;
                for (JsonNode option : list(where, argument)) {
                    any |= matches(option, actual);
                }
                if (!any) {
                    mismatch(where, argument, actual);
                }
            }
            default -> throw new IllegalStateException("not a matcher: " + matcher);
        }
    }

    private static boolean anyMatches(JsonNode expected, JsonNode actualList) {
        for (JsonNode item : actualList) {
            if (matches(expected, item)) {
                return true;
            }
        }
        return false;
    }

    /** Each expected item matched by an actual item of its own, none left over. */
    private static boolean permutationMatches(List<JsonNode> expected, JsonNode actualList) {
        if (expected.size() != actualList.size()) {
            return false;
        }
        List<JsonNode> unused = new ArrayList<>();
        actualList.forEach(unused::add);
        for (JsonNode item : expected) {
            int found = -1;
            for (int i = 0; i < unused.size() && found < 0; i++) {
                if (matches(item, unused.get(i))) {
                    found = i;
                }
            }
            if (found < 0) {
                return false;
            }
            unused.remove(found);
        }
        return true;
    }

    private static boolean sameValue(JsonNode expected, JsonNode actual) {
        if (actual == null) {
            return false;
        }
        if (expected.isNumber()) {
            return actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    private static List<JsonNode> list(String where, JsonNode argument) {
        if (!argument.isArray()) {
            throw new IllegalArgumentException(where + ": the matcher needs a list, not " + argument);
        }
        List<JsonNode> items = new ArrayList<>();
        argument.forEach(items::add);
        return items;
    }

    private static List<JsonNode> texts(String where, JsonNode argument) {
        List<JsonNode> texts = argument.isArray() ? list(where, argument) : List.of(argument);
        for (JsonNode text : texts) {
            if (!text.isTextual()) {
                throw new IllegalArgumentException(where + ": the matcher needs texts, not " + text);
            }
        }
        return texts;
    }

    private static Pattern pattern(String where, JsonNode argument) {
        if (!argument.isTextual()) {
            throw new IllegalArgumentException(where + ": the matcher needs a regular expression, not " + argument);
        }
        try {
            return Pattern.compile(argument.asText());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": not a regular expression: " + e.getMessage(), e);
        }
    }

    private void mismatch(String path, JsonNode expected, JsonNode actual) {
        mismatches.add(path + ": expected " + show(expected) + ", actual " + show(actual));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String show(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() <= SHOWN_CHARACTERS ? text : text.substring(0, SHOWN_CHARACTERS) + "… ("
                + text.length() + " characters)";
    }
}
