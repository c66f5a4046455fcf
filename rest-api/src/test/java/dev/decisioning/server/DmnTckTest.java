package dev.decisioning.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.decisioning.engine.pipeline.FeelValues;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.api.core.DMNRuntime;
import org.kie.dmn.core.compiler.RuntimeTypeCheckOption;
import org.kie.dmn.core.impl.DMNRuntimeImpl;
import org.kie.dmn.core.internal.utils.DMNRuntimeBuilder;
import org.kie.internal.io.ResourceFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Conformance folders of the DMN TCK ({@code src/test/resources/dmn-tck/}, see the NOTICE there) through the real
 * server: each model is published with {@code PUT /api/v1/rulesets/{name}}, each test case evaluated with
 * {@code POST /api/v1/rulesets/{name}/evaluate}, and every result node compared with what the TCK expects. A test is
 * named {@code folder › case › result node}.
 *
 * <p>Cases listed in {@code known-differences.txt} are skipped with the reason the file gives, after checking the
 * reason still holds: a difference of Drools' own must still be Drools' answer when the model runs on plain kie-dmn,
 * and a difference of the JSON mapping must be gone when plain kie-dmn gets FEEL-typed values. A listed case that
 * passes, or an entry that names no case, fails.
 */
@DisplayName("DMN TCK over HTTP")
@WithServer(ruleSets = {}, adminToken = DmnTckTest.TOKEN)
class DmnTckTest {
    static final Path TCK = Path.of("src", "test", "resources", "dmn-tck");
    static final Path KNOWN_DIFFERENCES = TCK.resolve("known-differences.txt");
    static final String TOKEN = "tck-admin-token";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * Folders whose model Drools reports an error on that the standard accepts: published with that error as a
     * warning, which names this.
     */
    static final Map<String, String> ACCEPTED_ERRORS = Map.of(
            "0092-feel-lambda", "Unable to resolve type reference 'list_of_number'",
            "1131-feel-function-invocation", "Unknown variable 'non_existing_function'");

    @WithServer.Inject
    static WebClient client;
    /** Each folder's publish answer, published once, by the first test that needs it. */
    static final Map<String, HttpResponse<Buffer>> PUBLISHED = new ConcurrentHashMap<>();
    /** Each test case's evaluate answer, by folder and case. */
    static final Map<String, JsonNode> ANSWERS = new ConcurrentHashMap<>();
    /** Plain kie-dmn runtimes, by folder, for checking known differences. */
    static final Map<String, DMNRuntime> PLAIN = new ConcurrentHashMap<>();

    /** One line of {@code known-differences.txt}: {@code folder | case | result node | drools or json | reason}. */
    record KnownDifference(String folder, String testCase, String node, String cause, String reason) {
        String key() {
            return folder + " › " + testCase + " › " + node;
        }
    }

    static Map<String, KnownDifference> knownDifferences() throws IOException {
        Map<String, KnownDifference> known = new LinkedHashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(KNOWN_DIFFERENCES, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\|", 5);
            if (fields.length != 5) {
                throw new IllegalStateException(KNOWN_DIFFERENCES + ":" + number + ": expected 'folder | case | node | "
                        + "drools or json | reason', got: " + line);
            }
            KnownDifference difference = new KnownDifference(fields[0].strip(), fields[1].strip(), fields[2].strip(),
                    fields[3].strip(), fields[4].strip());
            if (!Set.of("drools", "json").contains(difference.cause())) {
                throw new IllegalStateException(KNOWN_DIFFERENCES + ":" + number + ": the cause is 'drools' or 'json', not '"
                        + difference.cause() + "'");
            }
            known.put(difference.key(), difference);
        }
        return known;
    }

    static List<Path> folders() throws IOException {
        try (Stream<Path> entries = Files.list(TCK)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }

    static List<Path> testFiles(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().matches(".*-test-\\d+\\.xml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicNode> conformance() throws IOException {
        Map<String, KnownDifference> known = knownDifferences();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path folder : folders()) {
            String name = folder.getFileName().toString();
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest(name + " › publish", () -> assertPublished(folder)));
            for (Path file : testFiles(folder)) {
                TckCases.TestFile testFile = TckCases.read(file);
                for (TckCases.TestCase testCase : testFile.cases()) {
                    for (TckCases.Result result : testCase.results()) {
                        String display = name + " › " + testCase.id() + " › " + result.node();
                        KnownDifference difference = known.get(display);
                        tests.add(DynamicTest.dynamicTest(display,
                                () -> check(display, folder, testFile, testCase, result, difference)));
                    }
                }
            }
            nodes.add(DynamicContainer.dynamicContainer(name, tests.stream()));
        }
        return nodes.stream();
    }

    @Test
    @DisplayName("every known difference names a TCK case here")
    void knownDifferencesNameRealCases() throws IOException {
        Set<String> cases = new HashSet<>();
        for (Path folder : folders()) {
            for (Path file : testFiles(folder)) {
                for (TckCases.TestCase testCase : TckCases.read(file).cases()) {
                    testCase.results().forEach(r -> cases.add(folder.getFileName() + " › " + testCase.id() + " › " + r.node()));
                }
            }
        }
        assertThat(knownDifferences().keySet()).as("entries of " + KNOWN_DIFFERENCES).allMatch(cases::contains);
    }

