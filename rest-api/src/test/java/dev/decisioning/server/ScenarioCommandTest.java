package dev.decisioning.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code decisioning-server.jar test} as CI calls it: exit codes, the printed summary and the report files, over a
 * one-table rule set whose coverage is known by construction (a suite hitting one of its two rows is at 50%).
 */
class ScenarioCommandTest {
    static final String BANDS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="_bands" name="bands"
                         namespace="https://decisioning.dev/test/bands">
              <inputData id="_score" name="score"><variable id="_score_v" name="score" typeRef="number"/></inputData>
              <decision id="_band" name="band">
                <variable id="_band_v" name="band" typeRef="string"/>
                <informationRequirement id="_ir"><requiredInput href="#_score"/></informationRequirement>
                <decisionTable id="_band_dt" hitPolicy="UNIQUE">
                  <input id="_band_in"><inputExpression id="_band_ie" typeRef="number"><text>score</text></inputExpression></input>
                  <output id="_band_out" typeRef="string"/>
                  <annotation name="description"/>
                  <rule id="_low"><inputEntry id="_low_in"><text>&lt; 50</text></inputEntry>
                    <outputEntry id="_low_out"><text>"low"</text></outputEntry><annotationEntry><text>below 50</text></annotationEntry></rule>
                  <rule id="_high"><inputEntry id="_high_in"><text>&gt;= 50</text></inputEntry>
                    <outputEntry id="_high_out"><text>"high"</text></outputEntry><annotationEntry><text>50 and more</text></annotationEntry></rule>
                </decisionTable>
              </decision>
            </definitions>
            """;
    static final String LOW = """
            model: bands
            cases:
              - name: 10 is low
                given: {score: 10}
                expect: {band: low}
            """;

    @TempDir
    Path work;
    Path rules;
    Path suites;
    Path reports;

    @BeforeEach
    void files() throws IOException {
        rules = work.resolve("rules");
        suites = work.resolve("suites");
        reports = work.resolve("reports");
        Files.createDirectories(rules.resolve("bands"));
        Files.writeString(rules.resolve("bands").resolve("bands.dmn"), BANDS);
        Files.createDirectories(suites.resolve("bands"));
        Files.writeString(suites.resolve("bands").resolve("low.yaml"), LOW);
    }

    record Outcome(int exitCode, String output) {
    }

    Outcome run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = ScenarioCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Outcome(code, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("every case passing is exit code 0, with a summary, the coverage and the report files")
    void passing() {
        Outcome outcome = run("test", "--rules", rules.toString(), "--suites", suites.toString(), "--report", reports.toString());

        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("1 cases, 1 passed, 0 failed")
                .contains("coverage: 1/2 rules and rows (50.0%)")
                .contains("never used by any case:\n  - bands.dmn: band row 2 (50 and more)")
                .endsWith("PASSED: 1 rule set(s), every case passed\n");
        assertThat(reports.resolve("bands").resolve("report.html")).isRegularFile();
        assertThat(reports.resolve("bands").resolve("report.json")).isRegularFile();
        assertThat(reports.resolve("bands").resolve("coverage.json")).content().contains("\"covered\" : 1");
        assertThat(reports.resolve("bands").resolve("junit.xml")).content().contains("<testsuites name=\"bands\" tests=\"1\"");
        assertThat(outcome.output()).contains("reports: " + reports.resolve("bands").resolve("report.html") + ", "
                + reports.resolve("bands").resolve("report.json") + " and " + reports.resolve("bands").resolve("junit.xml"));
    }

    @Test
    @DisplayName("coverage below --min-coverage is exit code 1 even when every case passes")
    void coverageThreshold() {
        Outcome below = run("test", "--rules", rules.toString(), "--suites", suites.toString(), "--report",
                reports.toString(), "--min-coverage", "90");
        Outcome reached = run("test", "--rules", rules.toString(), "--suites", suites.toString(), "--report",
                reports.toString(), "--min-coverage", "50");

        assertThat(below.exitCode()).as(below.output()).isEqualTo(1);
        assertThat(below.output()).contains("minimum 90.0%: NOT REACHED")
                .contains("FAILED:\n  - bands: coverage 50.0% is below the minimum 90.0%");
        assertThat(reached.exitCode()).as(reached.output()).isZero();
    }

    @Test
    @DisplayName("a failing case is exit code 1 and printed with its diff")
    void failingCase() throws Exception {
        Files.writeString(suites.resolve("bands").resolve("wrong.yaml"), LOW.replace("{band: low}", "{band: high}")
                .replace("10 is low", "10 is high"));

        Outcome outcome = run("--rules", rules.toString(), "--suites", suites.toString(), "--report", reports.toString());

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).contains("2 cases, 1 passed, 1 failed")
                .contains("FAILED wrong.yaml › 10 is high")
                .contains("band: expected \"high\", actual \"low\"")
                .contains("bands.dmn: band row 1 (below 50)")
                .contains("FAILED:\n  - bands: 1 of 2 cases failed");
        // The same failure for a CI server's test view, read back with an XML parser.
        org.w3c.dom.Element suites = ScenarioApiTest.xml(Files.readString(reports.resolve("bands").resolve("junit.xml")));
        assertThat(List.of(suites.getAttribute("tests"), suites.getAttribute("failures"), suites.getAttribute("errors")))
                .containsExactly("2", "1", "0");
        org.w3c.dom.NodeList failures = suites.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(1);
        org.w3c.dom.Element failure = (org.w3c.dom.Element) failures.item(0);
        assertThat(((org.w3c.dom.Element) failure.getParentNode()).getAttribute("name")).isEqualTo("wrong.yaml › 10 is high");
        assertThat(((org.w3c.dom.Element) failure.getParentNode().getParentNode()).getAttribute("name"))
                .isEqualTo("bands/wrong.yaml");
        assertThat(failure.getAttribute("message")).isEqualTo("band: expected \"high\", actual \"low\"");
        assertThat(failure.getTextContent()).contains("\"score\" : 10").contains("bands.dmn: band row 1 (below 50)");
    }

    @Test
    @DisplayName("a malformed file is reported with file and line, fails the run, and the other files still run")
    void malformedFile() throws IOException {
        Files.writeString(suites.resolve("bands").resolve("typo.yaml"), "model: bands\ncases:\n  - name: x\n    givn: {}\n");

        Outcome outcome = run("test", "--rules", rules.toString(), "--suites", suites.toString(), "--report", reports.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.output()).contains("FILE PROBLEM typo.yaml line 4: unknown key 'givn'")
                .contains("1 cases, 1 passed, 0 failed, 1 file(s) could not run");
        assertThat(reports.resolve("bands").resolve("junit.xml")).content()
                .contains("<testsuite name=\"bands/typo.yaml\" tests=\"1\" failures=\"0\" errors=\"1\"")
                .contains("<error message=\"line 4: unknown key ");
    }

    @Test
    @DisplayName("--ruleset picks one rule set, and --suites may then be its own folder")
    void oneRuleSet() {
        Outcome outcome = run("test", "--rules", rules.toString(), "--suites", suites.resolve("bands").toString(),
                "--ruleset", "bands", "--report", reports.toString());

        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).containsPattern("rule set bands \\(files [0-9a-f]{12}\\): ");
    }

    @Test
    @DisplayName("no suites for any rule set fails rather than passing with nothing tested")
    void nothingToTest() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty"));

        Outcome outcome = run("test", "--rules", rules.toString(), "--suites", empty.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.output()).contains("nothing was tested");
    }

    @Test
    @DisplayName("a wrong command line is exit code 2 and one line naming the flag and value, pointing to --help")
    void usageErrors() {
        assertUsage(run("test"), "Missing required options: '--rules=DIR', '--suites=DIR'");
        assertUsage(run("test", "--rules", rules.toString(), "--suites", suites.toString(), "--verbose"),
                "Unknown option: '--verbose'");
        assertUsage(run("test", "--rules", rules.toString(), "--suites", suites.toString(), "--min-coverage", "most"),
                "Invalid value for option '--min-coverage': 'most' is not a percentage from 0 to 100");
        assertUsage(run("test", "--rules=" + rules, "--suites=" + suites, "--min-coverage=101"),
                "Invalid value for option '--min-coverage': '101' is not a percentage from 0 to 100");
        assertUsage(run("test", "--rules", work.resolve("nowhere").toString(), "--suites", suites.toString()),
                "Invalid value for option '--rules': " + work.resolve("nowhere").toAbsolutePath() + " is not a directory");
        assertUsage(run("test", "--rules", rules.toString(), "--suites", suites.toString(), "--ruleset", "retail"),
                "Invalid value for option '--ruleset': there is no rule set 'retail' under " + rules
                        + "; there are [bands]");
        Outcome help = run("test", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).startsWith("usage: java -jar decisioning-server.jar test --rules=DIR --suites=DIR")
                .contains("--min-coverage=PERCENT").contains("Exit status: 0");
    }

    @Test
    @DisplayName("--name=value and --name value are the same")
    void bothOptionForms() {
        Outcome outcome = run("test", "--rules=" + rules, "--suites", suites.toString(), "--report=" + reports,
                "--min-coverage=50%");

        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("minimum 50.0%: reached");
        assertThat(reports.resolve("bands").resolve("report.json")).isRegularFile();
    }

    private static void assertUsage(Outcome outcome, String message) {
        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(ScenarioCommand.USAGE);
        assertThat(outcome.output().lines()).as(outcome.output()).containsExactly(
                message + "; see 'java -jar decisioning-server.jar test --help'");
    }
}
