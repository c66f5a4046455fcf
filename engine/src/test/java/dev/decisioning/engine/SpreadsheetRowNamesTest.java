package dev.decisioning.engine;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.loading.InMemoryRuleSetLoader;
import dev.decisioning.engine.scenarios.Coverage;
import dev.decisioning.engine.scenarios.HtmlReport;
import dev.decisioning.engine.scenarios.ScenarioReport;
import dev.decisioning.engine.scenarios.ScenarioRunner;
import dev.decisioning.engine.scenarios.SuiteFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Spreadsheet rows in explanations, the inventory and coverage: named by their DESCRIPTION cell (the bundled segment
 * table has one), by a NAME cell when the table has that column, with the sheet row always known, and listed in sheet
 * order (row 9 before row 10).
 */
class SpreadsheetRowNamesTest {
    static final String FILE = "customer-segments.drl.csv";
    static final List<String> DESCRIPTIONS = List.of(
            "New: tenure below 3 months, customers without a sign-up date included",
            "High value: spent 2000 or more in the last 12 months",
            "Frequent: 6 or more orders in the last 90 days",
            "At risk: a member for 6 months or more whose last order was 91 to 365 days ago",
            "Lapsed: last order more than 365 days ago",
            "Deal seeker: 4 or more orders, at least half of them with a coupon",
            "Prospect: no orders yet");
    static final String ODD_DESCRIPTION = "Prospect: no \"orders\" yet (C:\\none), 100%";
    static DecisionEngine engine;

    @BeforeAll
    static void compile() throws IOException {
        String csv = Files.readString(SpreadsheetDecisionTableTest.BUNDLED.resolve(FILE));
        InMemoryRuleSetLoader loader = new InMemoryRuleSetLoader();
        for (String ruleSet : List.of("bundled", "named", "excel")) {
            for (String file : List.of("customer-decision.dmn", "customer-metrics.drl", "data-model.schema.json",
                    "ruleset.json")) {
                loader.add(ruleSet, file, Files.readAllBytes(SpreadsheetDecisionTableTest.BUNDLED.resolve(file)));
            }
        }
        loader.add("bundled", FILE, csv).add("named", FILE, named(csv))
                .add("excel", "segments.xlsx", SpreadsheetDecisionTableTest.workbookOf(csv));
        engine = EmbeddedEngine.start(loader);
    }