    private static Path modelOf(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.toString().endsWith(".dmn")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(folder + " holds no .dmn model"));
        }
    }

    private static HttpResponse<Buffer> publish(Path folder) {
        return PUBLISHED.computeIfAbsent(folder.getFileName().toString(), name -> {
            try {
                Path model = modelOf(folder);
                return client.put("/api/v1/rulesets/" + name + "?create=true&file=" + model.getFileName())
                        .putHeader("Authorization", "Bearer " + TOKEN)
                        .sendBuffer(Buffer.buffer(Files.readAllBytes(model))).await();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The model is accepted: published and active, with no error among its messages, and an error of Drools' that
     * the standard accepts shown as a warning.
     */
    private static void assertPublished(Path folder) {
        HttpResponse<Buffer> response = publish(folder);
        assertThat(response.statusCode()).as("publishing %s answered %s", folder.getFileName(), response.bodyAsString())
                .isIn(200, 201);
        JsonNode answer = parse(response.bodyAsString());
        assertThat(answer.path("active").asBoolean()).as(response.bodyAsString()).isTrue();
        List<JsonNode> messages = new ArrayList<>();
        answer.path("messages").forEach(messages::add);
        assertThat(messages).as("messages of the published model").noneMatch(m -> m.path("severity").asText().equals("ERROR"));
        String accepted = ACCEPTED_ERRORS.get(folder.getFileName().toString());
        if (accepted != null) {
            assertThat(messages).as("messages of the published model").anyMatch(m -> m.path("severity").asText()
                    .equals("WARNING") && m.path("text").asText().contains(accepted));
        }
    }

    private static JsonNode evaluate(Path folder, TckCases.TestCase testCase) {
        String name = folder.getFileName().toString();
        return ANSWERS.computeIfAbsent(name + " › " + testCase.id(), key -> {
            HttpResponse<Buffer> published = publish(folder);
            if (published.statusCode() != 200 && published.statusCode() != 201) {
                fail("the model was not published: " + published.bodyAsString());
            }
            Map<String, Object> body = Map.of("inputs", TckCases.toJson(testCase.inputs()));
            HttpResponse<Buffer> response = client.post("/api/v1/rulesets/" + name + "/evaluate")
                    .putHeader("content-type", "application/json")
                    .sendBuffer(Buffer.buffer(write(body))).await();
            if (response.statusCode() != 200) {
                fail("evaluate answered " + response.statusCode() + ": " + response.bodyAsString());
            }
            return parse(response.bodyAsString());
        });
    }

    private static void check(String display, Path folder, TckCases.TestFile file, TckCases.TestCase testCase,
                              TckCases.Result result, KnownDifference known) {
        JsonNode answer = evaluate(folder, testCase);
        JsonNode decision = null;
        for (JsonNode candidate : answer.path("decisions")) {
            if (candidate.path("name").asText().equals(result.node())) {
                decision = candidate;
            }
        }
        Object actual = decision == null ? null : JSON.convertValue(decision.path("result"), Object.class);
        String difference = decision == null ? "the answer has no decision '" + result.node() + "'"
                : TckCases.difference(result.expected(), actual, result.node());
        String report = display + "\nTCK file: " + TCK.relativize(file.file()) + "\ncase " + testCase.id() + ": "
                + testCase.description() + "\ninputs: " + write(TckCases.toJson(testCase.inputs()))
                + "\nexpected: " + result.expected() + (result.errorResult() ? " (the standard expects an error)" : "")
                + "\nactual: " + (decision == null ? "(none)" : decision.toString());
        if (known == null) {
            if (difference != null) {
                fail(display + ": " + difference + "\n" + report);
            }
            return;
        }
        if (difference == null) {
            fail("listed in " + KNOWN_DIFFERENCES.getFileName() + " (" + known.reason() + "), but the answer now is "
                    + "the TCK's: remove the entry\n" + report);
        }
        Object plain = plainDrools(folder, testCase, result.node());
        String plainDifference = TckCases.difference(result.expected(), plain, result.node());
        if (known.cause().equals("drools") && plainDifference == null) {
            fail("listed as Drools' own difference, but plain kie-dmn answers as the TCK expects (" + write(plain)
                    + "): the difference is ours\n" + report);
        }
        if (known.cause().equals("json") && plainDifference != null) {
            fail("listed as a difference of the JSON mapping, but plain kie-dmn with FEEL-typed inputs differs too ("
                    + plainDifference + ")\n" + report);
        }
        Assumptions.abort(display + ": known difference (" + known.cause() + "): " + known.reason() + "; " + difference);
    }

    /**
     * What the model answers on kie-dmn itself, without this server: built by Drools' own DMN runtime builder,
     * with the same run-time type check as the server, inputs as FEEL values of the types the TCK names.
     */
    private static Object plainDrools(Path folder, TckCases.TestCase testCase, String node) {
        DMNRuntime runtime = PLAIN.computeIfAbsent(folder.getFileName().toString(), name -> {
            try {
                DMNRuntime built = DMNRuntimeBuilder.fromDefaults().buildConfiguration()
                        .fromResources(List.of(ResourceFactory.newFileResource(modelOf(folder).toFile())))
                        .getOrElseThrow(e -> new IllegalStateException("plain kie-dmn cannot build " + name, e));
                ((DMNRuntimeImpl) built).setOption(new RuntimeTypeCheckOption(true));
                return built;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        DMNModel model = runtime.getModels().get(0);
        DMNContext context = runtime.newContext();
        testCase.inputs().forEach((input, value) -> context.set(input, TckCases.toFeel(value)));
        DMNResult result = runtime.evaluateAll(model, context);
        DMNDecisionResult decision = result.getDecisionResultByName(node);
        return decision == null ? null : JSON.convertValue(FeelValues.toJson(decision.getResult()), Object.class);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
