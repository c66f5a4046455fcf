package dev.decisioning.engine.scenarios;

import java.time.Instant;
import java.util.List;

/**
 * One run of suites against one rule set version: every case's result, the files that could not run, and the
 * coverage the answers reached.
 *
 * @param ruleSet        the rule set
 * @param version        the version that answered
 * @param passed         true when there were cases, every case passed and every file could run
 * @param counts         the totals
 * @param startedAt      when the run began
 * @param hash           the hash of the tested version's files
 * @param durationMillis how long it took
 * @param cases          every case, in file and case order
 * @param problems       files that could not be read or run; each fails the run
 * @param coverage       the rules and rows the answers' explanations name, against every rule and row of the version
 */
public record ScenarioReport(String ruleSet, dev.decisioning.engine.VersionNumber version, String hash, boolean passed, Counts counts, Instant startedAt,
                             long durationMillis, List<CaseResult> cases, List<SuiteProblem> problems,
                             Coverage coverage) {

    /**
     * @param cases    cases run
     * @param passed   cases that passed
     * @param failed   cases that did not
     * @param problems files that could not run
     */
    public record Counts(int cases, int passed, int failed, int problems) {
    }

    /** True when the run passed and its coverage reaches {@code minCoveragePercent} (null: no threshold). */
    public boolean passes(Double minCoveragePercent) {
        return passed && (minCoveragePercent == null || coverage.reaches(minCoveragePercent));
    }
}
