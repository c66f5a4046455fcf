package dev.decisioning.engine.scenarios;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CSV as files are really saved: quoting, line breaks inside cells, line endings, byte order marks, blank lines and
 * ragged rows, with every case and every problem placed on the line a text editor shows.
 */
class ScenarioCsvTest {

    @Test
    @DisplayName("a quoted cell may hold the separator; it is one cell, its text without the quotes")
    void quotedSeparator() {
        String csv = """
                name,given.customer.id,expect.loyaltyTier.tier
                "comma, in the name","c,1",gold
                """;

        ScenarioCase scenario = parse(csv).cases().get(0);

        assertThat(scenario.name()).isEqualTo("comma, in the name");
        assertThat(scenario.given().toString()).isEqualTo("{\"customer\":{\"id\":\"c,1\"}}");
        assertThat(scenario.expect().toString()).isEqualTo("{\"loyaltyTier\":{\"tier\":\"gold\"}}");
    }

    @Test
    @DisplayName("with semicolons as separator, a quoted cell may hold a comma, and a quoted list stays a list")
    void semicolonSeparatorWithQuotedCells() {
        String csv = """
                name;given.customer.id;expect.segments
                a, b;"c;x";"new;prospect"
                """;

        ScenarioCase scenario = parse(csv).cases().get(0);

        assertThat(scenario.name()).isEqualTo("a, b");
        assertThat(scenario.given().path("customer").path("id")).hasToString("[\"c\",\"x\"]");
        assertThat(scenario.expect().toString()).isEqualTo("{\"segments\":[\"new\",\"prospect\"]}");
    }

    @Test
    @DisplayName("a quote inside a quoted cell is written twice")
    void doubledQuotes() {
        String csv = """
                name,given.customer.id,given.customer.note,expect.loyaltyTier.tier
                "the ""best"" customer","he said ""yes"", twice",\"""a;b\""","gold"
                empty quoted cells,"",\"""\""",silver
                """;

        List<ScenarioCase> cases = parse(csv).cases();

        ScenarioCase first = cases.get(0);
        assertThat(first.name()).isEqualTo("the \"best\" customer");
        // The note's cell text is "a;b" in quotes, as typed into the spreadsheet: text, not a list.
        assertThat(first.given().toString()).isEqualTo("{\"customer\":{\"id\":\"he said \\\"yes\\\", twice\",\"note\":\"a;b\"}}");
        assertThat(first.expect().toString()).isEqualTo("{\"loyaltyTier\":{\"tier\":\"gold\"}}");
        // "" is an empty cell (not given); """""" is a cell holding two quotes: the empty text.
        assertThat(cases.get(1).given().toString()).isEqualTo("{\"customer\":{\"note\":\"\"}}");
    }

    @Test
    @DisplayName("a quoted cell may span lines; the case after it starts on the line an editor shows")
    void quotedLineBreaks() {
        String csv = """
                name,given.customer.id,expect.loyaltyTier.tier,# why
                first,c-1,gold,"a note
                over three
                lines"
                second,"c-
                2",silver,
                third,c-3,bronze,
                """;

        ScenarioSuite suite = parse(csv);

        assertThat(suite.cases()).extracting(ScenarioCase::name, ScenarioCase::line)
                .containsExactly(Tuple.tuple("first", 2), Tuple.tuple("second", 5), Tuple.tuple("third", 7));
        assertThat(suite.cases().get(1).given().path("customer").path("id").asText()).isEqualTo("c-\n2");
    }

    @Test
    @DisplayName("CRLF line endings, inside quoted cells too, give the same cases on the same lines as LF")
    void crlfLineEndings() {
        String lf = """
                name,given.customer.id,expect.loyaltyTier.tier,# why
                first,c-1,gold,"two
                lines"

                second,c-2,silver,
                """;

        ScenarioSuite fromLf = parse(lf);
        ScenarioSuite fromCrlf = parse(lf.replace("\n", "\r\n"));

        assertThat(fromCrlf.cases()).extracting(ScenarioCase::name, ScenarioCase::line)
                .containsExactly(Tuple.tuple("first", 2), Tuple.tuple("second", 5));
        assertThat(fromCrlf.cases()).extracting(ScenarioCase::line).isEqualTo(fromLf.cases().stream().map(ScenarioCase::line).toList());
        assertThat(fromCrlf.cases()).extracting(c -> c.given().toString())
                .isEqualTo(fromLf.cases().stream().map(c -> c.given().toString()).toList());
        assertProblem("name,expect.segments\r\nsame,[]\r\n\r\nsame,[]\r\n", "t.csv line 4: another case is already named 'same'");
    }

    @Test
    @DisplayName("a file saved with CR alone between lines (older Mac spreadsheets) is read line by line")
    void crLineEndings() {
        ScenarioSuite suite = parse("name,given.customer.id,expect.loyaltyTier.tier\r# note\rfirst,c-1,gold\rsecond,c-2,silver\r");

        assertThat(suite.cases()).extracting(ScenarioCase::name, ScenarioCase::line)
                .containsExactly(Tuple.tuple("first", 3), Tuple.tuple("second", 4));
    }

    @Test
    @DisplayName("blank lines, comment rows and rows of empty cells are skipped but still counted")
    void blankLinesAndComments() {
        String csv = """

                # cases for the tier table
                name,given.customer.id,expect.loyaltyTier.tier

                first,c-1,gold
                ,,
                  # an indented note, with a comma
                "# a quoted note"
                second,c-2,silver
                """;

        ScenarioSuite suite = parse(csv);

        assertThat(suite.cases()).extracting(ScenarioCase::name, ScenarioCase::line)
                .containsExactly(Tuple.tuple("first", 5), Tuple.tuple("second", 9));
        assertProblem("\n\n# only notes\n,,\n", "t.csv: the file is empty; it needs a header row (name, given.…, expect.…) and cases");
        assertProblem("", "t.csv: the file is empty; it needs a header row (name, given.…, expect.…) and cases");
        assertProblem("\n# notes\nname,expect.segments\n\n", "t.csv line 3: the file has a header but no cases");
    }

