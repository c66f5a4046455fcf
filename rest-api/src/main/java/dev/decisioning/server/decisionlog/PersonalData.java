package dev.decisioning.server.decisionlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.decisioning.server.wire.LoggedDecisionV1;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Masking of personal values, and what a replay makes of masked ones. A path is dotted, with {@code []} for every
 * element of a list ({@code member.purchases[].at}); the value there, whatever its type (an object or list too), is
 * replaced with {@value LoggedDecisionV1#MASK}. A null or missing value says nothing about anyone and stays as it is.
 */
final class PersonalData {
    private static final TextNode MASK = TextNode.valueOf(LoggedDecisionV1.MASK);

    /** A masked copy and the paths that held a value. */
    record Masked(JsonNode value, List<String> paths) {
    }

    private PersonalData() {
    }

    /** {@code input} with the value at each of {@code paths} masked; {@code input} itself is left as it is. */
    static Masked byPath(JsonNode input, Set<String> paths) {
        if (input == null || paths.isEmpty()) {
            return new Masked(input, List.of());
        }
        JsonNode copy = input.deepCopy();
        Set<String> masked = new TreeSet<>();
        for (String path : paths) {
            if (mask(copy, tokens(path), 0)) {
                masked.add(path);
            }
        }
        return new Masked(copy, List.copyOf(masked));
    }

    /**
     * {@code input} with every field named like one of {@code names}, at any depth, masked: for the inputs of a model
     * evaluation, which no schema describes.
     */
    static Masked byName(JsonNode input, Set<String> names) {
        if (input == null || names.isEmpty()) {
            return new Masked(input, List.of());
        }
        JsonNode copy = input.deepCopy();
        Set<String> masked = new TreeSet<>();
        maskNamed(copy, names, masked);
        return new Masked(copy, List.copyOf(masked));
    }

    /** The last name of each path: {@code member.purchases[].at} gives {@code at}. */
    static Set<String> names(Set<String> paths) {
        Set<String> names = new TreeSet<>();
        for (String path : paths) {
            String last = path.substring(path.lastIndexOf('.') + 1);
            while (last.endsWith("[]")) {
                last = last.substring(0, last.length() - 2);
            }
            if (!last.isEmpty()) {
                names.add(last);
            }
        }
        return names;
    }

    /**
     * A copy of a logged input with its masked values left out, as a replay sends it; {@code removed} gets the place of
     * each ({@code member.purchases[0].at}), to put the mask back where the rule set requires a value.
     */
    static JsonNode withoutMasks(JsonNode input, List<String> paths, List<String> removed) {
        JsonNode copy = input.deepCopy();
        for (String path : paths) {
            unmask(copy, tokens(path), 0, "", removed);
        }
        return copy;
    }

    /** Puts the mask back at {@code place} ({@code member.purchases[0].at}); false when there is no such place. */
    static boolean restore(JsonNode input, String place) {
        List<String> parts = new ArrayList<>();
        for (String part : place.split("\\.")) {
            int bracket = part.indexOf('[');
            parts.add(bracket < 0 ? part : part.substring(0, bracket));
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                parts.add(part.substring(bracket, close + 1));
                bracket = part.indexOf('[', close);
            }
        }
        JsonNode node = input;
        for (int i = 0; i < parts.size() - 1; i++) {
            node = step(node, parts.get(i));
            if (node == null) {
                return false;
            }
        }
        String last = parts.get(parts.size() - 1);
        if (node instanceof ObjectNode object && !last.startsWith("[")) {
            object.set(last, MASK);
            return true;
        }
        return false;
    }

    private static JsonNode step(JsonNode node, String part) {
        if (part.startsWith("[")) {
            int index = Integer.parseInt(part.substring(1, part.length() - 1));
            return node instanceof ArrayNode array && index < array.size() ? array.get(index) : null;
        }
        return node instanceof ObjectNode object ? object.get(part) : null;
    }

    /** {@code a.b[].c} as {@code [a, b, [], c]}. */
    private static List<String> tokens(String path) {
        List<String> tokens = new ArrayList<>();
        for (String part : path.split("\\.")) {
            String name = part;
            int lists = 0;
            while (name.endsWith("[]")) {
                name = name.substring(0, name.length() - 2);
                lists++;
            }
            if (!name.isEmpty()) {
                tokens.add(name);
            }
            for (int i = 0; i < lists; i++) {
                tokens.add("[]");
            }
        }
        return tokens;
    }

    /** Masks what is at {@code tokens[i..]} below {@code node}; true when something was. */
    private static boolean mask(JsonNode node, List<String> tokens, int i) {
        String token = tokens.get(i);
        boolean last = i == tokens.size() - 1;
        boolean masked = false;
        if (token.equals("[]") && node instanceof ArrayNode array) {
            for (int j = 0; j < array.size(); j++) {
                if (last) {
                    if (!array.get(j).isNull()) {
                        array.set(j, MASK);
                        masked = true;
                    }
                } else {
                    masked |= mask(array.get(j), tokens, i + 1);
                }
            }
        } else if (node instanceof ObjectNode object && object.hasNonNull(token)) {
            if (last) {
                object.set(token, MASK);
                masked = true;
            } else {
                masked = mask(object.get(token), tokens, i + 1);
            }
        }
        return masked;
    }

    private static void maskNamed(JsonNode node, Set<String> names, Set<String> masked) {
        if (node instanceof ObjectNode object) {
            for (String field : new LinkedHashSet<>(iterable(object))) {
                if (names.contains(field) && object.hasNonNull(field)) {
                    object.set(field, MASK);
                    masked.add(field);
                } else {
                    maskNamed(object.get(field), names, masked);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> maskNamed(element, names, masked));
        }
    }

    private static List<String> iterable(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void unmask(JsonNode node, List<String> tokens, int i, String at, List<String> removed) {
        String token = tokens.get(i);
        boolean last = i == tokens.size() - 1;
        if (token.equals("[]") && node instanceof ArrayNode array) {
            for (int j = array.size() - 1; j >= 0; j--) {
                if (last) {
                    if (isMask(array.get(j))) {
                        array.remove(j);
                        removed.add(at + "[" + j + "]");
                    }
                } else {
                    unmask(array.get(j), tokens, i + 1, at + "[" + j + "]", removed);
                }
            }
        } else if (node instanceof ObjectNode object && object.has(token)) {
            String here = at.isEmpty() ? token : at + "." + token;
            if (last) {
                if (isMask(object.get(token))) {
                    object.remove(token);
                    removed.add(here);
                }
            } else {
                unmask(object.get(token), tokens, i + 1, here, removed);
            }
        }
    }

    private static boolean isMask(JsonNode node) {
        return node != null && node.isTextual() && node.asText().equals(LoggedDecisionV1.MASK);
    }
}
