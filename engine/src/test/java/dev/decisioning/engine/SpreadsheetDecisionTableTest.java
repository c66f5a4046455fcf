package dev.decisioning.engine;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.decisioning.engine.loading.InMemoryRuleSetLoader;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The segment table as a business user may save it: the bundled CSV renamed to a plain {@code .csv}, and the same
 * table as an Excel workbook. Both must compile and answer exactly as the bundled file does.
 */
class SpreadsheetDecisionTableTest {
    static final Path BUNDLED = Path.of("..", "rules", "retail-loyalty");
    static DecisionEngine engine;

    @BeforeAll
    static void compile() throws IOException {
        byte[] dmn = Files.readAllBytes(BUNDLED.resolve("customer-decision.dmn"));
        byte[] drl = Files.readAllBytes(BUNDLED.resolve("customer-metrics.drl"));
        String csv = Files.readString(BUNDLED.resolve("customer-segments.drl.csv"));
        byte[] schema = Files.readAllBytes(BUNDLED.resolve("data-model.schema.json"));
        byte[] manifest = Files.readAllBytes(BUNDLED.resolve("ruleset.json"));
        InMemoryRuleSetLoader loader = new InMemoryRuleSetLoader()
                .add("as-bundled", "customer-decision.dmn", dmn).add("as-bundled", "customer-metrics.drl", drl)
                .add("as-bundled", "customer-segments.drl.csv", csv)
                .add("plain-csv", "customer-decision.dmn", dmn).add("plain-csv", "customer-metrics.drl", drl)
                .add("plain-csv", "segments.csv", csv)
                .add("excel", "customer-decision.dmn", dmn).add("excel", "customer-metrics.drl", drl)
                .add("excel", "segments.xlsx", workbookOf(csv));
        for (String ruleSet : List.of("as-bundled", "plain-csv", "excel")) {
            loader.add(ruleSet, "data-model.schema.json", schema).add(ruleSet, "ruleset.json", manifest);
        }
        engine = EmbeddedEngine.start(loader);
    }

    @Test
    void everyFormatCompiles() {
        assertThat(engine.ruleSets()).extracting(RuleSetSummary::name, RuleSetSummary::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("as-bundled", RuleSetState.COMPILED),
                org.assertj.core.groups.Tuple.tuple("excel", RuleSetState.COMPILED),
                org.assertj.core.groups.Tuple.tuple("plain-csv", RuleSetState.COMPILED));
    }

    @Test
    @SuppressWarnings("unchecked")
    void excelAndPlainCsvAnswerAsTheBundledFile() {
        for (String ruleSet : List.of("as-bundled", "plain-csv", "excel")) {
            DataModelDecision result = engine.decide(ruleSet, null, atRiskHighValueCustomer());
            assertThat((List<Object>) result.outputs().get("segments")).as(ruleSet).containsExactly("at-risk", "high-value");
            assertThat(((Map<?, ?>) result.outputs().get("serviceLevel")).get("level")).as(ruleSet).isEqualTo("premium");
        }
    }

    @Test
    void explanationNamesTheUsersFileAndRow() {
        DataModelDecision result = engine.decide("excel", null, atRiskHighValueCustomer());
        assertThat(result.explanation()).filteredOn(e -> "segments".equals(e.step()))
                .extracting(ExplanationEntry::file, ExplanationEntry::row)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("segments.xlsx", 10),
                        org.assertj.core.groups.Tuple.tuple("segments.xlsx", 12));
    }

    @Test
    void aSpreadsheetThatIsNotOneFailsWithItsFileName() {
        DecisionEngine broken = EmbeddedEngine.start(new InMemoryRuleSetLoader()
                .add("broken", "offers.xlsx", "this is not a workbook"));
        RuleSetSummary summary = broken.ruleSet("broken");
        assertThat(summary.state()).isEqualTo(RuleSetState.FAILED);
        assertThat(summary.messages()).isNotEmpty();
        assertThat(broken.isReady()).isFalse();
    }

    /** Spent 2,500 over a year ago at the edge of the window, last order 200 days ago: at risk, high value, gold. */
    static com.fasterxml.jackson.databind.JsonNode atRiskHighValueCustomer() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                    {"customer": {"id": "c-9", "signupDate": "2020-01-01",
                                  "orders": [{"id": "o1", "date": "2026-05-06", "amount": 2500.00, "couponUsed": false}]},
                     "context": {"now": "2026-11-22T10:00:00Z"}}""");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The CSV's cells, one sheet, same rows and columns: what a user gets by saving the sheet as .xlsx. */
    static byte[] workbookOf(String csv) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("segments");
            int rowIndex = 0;
            for (List<String> cells : parseCsv(csv)) {
                Row row = sheet.createRow(rowIndex++);
                for (int c = 0; c < cells.size(); c++) {
                    if (!cells.get(c).isEmpty()) {
                        row.createCell(c).setCellValue(cells.get(c));
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** The CSV's rows of cells, read as RFC 4180 (quoted cells, doubled quotes) by Jackson's CSV parser. */
    static List<List<String>> parseCsv(String csv) throws IOException {
        try (MappingIterator<List<String>> rows = new CsvMapper().readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(csv)) {
            return rows.readAll();
        }
    }
}
