package dev.decisioning.server;

import dev.decisioning.engine.ExecutionBudget;
import dev.decisioning.engine.ExecutionBudgets;
import dev.decisioning.engine.request.RequestJson;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What any one caller may take from the server: the budget of each call to a rule set, the size of the numbers a
 * request may carry, how long a connection may idle or take to send a request, and how many there may be.
 *
 * @param budgets            time and step budget of decisions and model evaluations, by rule set
 * @param testRunTime        how long one scenario run (all its cases) may take
 * @param numbers            digits and scale of numbers in requests
 * @param idleTimeout        a connection with no traffic for this long is closed
 * @param requestReadTimeout a request's headers and body must have arrived within this long of its first byte (or of
 *                           the previous answer on the connection)
 * @param maxConnections     open connections at once; past it the longest idle one is closed, or the new one if none
 *                           is idle
 * @param maxCallsInFlight   decisions and evaluations waiting or running at once; past it, 503
 */
public record ServerLimits(ExecutionBudgets budgets, Duration testRunTime, RequestJson.NumberLimits numbers,
                           Duration idleTimeout, Duration requestReadTimeout, int maxConnections,
                           int maxCallsInFlight) {
    public static final String TIME_BUDGET_ENV = "DECISIONING_TIME_BUDGET_MS";
    public static final String STEP_BUDGET_ENV = "DECISIONING_STEP_BUDGET";
    public static final String BUDGETS_ENV = "DECISIONING_BUDGETS";
    public static final String TEST_RUN_BUDGET_ENV = "DECISIONING_TEST_RUN_BUDGET_MS";
    public static final String MAX_DIGITS_ENV = "DECISIONING_MAX_NUMBER_DIGITS";
    public static final String MAX_SCALE_ENV = "DECISIONING_MAX_NUMBER_SCALE";
    public static final String IDLE_TIMEOUT_ENV = "DECISIONING_IDLE_TIMEOUT_S";
    public static final String READ_TIMEOUT_ENV = "DECISIONING_REQUEST_TIMEOUT_S";
    public static final String MAX_CONNECTIONS_ENV = "DECISIONING_MAX_CONNECTIONS";
    public static final String MAX_IN_FLIGHT_ENV = "DECISIONING_MAX_CALLS_IN_FLIGHT";

    public static final ServerLimits DEFAULT = new ServerLimits(ExecutionBudgets.DEFAULT, Duration.ofMinutes(2),
            RequestJson.NumberLimits.DEFAULT, Duration.ofSeconds(60), Duration.ofSeconds(10), 4_096, 1_024);

    public ServerLimits {
        positive(testRunTime, "test run budget");
        positive(idleTimeout, "idle timeout");
        positive(requestReadTimeout, "request timeout");
        if (maxConnections < 1 || maxCallsInFlight < 1) {
            throw new IllegalArgumentException("connection and call limits must be at least 1");
        }
    }

    public ServerLimits withBudgets(ExecutionBudgets newBudgets) {
        return new ServerLimits(newBudgets, testRunTime, numbers, idleTimeout, requestReadTimeout, maxConnections,
                maxCallsInFlight);
    }

    public ServerLimits withConnections(Duration idle, Duration read, int connections) {
        return new ServerLimits(budgets, testRunTime, numbers, idle, read, connections, maxCallsInFlight);
    }

    public ServerLimits withNumbers(RequestJson.NumberLimits newNumbers) {
        return new ServerLimits(budgets, testRunTime, newNumbers, idleTimeout, requestReadTimeout, maxConnections,
                maxCallsInFlight);
    }

    /**
     * Limits from the environment's variables, then the flags' values (flag name to value, as given), over the
     * defaults.
     *
     * @throws IllegalArgumentException naming the flag or variable whose value is not valid
     */
    static ServerLimits parse(Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        values.putAll(env);
        flags.forEach((flag, value) -> values.put(envOf(flag), value));
        ExecutionBudget defaults = new ExecutionBudget(
                Duration.ofMillis(number(values, TIME_BUDGET_ENV, ExecutionBudget.DEFAULT.time().toMillis(), 1, 3_600_000)),
                number(values, STEP_BUDGET_ENV, ExecutionBudget.DEFAULT.steps(), 1, Long.MAX_VALUE));
        Map<String, ExecutionBudget> byRuleSet = new LinkedHashMap<>();
        String overrides = values.getOrDefault(BUDGETS_ENV, "");
        for (String entry : overrides.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] nameAndBudget = entry.trim().split("=", 2);
            String[] timeAndSteps = nameAndBudget.length == 2 ? nameAndBudget[1].split(":", 2) : new String[0];
            try {
                byRuleSet.put(nameAndBudget[0], new ExecutionBudget(Duration.ofMillis(Long.parseLong(timeAndSteps[0])),
                        timeAndSteps.length == 2 ? Long.parseLong(timeAndSteps[1]) : defaults.steps()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(describe(BUDGETS_ENV) + ": '" + entry.trim() + "' is not "
                        + "RULESET=MILLISECONDS or RULESET=MILLISECONDS:STEPS, e.g. retail-loyalty=500:20000");
            }
        }
        return new ServerLimits(new ExecutionBudgets(defaults, byRuleSet),
                Duration.ofMillis(number(values, TEST_RUN_BUDGET_ENV, DEFAULT.testRunTime.toMillis(), 1, 3_600_000)),
                new RequestJson.NumberLimits(
                        (int) number(values, MAX_DIGITS_ENV, DEFAULT.numbers.maxDigits(), 1, RequestJson.MAX_NUMBER_LENGTH),
                        (int) number(values, MAX_SCALE_ENV, DEFAULT.numbers.maxScale(), 0, 10_000)),
                Duration.ofSeconds(number(values, IDLE_TIMEOUT_ENV, DEFAULT.idleTimeout.toSeconds(), 1, 86_400)),
                Duration.ofSeconds(number(values, READ_TIMEOUT_ENV, DEFAULT.requestReadTimeout.toSeconds(), 1, 3_600)),
                (int) number(values, MAX_CONNECTIONS_ENV, DEFAULT.maxConnections, 1, 1_000_000),
                (int) number(values, MAX_IN_FLIGHT_ENV, DEFAULT.maxCallsInFlight, 1, 1_000_000));
    }

    /** The flags, each with the variable it overrides. */
    static final Map<String, String> FLAGS = Map.of(
            "--time-budget-ms", TIME_BUDGET_ENV,
            "--step-budget", STEP_BUDGET_ENV,
            "--budgets", BUDGETS_ENV,
            "--test-run-budget-ms", TEST_RUN_BUDGET_ENV,
            "--max-number-digits", MAX_DIGITS_ENV,
            "--max-number-scale", MAX_SCALE_ENV,
            "--idle-timeout-s", IDLE_TIMEOUT_ENV,
            "--request-timeout-s", READ_TIMEOUT_ENV,
            "--max-connections", MAX_CONNECTIONS_ENV,
            "--max-calls-in-flight", MAX_IN_FLIGHT_ENV);

    private static String envOf(String flag) {
        return FLAGS.get(flag);
    }

    private static String describe(String env) {
        return FLAGS.entrySet().stream().filter(e -> e.getValue().equals(env)).map(e -> e.getKey() + " (env " + env + ")")
                .findFirst().orElse(env);
    }

    private static long number(Map<String, String> values, String env, long fallback, long min, long max) {
        String text = values.get(env);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(describe(env) + " must be a whole number, got '"
                    + RequestJson.quoted(text) + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(describe(env) + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static void positive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
    }
}
