package dev.decisioning.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fixture files of {@link ModelEvaluationApiTest}: requests to {@code POST /api/v1/rulesets/{ruleset}/evaluate}
 * and what each answer must hold. A file:
 * <pre>
 * ruleset: hit-policies                      # the rule set its cases evaluate, unless a case names another
 * cases:
 *   - name: what the case shows              # unique in its file; the test is named "file › name"
 *     ruleset: no-such-rules                 # optional
 *     request: {inputs: {score: 70}}         # the body, as JSON; or
 *     body: '{not json'                      #   the body exactly as given
 *     expect:
 *       status: 200                          # the HTTP status
 *       answer: {model: Hit Policies}        # the answer as it is
 *       decisions:                           # each decision named here, found by its name
 *         Unique Band: {status: succeeded, result: mid}
 *       everyDecision: {status: succeeded}   # every decision of the answer
 *       explanation:                         # the explanation entries of each step named here, in order
 *         Unique Band: [{row: 2}]
 *       text: {excludes: ["0.30000000000000004"]}   # the body as text
 * </pre>
 * Values are compared as {@link JsonExpectations} says (objects on the keys named, lists whole and in order, numbers
 * by value, and the matchers {@code contains}, {@code anyOrder}, {@code includes}, {@code excludes}, {@code matches},
 * {@code oneOf}). Every answer must besides be JSON, say so in its content type, and carry no Java stack trace.
 */
