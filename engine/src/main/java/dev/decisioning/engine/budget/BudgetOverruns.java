package dev.decisioning.engine.budget;

import dev.decisioning.engine.BudgetExceededException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which rule sets keep running past their budget: one stopped call is a bad request, several within a minute mean
 * the rule set itself (or traffic aimed at it) is in trouble, and it is reported as degraded until a minute passes
 * without one.
 */
public final class BudgetOverruns {
    /** How many stopped calls within {@link #WINDOW} make a rule set degraded. */
    public static final int DEGRADED_AFTER = 3;
    public static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Recent> byRuleSet = new ConcurrentHashMap<>();

    public BudgetOverruns(Clock clock) {
        this.clock = clock;
    }

    public void record(BudgetExceededException exceeded) {
        byRuleSet.computeIfAbsent(exceeded.ruleSet(), name -> new Recent()).add(clock.instant(), exceeded.getMessage());
    }

    /** A note on why the rule set is degraded, or null while it is not. */
    public String degradation(String ruleSet) {
        Recent recent = byRuleSet.get(ruleSet);
        return recent == null ? null : recent.degradation(clock.instant().minus(WINDOW));
    }

    private static final class Recent {
        private final Deque<Instant> times = new ArrayDeque<>();
        private String last;

        synchronized void add(Instant at, String message) {
            times.addLast(at);
            last = message;
            while (times.size() > DEGRADED_AFTER) {
                times.removeFirst();
            }
        }

        synchronized String degradation(Instant since) {
            while (!times.isEmpty() && times.peekFirst().isBefore(since)) {
                times.removeFirst();
            }
            return times.size() < DEGRADED_AFTER ? null : times.size() + " or more calls in the last "
                    + WINDOW.toSeconds() + " s ran past their budget and were stopped; the last: " + last;
        }
    }
}
