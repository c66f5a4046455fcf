package dev.decisioning.server;

import dev.decisioning.engine.ExecutionBudget;
import dev.decisioning.engine.ExecutionBudgets;
import dev.decisioning.engine.request.RequestJson;
import dev.decisioning.server.settings.ServerLimits;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.decisioning.server.settings.ServerLimits.BUDGETS_ENV;
import static dev.decisioning.server.settings.ServerLimits.IDLE_TIMEOUT_ENV;
import static dev.decisioning.server.settings.ServerLimits.MAX_CONNECTIONS_ENV;
import static dev.decisioning.server.settings.ServerLimits.MAX_DIGITS_ENV;
import static dev.decisioning.server.settings.ServerLimits.MAX_IN_FLIGHT_ENV;
import static dev.decisioning.server.settings.ServerLimits.MAX_SCALE_ENV;
import static dev.decisioning.server.settings.ServerLimits.READ_TIMEOUT_ENV;
import static dev.decisioning.server.settings.ServerLimits.STEP_BUDGET_ENV;
import static dev.decisioning.server.settings.ServerLimits.TEST_RUN_BUDGET_ENV;
import static dev.decisioning.server.settings.ServerLimits.TIME_BUDGET_ENV;

/**
 * The flags of {@link ServerLimits}, each over its environment variable. Values stay text until {@link #limits} reads
 * them, so that a wrong one is reported the same way whether it came from the flag or from the variable.
 */
final class LimitOptions {
    @Option(names = "--time-budget-ms", paramLabel = "N", order = 20,
            description = "time a decision or model evaluation may take (env " + TIME_BUDGET_ENV + ", default: 1000)")
    String timeBudgetMs;

    @Option(names = "--step-budget", paramLabel = "N", order = 21,
            description = "rule firings and DMN evaluations it may take (env " + STEP_BUDGET_ENV + ", default: 100000)")
    String stepBudget;

    @Option(names = "--budgets", paramLabel = "R=MS[:STEPS],...", order = 22,
            description = "budgets of single rule sets, e.g. retail-loyalty=500:20000 (env " + BUDGETS_ENV + ")")
    String budgets;

    @Option(names = "--test-run-budget-ms", paramLabel = "N", order = 23,
            description = "time one scenario run may take (env " + TEST_RUN_BUDGET_ENV + ", default: 120000)")
    String testRunBudgetMs;

    @Option(names = "--max-number-digits", paramLabel = "N", order = 24,
            description = "significant digits of a number in a request (env " + MAX_DIGITS_ENV + ", default: 34)")
    String maxNumberDigits;

    @Option(names = "--max-number-scale", paramLabel = "N", order = 25,
            description = "largest power of ten of a number, up or down (env " + MAX_SCALE_ENV + ", default: 64)")
    String maxNumberScale;

    @Option(names = "--idle-timeout-s", paramLabel = "N", order = 26,
            description = "close connections idle this long (env " + IDLE_TIMEOUT_ENV + ", default: 60)")
    String idleTimeoutS;

    @Option(names = "--request-timeout-s", paramLabel = "N", order = 27,
            description = "a request must arrive whole within this long (env " + READ_TIMEOUT_ENV + ", default: 10)")
    String requestTimeoutS;

    @Option(names = "--max-connections", paramLabel = "N", order = 28,
            description = "open connections at once (env " + MAX_CONNECTIONS_ENV + ", default: 4096)")
    String maxConnections;

    @Option(names = "--max-calls-in-flight", paramLabel = "N", order = 29,
            description = "decisions waiting or running at once; past it 503 (env " + MAX_IN_FLIGHT_ENV
                    + ", default: 1024)")
    String maxCallsInFlight;

    /** The limits these flags, then the environment's variables, set over the defaults. */
    ServerLimits limits(SettingValues values) {
        ServerLimits defaults = ServerLimits.DEFAULT;
        ExecutionBudget budget = new ExecutionBudget(
                Duration.ofMillis(values.number(timeBudgetMs, "--time-budget-ms", TIME_BUDGET_ENV,
                        ExecutionBudget.DEFAULT.time().toMillis(), 1, 3_600_000)),
                values.number(stepBudget, "--step-budget", STEP_BUDGET_ENV, ExecutionBudget.DEFAULT.steps(), 1,
                        Long.MAX_VALUE));
        return new ServerLimits(new ExecutionBudgets(budget, byRuleSet(values, budget)),
                Duration.ofMillis(values.number(testRunBudgetMs, "--test-run-budget-ms", TEST_RUN_BUDGET_ENV,
                        defaults.testRunTime().toMillis(), 1, 3_600_000)),
                new RequestJson.NumberLimits(
                        (int) values.number(maxNumberDigits, "--max-number-digits", MAX_DIGITS_ENV,
                                defaults.numbers().maxDigits(), 1, RequestJson.MAX_NUMBER_LENGTH),
                        (int) values.number(maxNumberScale, "--max-number-scale", MAX_SCALE_ENV,
                                defaults.numbers().maxScale(), 0, 10_000)),
                Duration.ofSeconds(values.number(idleTimeoutS, "--idle-timeout-s", IDLE_TIMEOUT_ENV,
                        defaults.idleTimeout().toSeconds(), 1, 86_400)),
                Duration.ofSeconds(values.number(requestTimeoutS, "--request-timeout-s", READ_TIMEOUT_ENV,
                        defaults.requestReadTimeout().toSeconds(), 1, 3_600)),
                (int) values.number(maxConnections, "--max-connections", MAX_CONNECTIONS_ENV,
                        defaults.maxConnections(), 1, 1_000_000),
                (int) values.number(maxCallsInFlight, "--max-calls-in-flight", MAX_IN_FLIGHT_ENV,
                        defaults.maxCallsInFlight(), 1, 1_000_000));
    }

    /** {@code RULESET=MILLISECONDS[:STEPS],...}; a rule set given no steps gets the default's. */
    private Map<String, ExecutionBudget> byRuleSet(SettingValues values, ExecutionBudget defaults) {
        Map<String, ExecutionBudget> byRuleSet = new LinkedHashMap<>();
        String list = values.text(budgets, BUDGETS_ENV, "");
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] nameAndBudget = entry.trim().split("=", 2);
            String[] timeAndSteps = nameAndBudget.length == 2 ? nameAndBudget[1].split(":", 2) : new String[0];
            try {
                byRuleSet.put(nameAndBudget[0], new ExecutionBudget(Duration.ofMillis(Long.parseLong(timeAndSteps[0])),
                        timeAndSteps.length == 2 ? Long.parseLong(timeAndSteps[1]) : defaults.steps()));
            } catch (RuntimeException e) {
                throw values.invalid(budgets, "--budgets", BUDGETS_ENV, "'" + entry.trim() + "' is not "
                        + "RULESET=MILLISECONDS or RULESET=MILLISECONDS:STEPS, e.g. retail-loyalty=500:20000");
            }
        }
        return byRuleSet;
    }
}
