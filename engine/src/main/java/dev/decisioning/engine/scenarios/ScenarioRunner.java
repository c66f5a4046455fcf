package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisioning.engine.DecisionAnswer;
import dev.decisioning.engine.Decisions;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.ExplanationEntry;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.RuleInventory;
import dev.decisioning.engine.RuleSetNotServingException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs scenario suites against one rule set of an engine, in-process, and reports every case and the coverage the
 * answers reached. The command line, the HTTP endpoint and the Maven runner all go through here, so a suite means the
 * same thing wherever it runs.
 */
public final class ScenarioRunner {
    private final Decisions engine;
    private final ObjectMapper json = ScenarioJson.mapper();

    public ScenarioRunner(Decisions engine) {
        this.engine = engine;
    }

    /** Parses and runs scenario files against the active version; files that do not parse are reported, not run. */
    public ScenarioReport run(String ruleSet, List<SuiteFile> files) {
        return run(ruleSet, null, files);
    }

    /**
     * Parses and runs scenario files.
     *
     * @param version a stored version to run against instead of the active one; null for the active one
     * @throws dev.decisioning.engine.UnknownRuleSetException when there is no such rule set
     * @throws RuleSetNotServingException                     when it (or that version) does not compile
     * @throws dev.decisioning.engine.UnknownVersionException when there is no such version
     */
    public ScenarioReport run(String ruleSet, Integer version, List<SuiteFile> files) {
        ScenarioLoader.Loaded loaded = ScenarioLoader.load(files);
        return run(ruleSet, version, loaded.suites(), loaded.problems());
    }

    /** Runs parsed suites; {@code problems} are files that did not parse, carried into the report. */
    public ScenarioReport run(String ruleSet, Integer version, List<ScenarioSuite> suites, List<SuiteProblem> problems) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        RuleInventory inventory = engine.inventory(ruleSet, version);
        List<SuiteProblem> allProblems = new ArrayList<>(problems);
        List<CaseResult> results = new ArrayList<>();
        for (ScenarioSuite suite : suites) {
            if (suite.ruleSet() != null && !suite.ruleSet().equals(ruleSet)) {
                // A file copied into the wrong folder must fail loudly, not test one rule set against another's cases.
                allProblems.add(new SuiteProblem(suite.file(), null, "the file is for rule set '" + suite.ruleSet()
                        + "', but runs against '" + ruleSet + "'; move it to that rule set's folder or fix 'ruleset'"));
                continue;
            }
            for (ScenarioCase scenario : suite.cases()) {
                long caseStarted = System.nanoTime();
                CaseResult result = scenario.isModelCase() ? runModel(ruleSet, version, suite, scenario)
                        : runDecision(ruleSet, version, suite, scenario);
                results.add(result.took((System.nanoTime() - caseStarted) / 1_000));
            }
        }
        Coverage coverage = Coverage.of(inventory, results.stream().map(CaseResult::explanation).toList());
        int passed = (int) results.stream().filter(CaseResult::passed).count();
        ScenarioReport.Counts counts = new ScenarioReport.Counts(results.size(), passed, results.size() - passed,
                allProblems.size());
        boolean ok = !results.isEmpty() && passed == results.size() && allProblems.isEmpty();
        return new ScenarioReport(ruleSet, inventory.version(), inventory.hash(), ok, counts, startedAt,
                (System.nanoTime() - started) / 1_000_000, List.copyOf(results), List.copyOf(allProblems), coverage);
    }

    private CaseResult runDecision(String ruleSet, Integer version, ScenarioSuite suite, ScenarioCase scenario) {
        DecisionAnswer answer;
        try {
            answer = engine.decide(ruleSet, version, scenario.given());
        } catch (InvalidRequestException e) {
            return failed(suite, scenario, "the engine refused the request: " + e.getMessage());
        } catch (RuleSetNotServingException e) {
            // A rule set without a data model answers no decisions, but can still run its model cases.
            return failed(suite, scenario, e.getMessage());
        }
        return decided(suite, scenario, answer);
    }

    /** A decision case's result: the answer compared with what the case expects. */
    private CaseResult decided(ScenarioSuite suite, ScenarioCase scenario, DecisionAnswer result) {
        ObjectNode answer = json.valueToTree(result);
        List<Mismatch> mismatches = Expectations.compare(scenario.expect(), answer);
        List<String> notes = result.messages().stream().filter(DecisionMessage::blocking)
                .map(m -> "engine message: " + m.text()).toList();
        ObjectNode actual = answer.deepCopy();
        actual.remove(Expectations.EXPLANATION);
        return new CaseResult(suite.file(), scenario.name(), scenario.line(), CaseResult.DECISION, null,
                mismatches.isEmpty(), scenario.given(), scenario.expect(), actual, mismatches, null, notes,
                result.explanation(), 0);
    }

    private CaseResult runModel(String ruleSet, Integer version, ScenarioSuite suite, ScenarioCase scenario) {
        @SuppressWarnings("unchecked")
        Map<String, Object> inputs = json.convertValue(scenario.given(), Map.class);
        ModelEvaluationRequest request = new ModelEvaluationRequest(scenario.model(), inputs, scenario.decisionService());
        ModelEvaluation evaluation;
        try {
            evaluation = engine.evaluate(ruleSet, version, request);
        } catch (InvalidRequestException e) {
            return failed(suite, scenario, "the engine refused the evaluation: " + e.getMessage());
        } catch (RuleSetNotServingException e) {
            return failed(suite, scenario, e.getMessage());
        }
        ObjectNode actual = json.createObjectNode();
        Map<String, ModelEvaluation.DecisionOutcome> outcomes = new LinkedHashMap<>();
        for (ModelEvaluation.DecisionOutcome outcome : evaluation.decisions()) {
            actual.set(outcome.name(), json.valueToTree(outcome.result()));
            outcomes.put(outcome.name(), outcome);
        }
        ObjectNode answer = actual.deepCopy();
        answer.set(Expectations.EXPLANATION, json.valueToTree(evaluation.explanation()));
        List<Mismatch> mismatches = Expectations.compare(scenario.expect(), answer);
        List<String> notes = new ArrayList<>();
        for (String decision : fieldNames(scenario.expect())) {
            ModelEvaluation.DecisionOutcome outcome = outcomes.get(decision);
            if (decision.equals(Expectations.EXPLANATION)) {
                continue;
            }
            if (outcome == null) {
                notes.add("model '" + evaluation.model() + "' evaluated no decision '" + decision + "'; it evaluated "
                        + outcomes.keySet());
            } else if (!"succeeded".equals(outcome.status())) {
                notes.add("decision '" + decision + "' " + outcome.status() + ": " + outcome.messages().stream()
                        .map(DecisionMessage::text).collect(Collectors.joining("; ")));
            }
        }
        return new CaseResult(suite.file(), scenario.name(), scenario.line(), CaseResult.MODEL, evaluation.model(),
                mismatches.isEmpty(), scenario.given(), scenario.expect(), actual, mismatches, null, List.copyOf(notes),
                evaluation.explanation(), 0);
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static CaseResult failed(ScenarioSuite suite, ScenarioCase scenario, String error) {
        return new CaseResult(suite.file(), scenario.name(), scenario.line(),
                scenario.isModelCase() ? CaseResult.MODEL : CaseResult.DECISION, scenario.model(), false,
                scenario.given(), scenario.expect(), null, List.of(), error, List.of(), List.<ExplanationEntry>of(), 0);
    }

    /** The given as JSON text, for messages. */
    static String pretty(JsonNode node) {
        try {
            return ScenarioJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return String.valueOf(node);
        }
    }
}
