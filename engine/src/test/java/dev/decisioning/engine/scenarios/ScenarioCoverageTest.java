package dev.decisioning.engine.scenarios;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import com.fasterxml.jackson.databind.JsonNode;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Coverage against a rule set whose numbers are known by construction: {@code mini.drl} has 3 rules and
 * {@code mini.dmn} one table of 4 rows; the suite fires exactly 2 rules and selects exactly 3 rows, so 5 of 7.
 */
class ScenarioCoverageTest {
    static final String SUITE = """
            defaults:
              context: {now: "2026-11-22T10:00:00Z"}
            cases:
              - name: a cart shopper with 1200 points (rule 'cart shopper', row 1)
                given: {customer: {id: c-1, cartItems: 1, pointsBalance: 1200}}
                expect: {segments: [cart-shopper], loyaltyTier: {tier: gold}}
              - name: a referrer with 600 points (rule 'referrer', row 2)
                given: {customer: {id: c-2, referrals: 2, pointsBalance: 600}}
                expect: {segments: [referrer], loyaltyTier: {tier: silver}}
              - name: a second referrer with 700 points (the same rule and row again)
                given: {customer: {id: c-3, referrals: 1, pointsBalance: 700}}
                expect: {segments: [referrer]}
            """;
    static final String MODEL_CSV = """
            name,model,given.customer.pointsBalance,given.segments,expect.loyaltyTier.tier
            the model at 150 points (row 3),mini,150,[],bronze
            """;

    static ScenarioReport report;

    @BeforeAll
    static void run() {
        DecisionEngine engine = EmbeddedEngine.start(new FileSystemRuleSetLoader(ScenarioRunnerTest.RULES));
        report = new ScenarioRunner(engine).run("mini",
                List.of(new SuiteFile("customers.yaml", SUITE), new SuiteFile("model.csv", MODEL_CSV)));
    }

    @Test
    @DisplayName("coverage counts every fired rule and selected row, from decisions and model evaluations: 5 of 7")
    void knownCoverage() {
        assertThat(report.passed()).as(ScenarioText.summary(report, null)).isTrue();
        Coverage coverage = report.coverage();

        assertThat(coverage.total()).isEqualTo(7);
        assertThat(coverage.covered()).isEqualTo(5);
        assertThat(coverage.percentage()).isEqualTo(71.4);
        assertThat(coverage.files()).extracting(Coverage.FileCoverage::file, Coverage.FileCoverage::kind,
                        Coverage.FileCoverage::covered, Coverage.FileCoverage::total, Coverage.FileCoverage::percentage)
                .containsExactly(tuple("mini.dmn", "dmn", 3, 4, 75.0), tuple("mini.drl", "drl", 2, 3, 66.6));
        assertThat(coverage.files().get(0).items()).extracting(Coverage.ItemCoverage::row, Coverage.ItemCoverage::hits,
                        Coverage.ItemCoverage::note)
                .containsExactly(tuple(1, 1, "Gold: 1000 points or more"), tuple(2, 2, "Silver: 500 points or more"),
                        tuple(3, 1, "Bronze: 100 points or more"), tuple(4, 0, "No tier below 100 points"));
        assertThat(coverage.files().get(1).items()).extracting(Coverage.ItemCoverage::rule, Coverage.ItemCoverage::hits)
                .containsExactlyInAnyOrder(tuple("big referrer", 0), tuple("cart shopper", 1), tuple("referrer", 2));
        assertThat(coverage.uncovered()).containsExactly(
                "mini.dmn: loyaltyTier row 4 (No tier below 100 points)", "mini.drl: big referrer");
    }

    @Test
    @DisplayName("a threshold is met or missed on the exact ratio, not the rounded percentage")
    void threshold() {
        assertThat(report.passes(null)).isTrue();
        assertThat(report.passes(71.4)).isTrue();
        assertThat(report.passes(71.5)).isFalse();
        assertThat(report.passes(90.0)).isFalse();
        assertThat(ScenarioText.summary(report, 90.0)).contains("coverage: 5/7 rules and rows (71.4%), minimum 90.0%: NOT REACHED")
                .contains("  - mini.drl: big referrer");
    }

    @Test
    @DisplayName("the JSON and HTML reports hold the run: uncovered rows highlighted, names and annotations shown")
    void reportFiles(@TempDir Path directory) throws Exception {
        List<Path> written = ReportFiles.write(report, directory);

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("report.json", "coverage.json", "report.html", "junit.xml");
        ScenarioReport back = ReportFiles.read(Files.readString(directory.resolve("report.json")));
        assertThat(back.coverage()).isEqualTo(report.coverage());
        assertThat(back.cases()).hasSize(4);
        JsonNode coverage = ScenarioJson.mapper().readTree(directory.resolve("coverage.json").toFile());
        assertThat(coverage.get("covered").asInt()).isEqualTo(5);
        assertThat(coverage.get("total").asInt()).isEqualTo(7);

        String html = Files.readString(directory.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("<link")
                .contains("Coverage: 5 of 7 rules and rows (71.4%)")
                .contains("<tr class=\"uncovered\"><td>loyaltyTier</td><td class=\"num\">4 <code>_tier_none</code></td>"
                        + "<td>No tier below 100 points</td><td class=\"num hits\">0 — not covered</td></tr>")
                .contains("<tr class=\"uncovered\"><td>big referrer</td>")
                .contains("<tr><td>referrer</td><td></td><td class=\"num hits\">2</td></tr>")
                .contains("a cart shopper with 1200 points (rule &#39;cart shopper&#39;, row 1)");
    }
}
