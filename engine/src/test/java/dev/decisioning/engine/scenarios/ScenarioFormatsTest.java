package dev.decisioning.engine.scenarios;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the YAML and CSV scenario formats mean, and how a broken file is reported. */
class ScenarioFormatsTest {

    @Test
    @DisplayName("a CSV row becomes the same case a YAML file would give: paths, lists, matchers, defaults, typed cells")
    void csvRowsAreCases() {
        String csv = """
                name,model,given.context.now,given.customer.id,given.customer.orders[0].amount,given.customer.orders[1].amount,given.customer.marketingConsent,expect.segments,expect.segments[contains],expect.offers[0].score[±0.01],expect.loyaltyTier.tier,# why
                (defaults),,2026-11-22T10:00:00Z,c-csv,,,TRUE,,,,,defaults for every row
                two orders,,,,10.50,\"""007\""",false,new;prospect,,,,
                one item list,,,c-other,,,,prospect;,,30,gold,a comment column is ignored
                # a comment row
                empty list and text,,,,,,,[],,,\"""true\""",
                contains,,,,,,,,new,,,
                """;

        ScenarioSuite suite = ScenarioLoader.parse(new SuiteFile("cases.csv", csv));

        assertThat(suite.cases()).extracting(ScenarioCase::name, ScenarioCase::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("two orders", 3),
                        org.assertj.core.groups.Tuple.tuple("one item list", 4),
                        org.assertj.core.groups.Tuple.tuple("empty list and text", 6),
                        org.assertj.core.groups.Tuple.tuple("contains", 7));
        ScenarioCase first = suite.cases().get(0);
        assertThat(first.given().toString()).isEqualTo("{\"context\":{\"now\":\"2026-11-22T10:00:00Z\"},"
                + "\"customer\":{\"id\":\"c-csv\",\"marketingConsent\":false,\"orders\":[{\"amount\":10.50},{\"amount\":\"007\"}]}}");
        assertThat(first.expect().toString()).isEqualTo("{\"segments\":[\"new\",\"prospect\"]}");
        ScenarioCase second = suite.cases().get(1);
        assertThat(second.given().path("customer").path("id").asText()).isEqualTo("c-other");
        assertThat(second.given().path("customer").path("marketingConsent").asBoolean()).isTrue();
        assertThat(second.expect().toString()).isEqualTo("{\"segments\":[\"prospect\"],"
                + "\"offers\":[{\"score\":{\"value\":30,\"tolerance\":0.01}}],\"loyaltyTier\":{\"tier\":\"gold\"}}");
        assertThat(second.isModelCase()).isFalse();
        assertThat(suite.cases().get(2).expect().toString())
                .isEqualTo("{\"segments\":[],\"loyaltyTier\":{\"tier\":\"true\"}}");
        assertThat(suite.cases().get(3).expect().toString()).isEqualTo("{\"segments\":{\"contains\":[\"new\"]}}");
    }

    @Test
    @DisplayName("spreadsheets saving with semicolons and a byte order mark are read the same")
    void semicolonSeparatedCsv() {
        String csv = "\uFEFFname;given.customer.id;expect.segments;expect.offers[0].score[+-0.5]\n"
                + "semicolons;c-1;\"new;prospect\";10\n";

        ScenarioCase scenario = ScenarioLoader.parse(new SuiteFile("excel.csv", csv)).cases().get(0);

        assertThat(scenario.expect().toString()).isEqualTo("{\"segments\":[\"new\",\"prospect\"],"
                + "\"offers\":[{\"score\":{\"value\":10,\"tolerance\":0.5}}]}");
    }

    @Test
    @DisplayName("a CSV model column makes model cases, whose expect names decisions")
    void csvModelCases() {
        String csv = """
                name,model,given.customer.pointsBalance,expect.loyaltyTier.tier
                (defaults),mini,,
                gold,,1200,gold
                """;

        ScenarioCase scenario = ScenarioLoader.parse(new SuiteFile("model.csv", csv)).cases().get(0);

        assertThat(scenario.model()).isEqualTo("mini");
        assertThat(scenario.given().toString()).isEqualTo("{\"customer\":{\"pointsBalance\":1200}}");
    }

    @Test
    @DisplayName("CSV mistakes are refused with the line: list gaps, clashing columns, unknown columns, odd rows")
    void csvMistakes() {
        assertProblem("name,given.customer.orders[1].amount,expect.segments\ngap,10,[]\n",
                "gap.csv line 2: customer.orders[1] is filled but customer.orders[0] is not; a list is filled from [0] without gaps");
        assertProblem("name,given.customer,given.customer.id,expect.segments\nclash,x,c-1,[]\n",
                "gap.csv line 2: cells 'given.customer' and 'given.customer.id' both fill customer");
        assertProblem("name,given.customer.id,expected.segments\nx,c-1,[]\n",
                "gap.csv line 1: unknown column 'expected.segments'; columns are name, model, decisionService, given.<path>, expect.<path> and #comments");
        assertProblem("given.customer.id,expect.segments\nc-1,[]\n", "gap.csv line 1: the header has no 'name' column");
        assertProblem("name,expect.segments\nsame,[]\nsame,[]\n", "gap.csv line 3: another case is already named 'same'");
        assertProblem("name,expect.offers[0].score[±0.1]\nnot a number,high\n",
                "gap.csv line 2: column 'expect.offers[0].score[±0.1]' holds a number, not 'high'");
        assertProblem("name,expect.segments\n\"never closed,[]\n", "gap.csv line 2: a quoted cell is never closed");
    }

    @Test
    @DisplayName("YAML mistakes are refused with the line, matchers included")
    void yamlMistakes() {
        assertProblem("""
                cases:
                  - name: tolerance without a number
                    given: {}
                    expect:
                      loyaltyTier:
                        spendToNextTier: {value: 10, tolerance: a lot}
                """, "gap.yaml line 6: case 1 ('tolerance without a number'): 'tolerance' must be a number of 0 or more, not \"a lot\"");
        assertProblem("""
                cases:
                  - name: contains needs a list
                    given: {}
                    expect:
                      segments: {contains: new}
                """, "gap.yaml line 5: case 1 ('contains needs a list'): 'contains' must be a list of the items the answer's list must hold");
        assertProblem("""
                cases:
                  - name: a service without a model
                    decisionService: pricing
                    given: {}
                    expect: {}
                """, "gap.yaml line 2: case 1 ('a service without a model') names a 'decisionService' but no 'model'");
        assertProblem("cases: [\n  {name: x\n", "gap.yaml line 2: not valid YAML: ");
    }

    @Test
    @DisplayName("only known extensions are scenario files")
    void suiteFileNames() {
        assertThat(ScenarioLoader.isSuiteFile("a.yaml")).isTrue();
        assertThat(ScenarioLoader.isSuiteFile("b.YML")).isTrue();
        assertThat(ScenarioLoader.isSuiteFile("c.csv")).isTrue();
        assertThat(ScenarioLoader.isSuiteFile("d.scesim")).isTrue();
        assertThat(ScenarioLoader.isSuiteFile("README.md")).isFalse();
        assertThat(ScenarioLoader.isSuiteFile(".hidden.yaml")).isFalse();
    }

    private static void assertProblem(String content, String message) {
        String file = content.startsWith("name") || content.startsWith("given") ? "gap.csv" : "gap.yaml";
        assertThatThrownBy(() -> ScenarioLoader.parse(new SuiteFile(file, content)))
                .isInstanceOf(ScenarioFormatException.class)
                .message().startsWith(message);
    }
}
