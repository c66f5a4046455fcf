package dev.decisioning.engine.scenarios;

import dev.decisioning.engine.ExplanationEntry;

import java.util.Locale;

/** Plain-text renderings of results, for a terminal and for test failure messages. */
public final class ScenarioText {
    private ScenarioText() {
    }

    /** A case's test name, as every runner shows it: {@code file › case}. */
    public static String title(CaseResult result) {
        return result.file() + " › " + result.name();
    }

    /**
     * Everything needed to understand a failed case without rerunning it: where it is, what was sent, each
     * difference, why there was no answer if there was none, and which rules and rows decided.
     */
    public static String failure(CaseResult result) {
        StringBuilder text = new StringBuilder();
        text.append(result.file()).append(result.line() > 0 ? " line " + result.line() : "")
                .append(", case '").append(result.name()).append("'\n");
        text.append(CaseResult.MODEL.equals(result.kind()) ? "model evaluation of '" + result.model() + "', inputs:"
                : "customer decision, request:").append('\n');
        text.append(ScenarioRunner.pretty(result.given())).append('\n');
        if (result.error() != null) {
            text.append("no answer: ").append(result.error()).append('\n');
        }
        if (!result.mismatches().isEmpty()) {
            text.append("mismatches:\n");
            result.mismatches().forEach(m -> text.append("  - ").append(m).append('\n'));
        }
        result.notes().forEach(note -> text.append("note: ").append(note).append('\n'));
        if (result.actual() != null) {
            text.append("answer explanation:\n");
            if (result.explanation().isEmpty()) {
                text.append("  (nothing fired)\n");
            }
            result.explanation().forEach(e -> text.append("  - ").append(entry(e)).append('\n'));
        }
        return text.toString();
    }

    /** The run in a few lines, then every failure and problem in full, then coverage and what it misses. */
    public static String summary(ScenarioReport report, Double minCoverage) {
        StringBuilder text = new StringBuilder();
        ScenarioReport.Counts counts = report.counts();
        text.append("rule set ").append(report.ruleSet())
                .append(report.version() == null ? "" : " version " + report.version())
                .append(" (files ").append(report.hash()).append("): ")
                .append(counts.cases()).append(" cases, ").append(counts.passed()).append(" passed, ")
                .append(counts.failed()).append(" failed");
        if (counts.problems() > 0) {
            text.append(", ").append(counts.problems()).append(" file(s) could not run");
        }
        text.append(" (").append(report.durationMillis()).append(" ms)\n");
        for (SuiteProblem problem : report.problems()) {
            text.append("\nFILE PROBLEM ").append(problem).append('\n');
        }
        for (CaseResult result : report.cases()) {
            if (!result.passed()) {
                text.append("\nFAILED ").append(title(result)).append('\n').append(indent(failure(result)));
            }
        }
        Coverage coverage = report.coverage();
        text.append("\ncoverage: ").append(coverage.covered()).append('/').append(coverage.total())
                .append(" rules and rows (").append(percent(coverage.percentage())).append(")");
        if (minCoverage != null) {
            text.append(", minimum ").append(percent(minCoverage))
                    .append(coverage.reaches(minCoverage) ? ": reached" : ": NOT REACHED");
        }
        text.append('\n');
        for (Coverage.FileCoverage file : coverage.files()) {
            text.append(String.format(Locale.ROOT, "  %-40s %4d/%-4d %s%n", file.file(), file.covered(), file.total(),
                    percent(file.percentage())));
        }
        if (!coverage.uncovered().isEmpty()) {
            text.append("never used by any case:\n");
            coverage.uncovered().forEach(line -> text.append("  - ").append(line).append('\n'));
        }
        return text.toString();
    }

    public static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    private static String entry(ExplanationEntry e) {
        StringBuilder text = new StringBuilder();
        text.append(e.file()).append(": ").append(e.rule());
        if (e.row() != null) {
            text.append(" row ").append(e.row());
        }
        if (e.note() != null && !e.note().equals(e.rule())) {
            text.append(" (").append(e.note()).append(')');
        }
        if (e.step() != null) {
            text.append(" [").append(e.step()).append(']');
        }
        return text.toString();
    }

    private static String indent(String text) {
        return "    " + text.replace("\n", "\n    ").stripTrailing() + "\n";
    }
}