    /**
     * The bundled table with a NAME column naming rows 10 and 12 (the latter with a name that looks like a generated
     * one for another row), a METADATA description on row 11 next to its DESCRIPTION cell, and a description on row 15
     * with quotes, a backslash, parentheses and a comma.
     */
    static String named(String csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (List<String> cells : SpreadsheetDecisionTableTest.parseCsv(csv)) {
            rows.add(new ArrayList<>(cells));
        }
        String[] names = {"", "", "", "", "NAME", "", "", "Name", "", "high-value", "", "at_risk_3", "", "", ""};
        String[] metadata = {"", "", "", "", "METADATA", "", "description(\"$param\")", "Described", "", "",
                "Frequent, as the metadata says", "", "", "", ""};
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).add(1, names[i]);
            rows.get(i).add(metadata[i]);
        }
        rows.get(14).set(0, ODD_DESCRIPTION);
        StringBuilder out = new StringBuilder();
        for (List<String> cells : rows) {
            out.append(String.join(",", cells.stream().map(c -> c.isEmpty() ? "" : "\"" + c.replace("\"", "\"\"") + "\"")
                    .toList())).append('\n');
        }
        return out.toString();
    }

    @Test
    @DisplayName("the inventory lists a sheet's rows in row order, each with its DESCRIPTION cell as its note")
    void inventoryInRowOrderWithDescriptions() {
        RuleInventory.FileRules sheet = file(engine.inventory("bundled", null), FILE);

        assertThat(sheet.items()).extracting(RuleInventory.Item::rule, RuleInventory.Item::row, RuleInventory.Item::note)
                .containsExactly(tuple("segments_9", 9, DESCRIPTIONS.get(0)), tuple("segments_10", 10, DESCRIPTIONS.get(1)),
                        tuple("segments_11", 11, DESCRIPTIONS.get(2)), tuple("segments_12", 12, DESCRIPTIONS.get(3)),
                        tuple("segments_13", 13, DESCRIPTIONS.get(4)), tuple("segments_14", 14, DESCRIPTIONS.get(5)),
                        tuple("segments_15", 15, DESCRIPTIONS.get(6)));
    }

    @Test
    @DisplayName("an explanation names the row that fired by its description, from a CSV and from a workbook alike")
    void explanationsCarryTheDescription() {
        for (String ruleSet : List.of("bundled", "excel")) {
            DataModelDecision result = engine.decide(ruleSet, null, SpreadsheetDecisionTableTest.atRiskHighValueCustomer());
            assertThat(result.explanation()).as(ruleSet).filteredOn(e -> "segments".equals(e.step()))
                    .extracting(ExplanationEntry::rule, ExplanationEntry::row, ExplanationEntry::note)
                    .containsExactlyInAnyOrder(tuple("segments_10", 10, DESCRIPTIONS.get(1)),
                            tuple("segments_12", 12, DESCRIPTIONS.get(3)));
        }
    }

    @Test
    @DisplayName("a NAME column renames the rule; its step, sheet row and description stay known")
    void nameColumn() {
        assertThat(engine.ruleSet("named").state()).as(engine.ruleSet("named").messages().toString())
                .isEqualTo(RuleSetState.COMPILED);
        DataModelDecision result = engine.decide("named", null, SpreadsheetDecisionTableTest.atRiskHighValueCustomer());

        assertThat(result.explanation()).filteredOn(e -> FILE.equals(e.file()))
                .extracting(ExplanationEntry::step, ExplanationEntry::rule, ExplanationEntry::row, ExplanationEntry::note)
                .containsExactlyInAnyOrder(tuple("segments", "high-value", 10, DESCRIPTIONS.get(1)),
                        tuple("segments", "at_risk_3", 12, DESCRIPTIONS.get(3)));
        assertThat(file(engine.inventory("named", null), FILE).items())
                .extracting(RuleInventory.Item::rule, RuleInventory.Item::row, RuleInventory.Item::note)
                .containsExactly(tuple("segments_9", 9, DESCRIPTIONS.get(0)), tuple("high-value", 10, DESCRIPTIONS.get(1)),
                        tuple("segments_11", 11, "Frequent, as the metadata says"),
                        tuple("at_risk_3", 12, DESCRIPTIONS.get(3)), tuple("segments_13", 13, DESCRIPTIONS.get(4)),
                        tuple("segments_14", 14, DESCRIPTIONS.get(5)),
                        tuple("segments_15", 15, ODD_DESCRIPTION));
    }

    @Test
    @DisplayName("coverage and the HTML report list a sheet's rows in row order, with their descriptions")
    void coverageAndReportInRowOrder() {
        ScenarioReport report = new ScenarioRunner(engine).run("bundled", List.of(new SuiteFile("one.yaml", """
                cases:
                  - name: at risk and high value
                    given: {customer: {id: c-9, signupDate: "2020-01-01",
                            orders: [{id: o1, date: "2026-05-06", amount: 2500.00, couponUsed: false}]},
                            context: {now: "2026-11-22T10:00:00Z"}}
                    expect: {segments: [at-risk, high-value]}
                """)));

        Coverage.FileCoverage sheet = report.coverage().files().stream().filter(f -> f.file().equals(FILE)).findFirst()
                .orElseThrow();
        assertThat(sheet.items()).extracting(Coverage.ItemCoverage::row, Coverage.ItemCoverage::hits)
                .containsExactly(tuple(9, 0), tuple(10, 1), tuple(11, 0), tuple(12, 1), tuple(13, 0), tuple(14, 0),
                        tuple(15, 0));
        assertThat(report.coverage().uncovered()).contains(FILE + ": segments_9 row 9 (" + DESCRIPTIONS.get(0) + ")");
        String html = HtmlReport.render(report);
        assertThat(html).contains(DESCRIPTIONS.get(1));
        assertThat(html.indexOf(">segments_9<")).isPositive().isLessThan(html.indexOf(">segments_10<"));
        assertThat(html.indexOf(">segments_10<")).isLessThan(html.indexOf(">segments_15<"));
    }

    private static RuleInventory.FileRules file(RuleInventory inventory, String name) {
        return inventory.files().stream().filter(f -> f.file().equals(name)).findFirst().orElseThrow();
    }
}
