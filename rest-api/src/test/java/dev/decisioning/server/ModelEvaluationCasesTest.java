package dev.decisioning.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixture format of {@link ModelEvaluationApiTest} read and compared on its own, without a server. */
class ModelEvaluationCasesTest {
    static final YAMLMapper YAML = new YAMLMapper();

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<String> mismatches(String expected, String actualJson) {
        return new JsonExpectations().compare("", yaml(expected), ModelEvaluationCases.parse(actualJson)).mismatches();
    }

    @Test
    @DisplayName("objects are compared on the keys named, lists whole and in order, numbers by value, the rest exactly")
    void plainValues() {
        String answer = "{\"model\": \"m\", \"n\": 0.30, \"flag\": true, \"list\": [1, 2], \"none\": null, \"extra\": 1}";

        assertThat(mismatches("{model: m, n: 0.3, flag: true, list: [1, 2], none: null}", answer)).isEmpty();
        assertThat(mismatches("{list: [2, 1]}", answer)).containsExactly(
                "list[0]: expected 2, actual 1", "list[1]: expected 1, actual 2");
        assertThat(mismatches("{list: [1]}", answer)).containsExactly("list: expected [1], actual [1,2]");
        assertThat(mismatches("{n: '0.3'}", answer)).containsExactly("n: expected \"0.3\", actual 0.30");
        assertThat(mismatches("{flag: 'true'}", answer)).hasSize(1);
        assertThat(mismatches("{missing: null}", answer)).containsExactly("missing: expected null, actual nothing");
    }

    @Test
    @DisplayName("each matcher holds where it should and names what is wrong where it does not")
    void matchers() {
        String answer = "{\"tags\": [\"a\", \"b\", \"c\"], \"message\": \"rows [2, 4] match\", \"status\": 400}";

        assertThat(mismatches("{tags: {contains: [c, a]}, message: {includes: ['[2, 4]', rows], excludes: Exception,"
                + " matches: 'rows \\[\\d'}, status: {oneOf: [200, 400]}}", answer)).isEmpty();
        assertThat(mismatches("{tags: {anyOrder: [c, b, a]}}", answer)).isEmpty();
        assertThat(mismatches("{tags: {anyOrder: [c, a]}}", answer)).hasSize(1);
        assertThat(mismatches("{tags: {contains: [d]}}", answer))
                .containsExactly("tags {contains}: expected an item matching \"d\", actual [\"a\",\"b\",\"c\"]");
        assertThat(mismatches("{message: {includes: [rows, '[3]']}}", answer))
                .containsExactly("message {includes}: expected a text containing \"[3]\", actual \"rows [2, 4] match\"");
        assertThat(mismatches("{message: {excludes: match}}", answer)).hasSize(1);
        assertThat(mismatches("{message: {matches: '^match'}}", answer)).hasSize(1);
        assertThat(mismatches("{status: {oneOf: [200, 404]}}", answer)).hasSize(1);
    }

    @Test
    @DisplayName("an expectation finds decisions by name, every decision, and explanation entries by step")
    void views() {
        JsonNode answer = ModelEvaluationCases.parse("""
                {"decisions": [{"name": "A", "status": "succeeded", "result": 1},
                               {"name": "B", "status": "skipped", "result": null}],
                 "explanation": [{"step": "A", "row": 1}, {"step": "B", "row": 3}, {"step": "A", "row": 2}]}""");

        JsonExpectations passing = ModelEvaluationCases.compare(yaml("""
                status: 200
                decisions: {B: {status: skipped, result: null}}
                explanation: {A: [{row: 1}, {row: 2}]}
                text: {includes: '"row":3'}"""), 200, answer.toString(), answer);
        JsonExpectations failing = ModelEvaluationCases.compare(yaml("""
                decisions: {C: {result: 1}}
                everyDecision: {status: succeeded}"""), 200, answer.toString(), answer);

        assertThat(passing.mismatches()).isEmpty();
        assertThat(passing.checks()).isEqualTo(7);
        assertThat(failing.mismatches()).containsExactly("decisions[C]: expected {\"result\":1}, actual nothing",
                "decisions[B].status: expected \"succeeded\", actual \"skipped\"");
        assertThat(new JsonExpectations().compare("status", IntNode.valueOf(200), IntNode.valueOf(201)).mismatches())
                .containsExactly("status: expected 200, actual 201");
    }

    @Test
    @DisplayName("a file's cases are named file › case and know their line")
    void readsCases() {
        ModelEvaluationCases.CaseFile file = ModelEvaluationCases.parse("good.yaml", """
                ruleset: hit-policies
                cases:
                  - name: first
                    request: {inputs: {price: 10.50}}
                    expect: {status: 200}

                  - name: second
                    ruleset: other
                    body: '{not json'
                    expect: {status: 400}
                """);

        assertThat(file.problem()).isNull();
        assertThat(file.cases()).extracting(ModelEvaluationCases.Case::title)
                .containsExactly("good.yaml › first", "good.yaml › second");
        assertThat(file.cases()).extracting(ModelEvaluationCases.Case::line).containsExactly(3, 7);
        assertThat(file.cases()).extracting(ModelEvaluationCases.Case::ruleSet).containsExactly("hit-policies", "other");
        assertThat(file.cases()).extracting(ModelEvaluationCases.Case::body)
                .containsExactly("{\"inputs\":{\"price\":10.50}}", "{not json");
    }

    @Test
    @DisplayName("a malformed file is refused with every problem, naming the case and line")
    void refusesMalformedFiles() {
        ModelEvaluationCases.CaseFile file = ModelEvaluationCases.parse("bad.yaml", """
                cases:
                  - name: twice
                    request: {}
                    body: ''
                    expect: {status: 200}
                  - name: twice
                    request: {}
                    expected: {status: 200}
                  - name: typo
                    ruleset: r
                    request: {}
                    expect: {stauts: 200, text: {has: x}}
                """);

        assertThat(file.cases()).isEmpty();
        assertThat(file.problem().lines()).containsExactly(
                "case 'twice' (line 2): no 'ruleset', neither its own nor the file's",
                "case 'twice' (line 2): needs either 'request' (sent as JSON) or 'body' (a text sent as it is)",
                "case 'twice' (line 6): the name is taken by an earlier case",
                "case 'twice' (line 6): unknown key 'expected'; expected one of [body, expect, name, request, ruleset]",
                "case 'twice' (line 6): no 'ruleset', neither its own nor the file's",
                "case 'twice' (line 6): needs 'expect'",
                "case 'typo' (line 9): unknown key 'stauts' in expect; expected one of [answer, decisions, "
                        + "everyDecision, explanation, status, text]",
                "case 'typo' (line 9): 'expect.text' must be matchers, e.g. {includes: [...]}");
        assertThat(ModelEvaluationCases.parse("alias.yaml", """
                ruleset: r
                cases:
                  - {name: a, request: &same {inputs: {}}, expect: {status: 200}}
                  - {name: b, request: *same, expect: {status: 200}}
                """).problem()).isEqualTo("line 4: YAML aliases (*same) are not supported; write the value out");
    }
}