    @Test
    @DisplayName("a byte order mark is not part of the first header, and lines are counted as without it")
    void byteOrderMark() {
        ScenarioSuite suite = parse("\uFEFFname,expect.segments\r\nfirst,[]\r\n");

        assertThat(suite.cases()).extracting(ScenarioCase::name, ScenarioCase::line).containsExactly(Tuple.tuple("first", 2));
        assertProblem("\uFEFFname,expect.segments\nsame,[]\nsame,[]\n", "t.csv line 3: another case is already named 'same'");
        assertProblem("\uFEFFexpect.segments\n[]\n", "t.csv line 1: the header has no 'name' column");
    }

    @Test
    @DisplayName("spaces around cells are not part of them, and a quote after spaces still opens a quoted cell")
    void spacesAroundCells() {
        String csv = """
                name , given.customer.id , expect.segments
                  spaced  ,  "c, 1" ,  new ; prospect
                """;

        ScenarioCase scenario = parse(csv).cases().get(0);

        assertThat(scenario.name()).isEqualTo("spaced");
        assertThat(scenario.given().toString()).isEqualTo("{\"customer\":{\"id\":\"c, 1\"}}");
        assertThat(scenario.expect().toString()).isEqualTo("{\"segments\":[\"new\",\"prospect\"]}");
    }

    @Test
    @DisplayName("a row with more cells than the header is refused on its own line; extra empty cells and short rows are not")
    void raggedRows() {
        assertProblem("""
                name,given.customer.id,expect.segments
                fine,c-1,[]
                gap,c-2,[],extra
                """, "t.csv line 3: the row has 4 cells but the header only 3 columns");
        assertProblem("""
                name,given.customer.id,expect.segments,# why
                fine,c-1,[],"a note
                on two lines"
                gap,c-2,[],,extra
                """, "t.csv line 4: the row has 5 cells but the header only 4 columns");
        assertProblem("name;expect.segments\nfine;[]\r\n\r\nextra;[];\"x\"\r\n",
                "t.csv line 4: the row has 3 cells but the header only 2 columns");

        ScenarioSuite suite = parse("""
                name,expect.segments,given.customer.id,
                trailing empty cells,[],c-1,,,
                short row,[]
                """);
        assertThat(suite.cases()).extracting(ScenarioCase::name, ScenarioCase::line)
                .containsExactly(Tuple.tuple("trailing empty cells", 2), Tuple.tuple("short row", 3));
        assertThat(suite.cases().get(1).given().toString()).isEqualTo("{}");
    }

    @Test
    @DisplayName("header mistakes name the header's line: a column without a header, the same column twice")
    void headerMistakes() {
        assertProblem("# notes\nname,,expect.segments\nx,1,[]\n", "t.csv line 2: column 2 has no header");
        assertProblem("name,expect.segments, expect.segments \nx,[],[]\n", "t.csv line 1: column 'expect.segments' appears twice");
    }

    @Test
    @DisplayName("a quote that is never closed is refused on the line its row starts, however far the quote runs")
    void unclosedQuote() {
        assertProblem("name,expect.segments\n\"never closed,[]\n", "t.csv line 2: a quoted cell is never closed");
        assertProblem("""
                name,expect.segments,# why
                first,[],"a note
                on two lines"
                second,[],"never
                closed
                """, "t.csv line 4: a quoted cell is never closed");
        assertProblem("name,expect.segments\r\n\r\nx,\"[]\r\n", "t.csv line 3: a quoted cell is never closed");
    }

    @Test
    @DisplayName("text after a quoted cell's closing quote is refused with its line, cell and character")
    void textAfterClosingQuote() {
        assertProblem("name,given.customer.id,expect.segments\nfirst,\"c-1\"x,[]\n",
                "t.csv line 2: cell 2 has text after its closing quote (character 12); quote the whole cell and write each "
                        + "quote inside it twice (\"\")");
        assertProblem("name,given.customer.id,expect.segments\nfirst,c-1,\"new\n\" prospect,\n",
                "t.csv line 3: cell 3 has text after its closing quote (character 3)");
        assertProblem("name,given.customer.id,expect.segments\nfirst,\"c-1\"  ,[]\nsecond,c-2,\"\"\"a\"\" b\"x\n",
                "t.csv line 3: cell 3 has text after its closing quote (character 21)");
    }

    @Test
    @DisplayName("problems found in a CSV file are reported with the line, and the file's other rows do not run")
    void problemsAreReportedPerFile() {
        ScenarioLoader.Loaded loaded = ScenarioLoader.load(List.of(
                new SuiteFile("quote.csv", "name,expect.segments\nfine,[]\nbroken,\"x\"y\n"),
                new SuiteFile("fine.csv", "name,expect.segments\n\"a, b\",[]\n")));

        assertThat(loaded.suites()).extracting(ScenarioSuite::file).containsExactly("fine.csv");
        assertThat(loaded.problems()).extracting(SuiteProblem::file, SuiteProblem::line)
                .containsExactly(Tuple.tuple("quote.csv", 3));
    }

    private static ScenarioSuite parse(String csv) {
        return ScenarioLoader.parse(new SuiteFile("t.csv", csv));
    }

    private static void assertProblem(String csv, String message) {
        assertThatThrownBy(() -> parse(csv))
                .isInstanceOf(ScenarioFormatException.class)
                .message().startsWith(message);
    }
}
