package dev.decisioning.engine.scenarios;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Suites run in-process against the small {@code mini} rule set: what passes, what fails and how it reads. */
class ScenarioRunnerTest {
    static final Path RULES = Path.of("src", "test", "resources", "scenario-rules");

    static final String PASSING = """
            # Tiers by points balance, and the cart shopper segment.
            ruleset: mini
            defaults:
              context: {now: "2026-11-22T10:00:00Z"}
              customer: {id: c-1, pointsBalance: 0}
            cases:
              - name: 1200 points is gold
                given:
                  customer: {pointsBalance: 1200}
                expect:
                  loyaltyTier: {tier: gold, spendToNextTier: null}
                  segments: []
              - name: a cart shopper with 600 points is silver and deciding
                given:
                  customer: {pointsBalance: 600, cartItems: 2}
                expect:
                  loyaltyTier: {tier: silver, spendToNextTier: {value: 400.004, tolerance: 0.01}}
                  segments: {contains: [cart-shopper]}
                  journeyStage: decision
                  explanation:
                    - {file: mini.drl, rule: cart shopper}
                    - {file: mini.dmn, rule: loyaltyTier, note: "Silver: 500 points or more"}
              - name: the model alone gives bronze at 150 points
                model: mini
                given:
                  customer: {pointsBalance: 150}
                  segments: []
                expect:
                  loyaltyTier: {tier: bronze, spendToNextTier: 350}
                  journeyStage: awareness
            """;

    static DecisionEngine engine;
    static ScenarioRunner runner;

    @BeforeAll
    static void startEngine() {
        engine = EmbeddedEngine.start(new FileSystemRuleSetLoader(RULES));
        runner = new ScenarioRunner(engine);
    }

    @Test
    @DisplayName("a suite whose cases hold passes, with customer decisions and model evaluations alike")
    void passingSuite() {
        ScenarioReport report = runner.run("mini", List.of(new SuiteFile("tiers.yaml", PASSING)));

        assertThat(report.passed()).as(ScenarioText.summary(report, null)).isTrue();
        assertThat(report.counts()).isEqualTo(new ScenarioReport.Counts(3, 3, 0, 0));
        assertThat(report.version()).as("rule sets read without a store have no version number").isNull();
        assertThat(report.cases()).extracting(CaseResult::kind).containsExactly("decision", "decision", "model");
        assertThat(report.cases()).extracting(ScenarioText::title)
                .containsExactly("tiers.yaml › 1200 points is gold",
                        "tiers.yaml › a cart shopper with 600 points is silver and deciding",
                        "tiers.yaml › the model alone gives bronze at 150 points");
        CaseResult model = report.cases().get(2);
        assertThat(model.actual().get("loyaltyTier").get("tier").asText()).isEqualTo("bronze");
        assertThat(model.explanation()).anySatisfy(e -> assertThat(e.row()).isEqualTo(3));
    }

    @Test
    @DisplayName("a failing case says where it is, what was sent, each difference, and which rules decided")
    void failingCaseReadsAsADiff() {
        String suite = """
                defaults:
                  context: {now: "2026-11-22T10:00:00Z"}
                cases:
                  - name: 600 points is gold
                    given:
                      customer: {id: c-2, pointsBalance: 600}
                    expect:
                      loyaltyTier: {tier: gold}
                      segments: {contains: [referrer]}
                      journeyStage: awareness
                """;

        ScenarioReport report = runner.run("mini", List.of(new SuiteFile("wrong.yaml", suite)));

        assertThat(report.passed()).isFalse();
        assertThat(report.counts()).isEqualTo(new ScenarioReport.Counts(1, 0, 1, 0));
        CaseResult result = report.cases().get(0);
        assertThat(result.mismatches()).extracting(Mismatch::toString).containsExactly(
                "loyaltyTier.tier: expected \"gold\", actual \"silver\"",
                "segments[contains]: expected \"referrer\", actual []");
        String text = ScenarioText.failure(result);
        assertThat(text).startsWith("wrong.yaml line 4, case '600 points is gold'\n")
                .contains("\"pointsBalance\" : 600")
                .contains("  - loyaltyTier.tier: expected \"gold\", actual \"silver\"")
                .contains("answer explanation:")
                .contains("mini.dmn: loyaltyTier row 2 (Silver: 500 points or more)");
        assertThat(ScenarioText.summary(report, null)).contains("FAILED wrong.yaml › 600 points is gold")
                .contains("1 cases, 0 passed, 1 failed");
    }

