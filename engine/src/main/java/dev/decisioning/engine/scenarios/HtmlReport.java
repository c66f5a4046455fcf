package dev.decisioning.engine.scenarios;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as one HTML page that needs nothing else (styles inline, no scripts): the result, a coverage table per rule
 * file with every rule and row, its annotation and hit count, uncovered ones highlighted, then every case.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d232a;max-width:80rem}
            h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}
            h3{font-size:1rem;margin:1.25rem 0 .5rem}.meta{color:#556;margin:.25rem 0 1rem}
            .badge{display:inline-block;padding:.15rem .6rem;border-radius:.8rem;font-weight:600;color:#fff}
            .pass{background:#1f7a3a}.fail{background:#b3261e}
            table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem;font-size:.9rem}
            th,td{border:1px solid #d5d9e0;padding:.3rem .5rem;text-align:left;vertical-align:top}
            th{background:#f1f3f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
            tr.uncovered td{background:#fde7e7}tr.uncovered td.hits{color:#b3261e;font-weight:600}
            tr.failed td{background:#fde7e7}
            .bar{display:inline-block;width:8rem;height:.6rem;background:#e6e8ec;border-radius:.3rem;vertical-align:middle;margin-right:.4rem}
            .bar span{display:block;height:100%;border-radius:.3rem;background:#1f7a3a}
            pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;font-size:.8rem;margin:.3rem 0}
            details summary{cursor:pointer}code{font-size:.85rem}
            """;

    private HtmlReport() {
    }

    public static String render(ScenarioReport report) {
        StringBuilder html = new StringBuilder(16_384);
        Coverage coverage = report.coverage();
        ScenarioReport.Counts counts = report.counts();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Scenarios of ").append(esc(report.ruleSet())).append("</title><style>")
                .append(STYLE).append("</style></head><body>\n");
        html.append("<h1>Scenarios of <code>").append(esc(report.ruleSet())).append("</code>")
                .append(report.version() == null ? "" : ", version " + report.version()).append(" <span class=\"badge ").append(report.passed() ? "pass\">passed" : "fail\">failed")
                .append("</span></h1>\n");
        html.append("<p class=\"meta\">").append(counts.cases()).append(" cases: ").append(counts.passed()).append(" passed, ")
                .append(counts.failed()).append(" failed");
        if (counts.problems() > 0) {
            html.append(", ").append(counts.problems()).append(" file(s) could not run");
        }
        html.append(". Run ").append(report.startedAt() == null ? "" : esc(DateTimeFormatter.ISO_INSTANT.format(report.startedAt())))
                .append(" in ").append(report.durationMillis()).append(" ms.</p>\n");
        html.append("<p><strong>Coverage: ").append(coverage.covered()).append(" of ").append(coverage.total())
                .append(" rules and rows (").append(ScenarioText.percent(coverage.percentage())).append(")</strong> ")
                .append(bar(coverage.percentage())).append("</p>\n");

        if (!report.problems().isEmpty()) {
            html.append("<h2>Files that could not run</h2>\n<table><tr><th>File</th><th>Line</th><th>Problem</th></tr>\n");
            for (SuiteProblem problem : report.problems()) {
                html.append("<tr class=\"failed\"><td>").append(esc(problem.file())).append("</td><td class=\"num\">")
                        .append(problem.line() == null ? "" : problem.line()).append("</td><td>").append(esc(problem.problem()))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }

        html.append("<h2>Coverage by rule file</h2>\n");
        html.append("<table><tr><th>File</th><th>Kind</th><th>Covered</th><th>Total</th><th>%</th></tr>\n");
        for (Coverage.FileCoverage file : coverage.files()) {
            html.append("<tr").append(file.covered() < file.total() ? " class=\"uncovered\"" : "").append("><td><a href=\"#")
                    .append(anchor(file.file())).append("\">").append(esc(file.file())).append("</a></td><td>")
                    .append(esc(file.kind())).append("</td><td class=\"num\">").append(file.covered())
                    .append("</td><td class=\"num\">").append(file.total()).append("</td><td>").append(bar(file.percentage()))
                    .append(ScenarioText.percent(file.percentage())).append("</td></tr>\n");
        }
        html.append("</table>\n");
        for (Coverage.FileCoverage file : coverage.files()) {
            html.append("<h3 id=\"").append(anchor(file.file())).append("\">").append(esc(file.file())).append(" — ")
                    .append(file.covered()).append('/').append(file.total()).append(" (")
                    .append(ScenarioText.percent(file.percentage())).append(")</h3>\n");
            boolean rows = file.items().stream().anyMatch(i -> i.row() != null);
            html.append("<table><tr><th>").append(rows ? "Table / rule" : "Rule").append("</th>")
                    .append(rows ? "<th>Row</th>" : "").append("<th>Annotation / description</th><th>Hits</th></tr>\n");
            for (Coverage.ItemCoverage item : file.items()) {
                html.append("<tr").append(item.covered() ? "" : " class=\"uncovered\"").append("><td>").append(esc(item.rule()))
                        .append("</td>");
                if (rows) {
                    html.append("<td class=\"num\">").append(item.row() == null ? "" : item.row())
                            .append(item.ruleId() == null ? "" : " <code>" + esc(item.ruleId()) + "</code>").append("</td>");
                }
                html.append("<td>").append(item.note() == null ? "" : esc(item.note())).append("</td><td class=\"num hits\">")
                        .append(item.covered() ? String.valueOf(item.hits()) : "0 — not covered").append("</td></tr>\n");
            }
            html.append("</table>\n");
        }

        html.append("<h2>Cases</h2>\n");
        Map<String, List<CaseResult>> byFile = new LinkedHashMap<>();
        for (CaseResult result : report.cases()) {
            byFile.computeIfAbsent(result.file(), f -> new java.util.ArrayList<>()).add(result);
        }
        for (Map.Entry<String, List<CaseResult>> file : byFile.entrySet()) {
            long failed = file.getValue().stream().filter(r -> !r.passed()).count();
            html.append("<h3>").append(esc(file.getKey())).append(" — ").append(file.getValue().size() - failed).append('/')
                    .append(file.getValue().size()).append(" passed</h3>\n<table><tr><th>Result</th><th>Case</th><th>Line</th></tr>\n");
            for (CaseResult result : file.getValue()) {
                html.append("<tr").append(result.passed() ? "" : " class=\"failed\"").append("><td>")
                        .append(result.passed() ? "passed" : "<strong>failed</strong>").append("</td><td>");
                if (result.passed()) {
                    html.append(esc(result.name()));
                } else {
                    html.append("<details open><summary>").append(esc(result.name())).append("</summary><pre>")
                            .append(esc(ScenarioText.failure(result))).append("</pre></details>");
                }
                html.append("</td><td class=\"num\">").append(result.line() > 0 ? result.line() : "").append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    private static String bar(double percentage) {
        return "<span class=\"bar\"><span style=\"width:" + Math.max(0, Math.min(100, percentage)) + "%\"></span></span>";
    }

    private static String anchor(String file) {
        return "file-" + file.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
