package dev.decisioning.server.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.decisioning.engine.scenarios.CaseResult;
import dev.decisioning.engine.scenarios.ScenarioReport;
import dev.decisioning.engine.scenarios.SuiteProblem;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/v1/rulesets/{ruleset}/test}: one run of scenario suites against one rule set version.
 *
 * @param ruleSet        the rule set
 * @param version        the number of the version that answered
 * @param passed         true when there were cases, every case passed and every file could run
 * @param counts         the totals
 * @param startedAt      when the run began
 * @param durationMillis how long it took
 * @param cases          every case, in file and case order
 * @param problems       files that could not be read or run
 * @param coverage       the rules and rows the answers used, out of all the version has
 */
public record ScenarioReportV1(String ruleSet, Integer version, boolean passed, Counts counts, Instant startedAt,
                               long durationMillis, List<Case> cases, List<Problem> problems, Coverage coverage)
        implements WireAnswer {

    public static ScenarioReportV1 from(ScenarioReport report) {
        return new ScenarioReportV1(report.ruleSet(), WireValues.versionNumber(report.version()), report.passed(),
                report.counts() == null ? null : Counts.from(report.counts()), report.startedAt(), report.durationMillis(), WireValues.each(report.cases(), Case::from),
                WireValues.each(report.problems(), Problem::from),
                report.coverage() == null ? null : Coverage.from(report.coverage()));
    }

    /** Cases run, passed and failed, and files that could not run. */
    public record Counts(int cases, int passed, int failed, int problems) {

        public static Counts from(ScenarioReport.Counts counts) {
            return new Counts(counts.cases(), counts.passed(), counts.failed(), counts.problems());
        }
    }

    /**
     * How one case went.
     *
     * @param kind        {@code decision} or {@code model}
     * @param model       the model evaluated, for a model case
     * @param given       what was sent, defaults merged in
     * @param expected    what the case expects, as written
     * @param actual      the answer without its explanation: a decision as the decision endpoint answers it, or
     *                    {@code {<decision>: <result>}} for a model case; null when there was no answer
     * @param error       why there was no answer
     * @param notes       what else the engine said that explains a failure
     * @param explanation the rules and rows that produced the answer
     */
    public record Case(String file, String name, int line, String kind, String model, boolean passed, JsonNode given,
                       JsonNode expected, JsonNode actual, List<Mismatch> mismatches, String error,
                       List<String> notes, List<ExplanationEntryV1> explanation) {

        public static Case from(CaseResult result) {
            JsonNode actual = CaseResult.DECISION.equals(result.kind()) ? result.actual()
                    : result.actual();
            return new Case(result.file(), result.name(), result.line(), result.kind(), result.model(),
                    result.passed(), result.given(), result.expected(), actual,
                    WireValues.each(result.mismatches(), Mismatch::from), result.error(), result.notes(),
                    ExplanationEntryV1.all(result.explanation()));
        }

    }

    /** A difference between what a case expects at {@code path} and what the answer holds there (null: absent). */
    public record Mismatch(String path, JsonNode expected, JsonNode actual) {

        public static Mismatch from(dev.decisioning.engine.scenarios.Mismatch mismatch) {
            return new Mismatch(mismatch.path(), mismatch.expected(), mismatch.actual());
        }
    }

    /** A scenario file that could not be read or run: where, and why. */
    public record Problem(String file, Integer line, String problem) {

        public static Problem from(SuiteProblem problem) {
            return new Problem(problem.file(), problem.line(), problem.problem());
        }
    }

    /**
     * Which rules and rows the answers used.
     *
     * @param total      rules and rows the version has
     * @param covered    those used at least once
     * @param percentage covered out of total, rounded down to one decimal
     * @param files      per rule file
     */
    public record Coverage(int total, int covered, double percentage, List<FileCoverage> files) {

        public static Coverage from(dev.decisioning.engine.scenarios.Coverage coverage) {
            return new Coverage(coverage.total(), coverage.covered(), coverage.percentage(),
                    WireValues.each(coverage.files(), FileCoverage::from));
        }
    }

    /** One rule file's coverage; {@code kind} is {@code drl}, {@code spreadsheet} or {@code dmn}. */
    public record FileCoverage(String file, String kind, int total, int covered, double percentage,
                               List<ItemCoverage> items) {

        public static FileCoverage from(dev.decisioning.engine.scenarios.Coverage.FileCoverage file) {
            return new FileCoverage(file.file(), file.kind(), file.total(), file.covered(), file.percentage(),
                    WireValues.each(file.items(), ItemCoverage::from));
        }
    }

    /** One rule or table row and how many times the answers used it; keys without a value are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemCoverage(String rule, Integer row, String ruleId, String note, int hits) {

        public static ItemCoverage from(dev.decisioning.engine.scenarios.Coverage.ItemCoverage item) {
            return new ItemCoverage(item.rule(), item.row(), item.ruleId(), item.note(), item.hits());
        }
    }
}
