package dev.decisioning.engine.scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's reports: {@code report.json} (every case and the coverage), {@code coverage.json} (coverage alone,
 * for tools that track it over time), {@code report.html} (for people, one self-contained page) and
 * {@code junit.xml} (the cases as JUnit XML, for CI servers' test views, see {@link JUnitXmlReport}).
 */
public final class ReportFiles {
    public static final String REPORT_JSON = "report.json";
    public static final String COVERAGE_JSON = "coverage.json";
    public static final String REPORT_HTML = "report.html";
    public static final String JUNIT_XML = "junit.xml";

    private ReportFiles() {
    }

    /** Writes the four files into {@code directory}, creating it; returns their paths, in the order above. */
    public static List<Path> write(ScenarioReport report, Path directory) {
        try {
            Files.createDirectories(directory);
            Path json = directory.resolve(REPORT_JSON);
            Path coverage = directory.resolve(COVERAGE_JSON);
            Path html = directory.resolve(REPORT_HTML);
            Path junit = directory.resolve(JUNIT_XML);
            Files.writeString(json, json(report), StandardCharsets.UTF_8);
            Files.writeString(coverage, ScenarioJson.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report.coverage()), StandardCharsets.UTF_8);
            Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
            Files.writeString(junit, JUnitXmlReport.render(report), StandardCharsets.UTF_8);
            return List.of(json, coverage, html, junit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scenario report to " + directory, e);
        }
    }

    /** The whole report as JSON, as the HTTP endpoint answers it. */
    public static String json(ScenarioReport report) {
        try {
            return ScenarioJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A report read back from its JSON, e.g. one the HTTP endpoint answered. */
    public static ScenarioReport read(String json) {
        try {
            return ScenarioJson.mapper().readValue(json, ScenarioReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a scenario report: " + e.getMessage(), e);
        }
    }
}