    @Test
    @DisplayName("a number within the tolerance passes, one outside it fails")
    void tolerance() {
        String suite = """
                defaults:
                  context: {now: "2026-11-22T10:00:00Z"}
                  customer: {id: c-3}
                cases:
                  - name: within
                    given: {customer: {pointsBalance: 600}}
                    expect: {loyaltyTier: {spendToNextTier: {value: 399.99, tolerance: 0.01}}}
                  - name: outside
                    given: {customer: {pointsBalance: 600}}
                    expect: {loyaltyTier: {spendToNextTier: {value: 399.98, tolerance: 0.01}}}
                """;

        ScenarioReport report = runner.run("mini", List.of(new SuiteFile("tolerance.yaml", suite)));

        assertThat(report.cases()).extracting(CaseResult::passed).containsExactly(true, false);
        assertThat(report.cases().get(1).mismatches().get(0).toString())
                .isEqualTo("loyaltyTier.spendToNextTier: expected {\"value\":399.98,\"tolerance\":0.01}, actual 400");
    }

    @Test
    @DisplayName("a malformed file is reported with its line and the other files still run")
    void malformedFileDoesNotStopTheOthers() {
        String typo = """
                cases:
                  - name: a typo in a key
                    given: {customer: {id: c-4}}
                    expected: {segments: []}
                """;
        String brokenCsv = """
                name,given.customer.id,expect.segments
                fine,c-5,[]
                no name,c-6
                ,c-7,[]
                """;

        ScenarioReport report = runner.run("mini", List.of(new SuiteFile("typo.yaml", typo),
                new SuiteFile("broken.csv", brokenCsv), new SuiteFile("tiers.yaml", PASSING)));

        assertThat(report.problems()).extracting(SuiteProblem::toString).containsExactly(
                "typo.yaml line 4: unknown key 'expected'; expected one of [decisionService, expect, given, model, name]",
                "broken.csv line 3: case 'no name' checks nothing: fill at least one expect.… cell");
        assertThat(report.counts()).isEqualTo(new ScenarioReport.Counts(3, 3, 0, 2));
        assertThat(report.passed()).isFalse();
        assertThat(ScenarioText.summary(report, null)).contains("FILE PROBLEM typo.yaml line 4");
    }

    @Test
    @DisplayName("a given the HTTP API would refuse fails its case with the field named, and the others still run")
    void invalidGivenFailsOnlyItsCase() {
        String suite = """
                defaults:
                  context: {now: "2026-11-22T10:00:00Z"}
                cases:
                  - name: a misspelt field
                    given: {customer: {id: c-8, pointsBalanse: 600}}
                    expect: {segments: []}
                  - name: no customer id
                    given: {customer: {pointsBalance: 600}}
                    expect: {segments: []}
                  - name: fine
                    given: {customer: {id: c-9}}
                    expect: {segments: []}
                """;

        ScenarioReport report = runner.run("mini", List.of(new SuiteFile("given.yaml", suite)));

        assertThat(report.cases()).extracting(CaseResult::passed).containsExactly(false, false, true);
        // The rule set's data model reads the given: an unknown field and a missing one are each named by path.
        assertThat(report.cases().get(0).error()).startsWith("the engine refused the request: ")
                .contains("customer.pointsBalanse: property 'pointsBalanse' is not defined in the schema");
        assertThat(report.cases().get(1).error()).startsWith("the engine refused the request: ")
                .contains("customer.id: required property 'id' not found");
        assertThat(ScenarioText.failure(report.cases().get(0))).contains("no answer: the engine refused the request");
    }

    @Test
    @DisplayName("a file written for another rule set is refused rather than run against this one")
    void fileForAnotherRuleSet() {
        String suite = PASSING.replace("ruleset: mini", "ruleset: retail-loyalty");

        ScenarioReport report = runner.run("mini", List.of(new SuiteFile("elsewhere.yaml", suite)));

        assertThat(report.counts().cases()).isZero();
        assertThat(report.problems()).singleElement().extracting(SuiteProblem::problem).asString()
                .contains("the file is for rule set 'retail-loyalty', but runs against 'mini'");
    }

    @Test
    @DisplayName("a model case names the decision that failed to evaluate and why")
    void modelCaseWithUnknownDecision() {
        String suite = """
                model: mini
                cases:
                  - name: a decision the model does not have
                    given: {customer: {pointsBalance: 10}, segments: []}
                    expect: {tierAssignment: bronze}
                """;

        ScenarioReport report = runner.run("mini", List.of(new SuiteFile("model.yaml", suite)));

        CaseResult result = report.cases().get(0);
        assertThat(result.passed()).isFalse();
        assertThat(result.mismatches()).extracting(Mismatch::toString)
                .containsExactly("tierAssignment: expected \"bronze\", actual (absent)");
        assertThat(result.notes()).singleElement().asString()
                .startsWith("model 'mini' evaluated no decision 'tierAssignment'; it evaluated [");
    }
}
