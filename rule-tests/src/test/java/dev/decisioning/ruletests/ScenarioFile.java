package dev.decisioning.ruletests;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One scenario file: the rule set it targets and its cases, with the file's {@code defaults} already merged into
 * every case's {@code given}. Anything malformed is refused as a whole, with the file and line, so that a typo can
 * never quietly turn into a case that checks less than its author meant.
 *
 * @param path    the file, relative to the module directory
 * @param ruleset the rule set the cases are sent to
 * @param cases   the cases, in file order
 */
public record ScenarioFile(Path path, String ruleset, List<Scenario> cases) {

    /**
     * One case.
     *
     * @param name   unique within its file
     * @param line   where the case starts in the file, for failure messages and IDE navigation
     * @param given  the request body, defaults merged in
     * @param expect the fields the answer must have
     */
    public record Scenario(String name, int line, ObjectNode given, ObjectNode expect) {
    }

    /** The file cannot be used; the message says where and why. */
    public static final class InvalidScenarioFile extends RuntimeException {
        InvalidScenarioFile(String message) {
            super(message);
        }
    }

    private static final Set<String> FILE_KEYS = Set.of("ruleset", "defaults", "cases");
    private static final Set<String> CASE_KEYS = Set.of("name", "given", "expect");

    // Exact decimals as written (0.10 stays 0.10) so that cents arithmetic is tested the way the client sends it;
    // duplicate keys are refused because YAML would otherwise silently keep only the last one.
    static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public static ScenarioFile load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        JsonNode root;
        Map<String, Integer> lines;
        try {
            root = YAML.readTree(text);
            lines = linesByPointer(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr();
            throw new InvalidScenarioFile(path + where + ": not valid YAML: " + e.getOriginalMessage());
        }
        return new Parser(path, lines).file(root, path.getParent().getFileName().toString());
    }

    /** Jackson's tree forgets positions, so they are collected in a separate streaming pass, keyed by JSON pointer. */
    private static Map<String, Integer> linesByPointer(String text) throws JsonProcessingException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME || token.isStructEnd()) {
                    continue;
                }
                JsonStreamContext context = token.isStructStart()
                        ? parser.getParsingContext().getParent() : parser.getParsingContext();
                lines.putIfAbsent(context.pathAsPointer().toString(), parser.currentTokenLocation().getLineNr());
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private record Parser(Path path, Map<String, Integer> lines) {

        ScenarioFile file(JsonNode root, String folderName) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw invalid("", "the file is empty; it needs 'cases'");
            }
            ObjectNode top = object(root, "", "the file");
            onlyKeys(top, "", FILE_KEYS);
            String ruleset = folderName;
            if (top.has("ruleset")) {
                ruleset = text(top.get("ruleset"), "/ruleset", "'ruleset'");
            }
            ObjectNode defaults = top.has("defaults")
                    ? object(top.get("defaults"), "/defaults", "'defaults'") : YAML.createObjectNode();
            JsonNode cases = top.get("cases");
            if (cases == null || !cases.isArray() || cases.isEmpty()) {
                throw invalid(cases == null ? "" : "/cases", "'cases' must be a non-empty list");
            }
            List<Scenario> scenarios = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < cases.size(); i++) {
                Scenario scenario = scenario(cases.get(i), "/cases/" + i, i + 1, defaults);
                if (!names.add(scenario.name())) {
                    throw invalid("/cases/" + i, "case " + (i + 1) + ": another case is already named '"
                            + scenario.name() + "'");
                }
                scenarios.add(scenario);
            }
            return new ScenarioFile(path, ruleset, List.copyOf(scenarios));
        }

        private Scenario scenario(JsonNode node, String pointer, int number, ObjectNode defaults) {
            String label = "case " + number;
            ObjectNode fields = object(node, pointer, label);
            onlyKeys(fields, pointer, CASE_KEYS);
            if (!fields.has("name")) {
                throw invalid(pointer, label + " has no 'name'");
            }
            String name = text(fields.get("name"), pointer + "/name", label + " 'name'");
            label += " ('" + name + "')";
            for (String required : List.of("given", "expect")) {
                if (!fields.has(required)) {
                    throw invalid(pointer, label + " has no '" + required + "'");
                }
            }
            ObjectNode given = merge(defaults.deepCopy(), object(fields.get("given"), pointer + "/given", label + " 'given'"));
            ObjectNode expect = object(fields.get("expect"), pointer + "/expect", label + " 'expect'");
            JsonNode explanation = expect.get("explanation");
            if (explanation != null && !(explanation.isArray() && allObjects(explanation))) {
                throw invalid(pointer + "/expect/explanation", label
                        + " 'expect.explanation' must be a list of partial entries such as {step: ..., file: ...}");
            }
            return new Scenario(name, lines.getOrDefault(pointer, 0), given, expect);
        }

        /** Case values win; objects merge key by key; a list or a scalar replaces whatever the defaults had. */
        private static ObjectNode merge(ObjectNode target, ObjectNode overrides) {
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

        private static boolean allObjects(JsonNode list) {
            for (JsonNode item : list) {
                if (!item.isObject()) {
                    return false;
                }
            }
            return true;
        }

        private ObjectNode object(JsonNode node, String pointer, String what) {
            if (!(node instanceof ObjectNode object)) {
                throw invalid(pointer, what + " must be a mapping (key: value), not " + describe(node));
            }
            return object;
        }

        private String text(JsonNode node, String pointer, String what) {
            if (node == null || !node.isTextual() || node.asText().isBlank()) {
                throw invalid(pointer, what + " must be a non-empty string, not " + describe(node));
            }
            return node.asText();
        }

        private void onlyKeys(ObjectNode node, String pointer, Set<String> allowed) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                if (!allowed.contains(key)) {
                    throw invalid(pointer + "/" + key, "unknown key '" + key + "'; expected one of "
                            + allowed.stream().sorted().toList());
                }
            }
        }

        private static String describe(JsonNode node) {
            return node == null || node.isNull() ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + node;
        }

        private InvalidScenarioFile invalid(String pointer, String problem) {
            Integer line = lines.get(pointer);
            return new InvalidScenarioFile(path + (line == null ? "" : " line " + line) + ": " + problem);
        }
    }
}
