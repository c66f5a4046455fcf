package dev.decisioning.engine.scenarios;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the YAML scenario format: {@code ruleset}, {@code defaults}, {@code model}, {@code cases}. */
final class YamlSuiteParser {
    private static final Set<String> FILE_KEYS = Set.of("ruleset", "defaults", "model", "decisionService", "cases");
    private static final Set<String> CASE_KEYS = Set.of("name", "given", "expect", "model", "decisionService");

    // Exact decimals as written (0.10 stays 0.10) so that cents arithmetic is tested the way the client sends it;
    // duplicate keys are refused because YAML would otherwise silently keep only the last one.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String file;
    private final Map<String, Integer> lines;

    private YamlSuiteParser(String file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = lines;
    }

    static ScenarioSuite parse(SuiteFile source) {
        JsonNode root;
        Map<String, Integer> lines;
        try {
            root = YAML.readTree(source.content());
            lines = linesByPointer(source.content());
        } catch (JsonProcessingException e) {
            throw new ScenarioFormatException(source.name(), e.getLocation() == null ? null : e.getLocation().getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage());
        }
        return new YamlSuiteParser(source.name(), lines).suite(root);
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

    private ScenarioSuite suite(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw invalid("", "the file is empty; it needs 'cases'");
        }
        ObjectNode top = object(root, "", "the file");
        onlyKeys(top, "", FILE_KEYS);
        String ruleSet = top.has("ruleset") ? text(top.get("ruleset"), "/ruleset", "'ruleset'") : null;
        String model = top.has("model") ? text(top.get("model"), "/model", "'model'") : null;
        String service = top.has("decisionService")
                ? text(top.get("decisionService"), "/decisionService", "'decisionService'") : null;
        ObjectNode defaults = top.has("defaults")
                ? object(top.get("defaults"), "/defaults", "'defaults'") : YAML.createObjectNode();
        JsonNode cases = top.get("cases");
        if (cases == null || !cases.isArray() || cases.isEmpty()) {
            throw invalid(cases == null ? "" : "/cases", "'cases' must be a non-empty list");
        }
        List<ScenarioCase> scenarios = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            ScenarioCase scenario = scenario(cases.get(i), "/cases/" + i, i + 1, defaults, model, service);
            if (!names.add(scenario.name())) {
                throw invalid("/cases/" + i, "case " + (i + 1) + ": another case is already named '" + scenario.name() + "'");
            }
            scenarios.add(scenario);
        }
        return new ScenarioSuite(file, ruleSet, List.copyOf(scenarios));
    }

    private ScenarioCase scenario(JsonNode node, String pointer, int number, ObjectNode defaults, String fileModel,
                                  String fileService) {
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
        String model = fields.has("model") ? text(fields.get("model"), pointer + "/model", label + " 'model'") : fileModel;
        String service = fields.has("decisionService")
                ? text(fields.get("decisionService"), pointer + "/decisionService", label + " 'decisionService'") : fileService;
        if (service != null && model == null) {
            throw invalid(pointer, label + " names a 'decisionService' but no 'model'");
        }
        ObjectNode given = Defaults.merge(defaults.deepCopy(),
                object(fields.get("given"), pointer + "/given", label + " 'given'"));
        ObjectNode expect = object(fields.get("expect"), pointer + "/expect", label + " 'expect'");
        JsonNode explanation = expect.get(Expectations.EXPLANATION);
        if (explanation != null && !(explanation.isArray() && allObjects(explanation))) {
            throw invalid(pointer + "/expect/explanation", label
                    + " 'expect.explanation' must be a list of partial entries such as {step: ..., file: ...}");
        }
        String[] misuse = Expectations.misuse(expect, pointer + "/expect");
        if (misuse != null) {
            throw invalid(misuse[0], label + ": " + misuse[1]);
        }
        return new ScenarioCase(name, lines.getOrDefault(pointer, 0), model, service, given, expect);
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

    private ScenarioFormatException invalid(String pointer, String problem) {
        // A pointer without a line of its own (an empty mapping) takes its parent's.
        String at = pointer;
        Integer line = lines.get(at);
        while (line == null && !at.isEmpty()) {
            at = at.substring(0, at.lastIndexOf('/'));
            line = lines.get(at);
        }
        return new ScenarioFormatException(file, line, problem);
    }
}