final class ModelEvaluationCases {
    static final Path DIRECTORY = Path.of("src", "test", "resources", "model-evaluation-cases");
    private static final Set<String> FILE_KEYS = Set.of("ruleset", "cases");
    private static final Set<String> CASE_KEYS = Set.of("name", "ruleset", "request", "body", "expect");
    private static final Set<String> EXPECT_KEYS = Set.of("status", "answer", "decisions", "everyDecision",
            "explanation", "text");
    /** A line of a Java stack trace, e.g. {@code at dev.decisioning.X.y(X.java:12)}. */
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$<>]+)+\\(");
    // Decimals exactly as written, both ways: 0.10 is sent as 0.10 and 0.1 + 0.2 compared with 0.3 by value.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private ModelEvaluationCases() {
    }

    /** A fixture file: its cases, or what is wrong with it (then the cases that could be read, if any). */
    record CaseFile(String name, List<Case> cases, String problem) {
    }

    /** One case: where it is, the request, the expectation. */
    record Case(String file, int line, String name, String ruleSet, String body, JsonNode expect) {
        String title() {
            return file + " › " + name;
        }
    }

    /** Every {@code *.yaml} file of {@code directory}, by name. */
    static List<CaseFile> load(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted()
                    .map(ModelEvaluationCases::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CaseFile read(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CaseFile parse(String name, String text) {
        JsonNode root;
        Map<Integer, Integer> lines = new HashMap<>();
        List<String> problems = new ArrayList<>();
        try {
            root = YAML.readTree(text);
            scan(text, lines, problems);
        } catch (JsonProcessingException e) {
            return new CaseFile(name, List.of(), "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (!problems.isEmpty()) {
            return new CaseFile(name, List.of(), String.join("\n", problems));
        }
        List<Case> cases = new ArrayList<>();
        if (root == null || !root.isObject() || !root.path("cases").isArray() || root.path("cases").isEmpty()) {
            return new CaseFile(name, List.of(), "a case file needs 'cases', a list of cases");
        }
        unknownKeys(root, FILE_KEYS, "the file", "", problems);
        String fileRuleSet = root.path("ruleset").isTextual() ? root.get("ruleset").asText() : null;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.get("cases").size(); i++) {
            JsonNode entry = root.get("cases").get(i);
            int line = lines.getOrDefault(i, 0);
            String where = "case " + (i + 1) + " (line " + line + ")";
            if (!entry.isObject() || !entry.path("name").isTextual() || entry.get("name").asText().isBlank()) {
                problems.add(where + ": needs a 'name'");
                continue;
            }
            String caseName = entry.get("name").asText();
            where = "case '" + caseName + "' (line " + line + ")";
            int before = problems.size();
            if (!names.add(caseName)) {
                problems.add(where + ": the name is taken by an earlier case");
            }
            unknownKeys(entry, CASE_KEYS, where, "", problems);
            String ruleSet = entry.path("ruleset").isTextual() ? entry.get("ruleset").asText() : fileRuleSet;
            if (ruleSet == null) {
                problems.add(where + ": no 'ruleset', neither its own nor the file's");
            }
            if (entry.has("request") == entry.has("body") || entry.has("body") && !entry.get("body").isTextual()) {
                problems.add(where + ": needs either 'request' (sent as JSON) or 'body' (a text sent as it is)");
            }
            JsonNode expect = entry.path("expect");
            if (!expect.isObject() || expect.isEmpty()) {
                problems.add(where + ": needs 'expect'");
            } else {
                unknownKeys(expect, EXPECT_KEYS, where, " in expect", problems);
                for (String byName : List.of("decisions", "explanation")) {
                    if (expect.has(byName) && !expect.get(byName).isObject()) {
                        problems.add(where + ": 'expect." + byName + "' must map names to expectations");
                    }
                }
                if (expect.has("text") && !JsonExpectations.isMatcher(expect.get("text"))) {
                    problems.add(where + ": 'expect.text' must be matchers, e.g. {includes: [...]}");
                }
            }
            if (problems.size() == before) {
                String body = entry.has("body") ? entry.get("body").asText() : entry.get("request").toString();
                cases.add(new Case(name, line, caseName, ruleSet, body, expect));
            }
        }
        return new CaseFile(name, cases, problems.isEmpty() ? null : String.join("\n", problems));
    }

    /** Sends the case's request and fails, saying everything about the case, unless the answer is as expected. */
    static void run(WebClient client, Case testCase) {
        String path = "/api/v1/rulesets/" + testCase.ruleSet() + "/evaluate";
        HttpResponse<Buffer> response = client.post(path).putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(testCase.body())).await();
        List<String> mismatches = new ArrayList<>(plainJsonProblems(response));
        JsonNode answer = null;
        try {
            answer = JSON.readTree(response.bodyAsString() == null ? "" : response.bodyAsString());
        } catch (JsonProcessingException e) {
            mismatches.add("body: expected JSON, actual text that is not (" + e.getOriginalMessage() + ")");
        }
        if (answer != null && !answer.isMissingNode()) {
            mismatches.addAll(compare(testCase.expect(), response.statusCode(), response.bodyAsString(), answer)
                    .mismatches());
        }
        if (!mismatches.isEmpty()) {
            fail(failure(testCase, path, mismatches, response));
        }
    }

    /** Compares an answer with a case's {@code expect}. */
    static JsonExpectations compare(JsonNode expect, int status, String text, JsonNode answer) {
        JsonExpectations expectations = new JsonExpectations();
        if (expect.has("status")) {
            expectations.compare("status", expect.get("status"), IntNode.valueOf(status));
        }
        if (expect.has("answer")) {
            expectations.compare("", expect.get("answer"), answer);
        }
        if (expect.has("text")) {
            expectations.compare("body text", expect.get("text"), TextNode.valueOf(text));
        }
        for (Iterator<Map.Entry<String, JsonNode>> named = expect.path("decisions").fields(); named.hasNext(); ) {
            Map.Entry<String, JsonNode> decision = named.next();
            expectations.compare("decisions[" + decision.getKey() + "]", decision.getValue(),
                    decision(answer, decision.getKey()));
        }
        if (expect.has("everyDecision")) {
            for (JsonNode decision : answer.path("decisions")) {
                expectations.compare("decisions[" + decision.path("name").asText() + "]", expect.get("everyDecision"),
                        decision);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> steps = expect.path("explanation").fields(); steps.hasNext(); ) {
            Map.Entry<String, JsonNode> step = steps.next();
            ArrayNode entries = JsonNodeFactory.instance.arrayNode();
            for (JsonNode entry : answer.path("explanation")) {
                if (step.getKey().equals(entry.path("step").asText())) {
                    entries.add(entry);
                }
            }
            expectations.compare("explanation[" + step.getKey() + "]", step.getValue(), entries);
        }
        return expectations;
    }

    /** What makes an answer other than plain JSON: an empty body, another content type, a Java stack trace. */
    static List<String> plainJsonProblems(HttpResponse<Buffer> response) {
        List<String> problems = new ArrayList<>();
        String text = response.bodyAsString() == null ? "" : response.bodyAsString();
        String contentType = response.getHeader("content-type");
        if (text.isBlank()) {
            problems.add("body: expected JSON, actual an empty body");
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            problems.add("content-type: expected application/json, actual " + contentType);
        }
        if (text.contains("at dev.") || text.contains("Exception") || STACK_FRAME.matcher(text).find()) {
            problems.add("body: expected no Java stack trace, actual one");
        }
        return problems;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    private static JsonNode decision(JsonNode answer, String name) {
        for (JsonNode decision : answer.path("decisions")) {
            if (name.equals(decision.path("name").asText())) {
                return decision;
            }
        }
        return null;
    }

    private static String failure(Case testCase, String path, List<String> mismatches, HttpResponse<Buffer> response) {
        StringBuilder text = new StringBuilder();
        text.append(testCase.file()).append(" line ").append(testCase.line()).append(", case '")
                .append(testCase.name()).append("'\n");
        text.append("POST ").append(path).append(", request:\n").append(pretty(testCase.body())).append('\n');
        text.append("mismatches:\n");
        mismatches.forEach(m -> text.append("  - ").append(m).append('\n'));
        text.append("expected:\n").append(pretty(testCase.expect().toString())).append('\n');
        text.append("actual: HTTP ").append(response.statusCode()).append('\n')
                .append(pretty(response.bodyAsString())).append('\n');
        return text.toString();
    }

    private static String pretty(String json) {
        if (json == null || json.isBlank()) {
            return "(empty)";
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String where, String in, List<String> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!allowed.contains(key)) {
                problems.add(where + ": unknown key '" + key + "'" + in + "; expected one of "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    /**
     * Notes the line each case starts on, by its index (Jackson's tree forgets positions, a streaming pass keeps
     * them), and refuses YAML aliases, which Jackson's tree would take for the text of their names.
     */
    private static void scan(String text, Map<Integer, Integer> lines, List<String> problems)
            throws JsonProcessingException {
        try (JsonParser parser = YAML.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    problems.add("line " + parser.currentTokenLocation().getLineNr() + ": YAML aliases (*"
                            + parser.getText() + ") are not supported; write the value out");
                } else if (token == JsonToken.START_OBJECT && parser.getParsingContext().getParent() != null) {
                    String pointer = parser.getParsingContext().getParent().pathAsPointer().toString();
                    if (pointer.matches("/cases/\\d+")) {
                        lines.putIfAbsent(Integer.parseInt(pointer.substring("/cases/".length())),
                                parser.currentTokenLocation().getLineNr());
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
