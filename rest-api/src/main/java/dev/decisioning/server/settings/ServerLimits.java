package dev.decisioning.server.settings;

import dev.decisioning.engine.ExecutionBudgets;
import dev.decisioning.engine.request.RequestJson;

import java.time.Duration;

/**
 * What any one caller may take from the server: the budget of each call to a rule set, the size of the numbers a
 * request may carry, how long a connection may idle or take to send a request, and how many there may be.
 *
 * <p>The command line sets them from its limit flags and environment variables ({@code LimitOptions}).
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

    private static void positive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
    }
}
