package dev.decisioning.engine.drools;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.validation.RuleCodeCheck;
import dev.decisioning.engine.pipeline.CompiledRuleSet;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.loading.InMemoryRuleSetLoader;
import dev.decisioning.engine.loading.RuleSetSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rule code is checked on what Drools compiles it to. {@code rule-code-check/refused/} holds rule files that try to
 * reach the host in every way known (each file one rule set); {@code expected.tsv} there lists, per case, the line the
 * refusal must name and a part of its text. Nothing in them may run: the rule sets never serve, and the files their
 * code would create do not appear. {@code rule-code-check/allowed/}, the bundled rules and every rule file the tests
 * use must still compile and serve.
 */
class RuleCodeCheckTest {
    private static final Path CASES = Path.of("src", "test", "resources", "rule-code-check");
    private static final List<Path> MARKERS = List.of("runtime", "process", "file", "nio", "loader", "unicode", "function", "default", "constraint", "salience", "accumulate",
            "sheet").stream().map(name -> Path.of("/tmp", "decisioning-rule-code-check-" + name)).toList();

    private record Expected(String file, String caseName, Integer line, String text) {
    }

    @TestFactory
    Stream<DynamicTest> refusedRuleCode() throws IOException {
        for (Path marker : MARKERS) {
            Files.deleteIfExists(marker);
        }
        InMemoryRuleSetLoader loader = new InMemoryRuleSetLoader();
        List<String> files;
        try (Stream<Path> listing = Files.list(CASES.resolve("refused"))) {
            files = listing.map(p -> p.getFileName().toString()).filter(f -> !f.endsWith(".tsv")).sorted().toList();
        }
        for (String file : files) {
            loader.add(ruleSetOf(file), file, Files.readAllBytes(CASES.resolve("refused").resolve(file)));
        }
        // Loaded as at start-up: the check is part of every compile, not only of publishing.
        DecisionEngine engine = EmbeddedEngine.start(loader);
        List<Expected> expected = new ArrayList<>();
        for (String row : Files.readAllLines(CASES.resolve("refused").resolve("expected.tsv"))) {
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] cells = row.split("\t");
            expected.add(new Expected(cells[0], cells[1], cells[2].equals("-") ? null : Integer.valueOf(cells[2]), cells[3]));
        }
        Stream<DynamicTest> cases = expected.stream().map(e -> DynamicTest.dynamicTest(e.file() + " › " + e.caseName(), () -> {
            RuleSetSummary summary = engine.ruleSet(ruleSetOf(e.file()));
            assertThat(summary.state()).isEqualTo(RuleSetState.FAILED);
            assertThat(summary.messages()).as(String.join("\n", summary.messages().stream().map(Object::toString).toList()))
                    .anySatisfy(m -> {
                        assertThat(m.type()).isEqualTo("safety");
                        assertThat(m.source()).isEqualTo(e.file());
                        assertThat(m.text()).contains(e.text());
                        assertThat(m.line()).isEqualTo(e.line());
                    });
        }));
        Stream<DynamicTest> perFile = files.stream().map(file -> DynamicTest.dynamicTest(file + " › nothing else, and nothing ran", () -> {
            RuleSetSummary summary = engine.ruleSet(ruleSetOf(file));
            List<DecisionMessage> safety = summary.messages().stream().filter(m -> m.type().equals("safety")).toList();
            assertThat(summary.messages()).as("only refusals of rule code").allMatch(m -> m.type().equals("safety") || !m.blocking());
            List<Expected> ofFile = expected.stream().filter(e -> e.file().equals(file)).toList();
            assertThat(safety).as("no refusal where none is expected").allSatisfy(m -> assertThat(ofFile)
                    .anyMatch(e -> java.util.Objects.equals(m.line(), e.line())));
            assertThatThrownBy(() -> engine.decide(ruleSetOf(file), null, request())).isInstanceOf(RuntimeException.class);
            assertThat(MARKERS).noneMatch(Files::exists);
        }));
        return Stream.concat(cases, perFile);
    }

    @TestFactory
    Stream<DynamicTest> everyRuleSetOfTheProjectStillServes() throws IOException {
        Map<String, Path> ruleSets = new TreeMap<>();
        ruleSets.put("bundled retail-loyalty", Path.of("..", "rules", "retail-loyalty"));
        ruleSets.put("scenario-rules mini", Path.of("src", "test", "resources", "scenario-rules", "mini"));
        ruleSets.put("rule-code-check allowed", CASES.resolve("allowed"));
        InMemoryRuleSetLoader loader = new InMemoryRuleSetLoader();
        for (Map.Entry<String, Path> ruleSet : ruleSets.entrySet()) {
            try (Stream<Path> listing = Files.list(ruleSet.getValue())) {
                for (Path file : listing.toList()) {
                    loader.add(ruleSetOf(ruleSet.getKey()), file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
        }
        DecisionEngine engine = EmbeddedEngine.start(loader);
        return ruleSets.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            RuleSetSummary summary = engine.ruleSet(ruleSetOf(name));
            assertThat(summary.messages()).as(summary.messages().toString()).noneMatch(DecisionMessage::blocking);
            assertThat(summary.state()).isEqualTo(RuleSetState.COMPILED);
        }));
    }

    @Test
    void theCheckCostsLittleNextToTheCompile() throws IOException {
        Path bundled = Path.of("..", "rules", "retail-loyalty");
        Map<String, byte[]> files = new TreeMap<>();
        for (String file : List.of("customer-metrics.drl", "customer-segments.drl.csv")) {
            files.put(file, Files.readAllBytes(bundled.resolve(file)));
        }
        CompiledRuleSet compiled = new RuleSetCompiler().compile(RuleSetSource.of("timing", files));
        assertThat(compiled.serves()).isTrue();
        // The compile has the spreadsheet's DRL at hand already, from reading the sheet.
        Map<String, String> sheetDrl = Map.of("customer-segments.drl.csv", new org.drools.decisiontable.SpreadsheetCompiler()
                .compile(new java.io.ByteArrayInputStream(files.get("customer-segments.drl.csv")),
                        org.drools.decisiontable.InputType.CSV));
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            List<DecisionMessage> problems = RuleCodeCheck.check(compiled.kieBase(), path -> path, files, sheetDrl);
            best = Math.min(best, System.nanoTime() - started);
            assertThat(problems).isEmpty();
        }
        long compile = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            new RuleSetCompiler().compile(RuleSetSource.of("timing-" + i, files));
            compile = Math.min(compile, System.nanoTime() - started);
        }
        System.out.printf(Locale.ROOT, "rule code check of the bundled rules: %.2f ms (best of 20); whole compile, check "
                + "included: %.0f ms (best of 3)%n", best / 1e6, compile / 1e6);
        assertThat(best).isLessThan(200_000_000L);
    }

    private static String ruleSetOf(String file) {
        return file.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static com.fasterxml.jackson.databind.JsonNode request() throws java.io.IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"customer": {"id": "c-1"}, "context": {"now": "2026-11-22T10:00:00Z"}}""");
    }
}
