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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kogito Test Scenario files ({@code .scesim}, DMN type) run unchanged, as one more suite format. */
class ScesimScenarioTest {
    static final Path SUITES = Path.of("src", "test", "resources", "scenario-suites", "mini");

    static DecisionEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = EmbeddedEngine.start(new FileSystemRuleSetLoader(ScenarioRunnerTest.RULES));
    }

    @Test
    @DisplayName("a Kogito .scesim file's scenarios run as model cases: descriptions, GIVEN, EXPECT, background")
    void runsAKogitoFile() {
        List<SuiteFile> files = ScenarioLoader.readFolder(SUITES);
        ScenarioSuite suite = ScenarioLoader.parse(files.get(0));

        assertThat(suite.cases()).extracting(ScenarioCase::name).containsExactly("1200 points is gold",
                "600 points is silver, 400 short of gold", "a cart shopper with 50 points is deciding, without a tier");
        ScenarioCase first = suite.cases().get(0);
        assertThat(first.model()).isEqualTo("mini");
        assertThat(first.given().toString()).isEqualTo("{\"segments\":[],\"customer\":{\"pointsBalance\":1200}}");
        assertThat(first.expect().toString()).isEqualTo("{\"loyaltyTier\":{\"tier\":\"gold\"},\"journeyStage\":\"awareness\"}");
        assertThat(suite.cases().get(2).given().get("segments").toString()).isEqualTo("[\"cart-shopper\"]");

        ScenarioReport report = new ScenarioRunner(engine).run("mini", files);

        assertThat(report.passed()).as(ScenarioText.summary(report, null)).isTrue();
        assertThat(report.counts()).isEqualTo(new ScenarioReport.Counts(3, 3, 0, 0));
        assertThat(report.coverage().files().get(0).items()).extracting(Coverage.ItemCoverage::hits)
                .containsExactly(1, 1, 0, 1);
    }

    @Test
    @DisplayName("a wrong value in a .scesim file fails like any other case")
    void wrongExpectationFails() {
        SuiteFile file = ScenarioLoader.readFolder(SUITES).get(0);
        SuiteFile wrong = new SuiteFile(file.name(), file.content().replace("&quot;silver&quot;", "&quot;gold&quot;"));

        ScenarioReport report = new ScenarioRunner(engine).run("mini", List.of(wrong));

        CaseResult failed = report.cases().get(1);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.mismatches()).extracting(Mismatch::toString)
                .containsExactly("loyaltyTier.tier: expected \"gold\", actual \"silver\"");
        assertThat(failed.line()).isPositive();
    }

    @Test
    @DisplayName("what the supported subset leaves out is refused with the line, not run as something else")
    void unsupportedConstructs() {
        String file = ScenarioLoader.readFolder(SUITES).get(0).content();

        assertThatThrownBy(() -> ScenarioLoader.parse(new SuiteFile("range.scesim",
                file.replace("<rawValue class=\"string\">400</rawValue>", "<rawValue class=\"string\">&gt; 300</rawValue>"))))
                .isInstanceOf(ScenarioFormatException.class)
                .hasMessageMatching("range\\.scesim line \\d+: EXPECT value '> 300' is a range or test, not a value; .*unary tests such as > 10 are not supported\\)");
        assertThatThrownBy(() -> ScenarioLoader.parse(new SuiteFile("rule.scesim",
                file.replace("<type>DMN</type>", "<type>RULE</type>"))))
                .hasMessageMatching("rule\\.scesim line \\d+: only DMN test scenarios can run here; this one is of type RULE");
        assertThatThrownBy(() -> ScenarioLoader.parse(new SuiteFile("deep.scesim", file.replace(
                "<step>pointsBalance</step>", "<step>balance</step>\n            </ExpressionElement>\n"
                        + "            <ExpressionElement>\n              <step>points</step>"))))
                .hasMessageMatching("deep\\.scesim line \\d+: column customer\\.balance\\.points reaches 2 levels into a structure; "
                        + "only simple values and one level of fields are supported");
        assertThatThrownBy(() -> ScenarioLoader.parse(new SuiteFile("unquoted.scesim",
                file.replace("&quot;gold&quot;", "gold"))))
                .hasMessageContaining("EXPECT value 'gold' is not a FEEL value");
        assertThatThrownBy(() -> ScenarioLoader.parse(new SuiteFile("broken.scesim", file.replace("</simulation>", ""))))
                .hasMessageStartingWith("broken.scesim line ").hasMessageContaining("not valid XML");
    }
}
