package dev.decisioning.engine.budget;

import dev.decisioning.engine.BudgetExceededException;
import dev.decisioning.engine.ExecutionBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs calls under an {@link ExecutionBudget}. Steps are counted by the engine's own Drools listeners, which call
 * {@link #step}; past the step budget, or once the time budget has run out, the next step throws. A call that takes
 * no step for a while (a FEEL loop, a long-running rule consequence) cannot stop itself, so a watchdog thread stops
 * its thread a moment after its deadline: on Java 17 to 19 through {@link Thread#stop()}, whose {@link ThreadDeath}
 * is caught here and turned into a {@link BudgetExceededException}, so the caller's thread survives. The engine's
 * pooled sessions are reset when they go back to their pool, so a stopped call leaves nothing behind for the next.
 */
public final class ExecutionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionGuard.class);
    /** How long past its deadline a call may go on before its thread is stopped, if it takes no step meanwhile. */
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long TICK_MILLIS = 10;

    private static final ThreadLocal<Execution> CURRENT = new ThreadLocal<>();
    private static final Set<Execution> RUNNING = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "budget-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private static volatile boolean stopUnsupported;

    static {
        WATCHDOG.scheduleWithFixedDelay(ExecutionGuard::enforce, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private ExecutionGuard() {
    }

    /**
     * Runs {@code work} on this thread under {@code budget}.
     *
     * @param ruleSet what the call is for, named in the exception when the budget runs out
     * @throws BudgetExceededException when the call runs past the budget
     */
    public static <T> T run(String ruleSet, ExecutionBudget budget, Supplier<T> work) {
        Execution execution = new Execution(ruleSet, budget, Thread.currentThread());
        Execution outer = CURRENT.get();
        CURRENT.set(execution);
        RUNNING.add(execution);
        try {
            T result = work.get();
            execution.finish();
            // Drools turns failures inside an element's evaluation into messages and goes on: a stop or a step past
            // the budget may have been swallowed on the way.
            if (execution.stopped || execution.cancelled) {
                throw execution.exceeded(BudgetExceededException.Limit.TIME);
            }
            if (execution.steps > execution.budget.steps()) {
                throw execution.exceeded(BudgetExceededException.Limit.STEPS);
            }
            return result;
        } catch (ThreadDeath death) {
            finishQuietly(execution);
            if (!execution.stopped) {
                throw death; // an outer call's budget ran out: its own guard answers for it
            }
            throw execution.exceeded(BudgetExceededException.Limit.TIME);
        } catch (RuntimeException e) {
            finishQuietly(execution);
            BudgetExceededException exceeded = exceededIn(e);
            if (exceeded == null && (execution.stopped || execution.cancelled)) {
                // Stopped inside library code that wrapped the stop in its own failure (MVEL compiling a condition on
                // first use reports "[Error: null]"): the call ran out of time, whatever the wrapper says.
                exceeded = execution.exceeded(BudgetExceededException.Limit.TIME);
            }
            throw exceeded != null ? exceeded : e;
        } catch (Error e) {
            finishQuietly(execution);
            if (execution.stopped || execution.cancelled) {
                throw execution.exceeded(BudgetExceededException.Limit.TIME);
            }
            throw e;
        } finally {
            RUNNING.remove(execution);
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /**
     * Counts one step of the call running on this thread, if any, and remembers what it is about; throws when the
     * call is past its step budget or its deadline. Drools may wrap the exception: {@link #run} unwraps it.
     *
     * @param element the rule, decision or table being evaluated, named if the budget runs out here
     */
    public static void step(String element) {
        Execution execution = CURRENT.get();
        if (execution == null) {
            return;
        }
        if (execution.overrun != null) {
            throw execution.overrun; // swallowed once already: every later step fails the same way
        }
        execution.element = element;
        if (++execution.steps > execution.budget.steps()) {
            throw execution.exceeded(BudgetExceededException.Limit.STEPS);
        }
        if (execution.cancelled) {
            throw execution.exceeded(BudgetExceededException.Limit.TIME);
        }
    }

    /** A stop that lands while the call is being marked finished is the one it was owed; there is no second. */
    private static void finishQuietly(Execution execution) {
        try {
            execution.finish();
        } catch (ThreadDeath late) {
            execution.finish();
        }
    }

    private static BudgetExceededException exceededIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BudgetExceededException exceeded) {
                return exceeded;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static void enforce() {
        long now = System.nanoTime();
        for (Execution execution : RUNNING) {
            if (now - execution.deadline >= 0) {
                execution.cancelled = true;
                if (now - execution.deadline >= GRACE_NANOS) {
                    execution.stop();
                }
            }
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stopThread(Thread thread, Execution execution) {
        if (stopUnsupported) {
            return;
        }
        try {
            thread.stop();
        } catch (UnsupportedOperationException e) {
            stopUnsupported = true;
            LOG.warn("this Java cannot stop a call that runs past its budget without taking steps ({}); such calls "
                    + "are answered but run on until they end. Run the server on Java 17 to 19 to have them stopped",
                    execution.description());
        }
    }

    /** One call under a budget. Fields written by the call's thread are read by the watchdog, hence volatile. */
    private static final class Execution {
        final String ruleSet;
        final ExecutionBudget budget;
        final Thread thread;
        final long deadline;
        long steps;
        volatile String element;
        volatile boolean cancelled;
        /** The first overrun this call was told of; Drools may swallow it, so it is answered again at the end. */
        BudgetExceededException overrun;
        boolean finished;
        boolean stopped;

        Execution(String ruleSet, ExecutionBudget budget, Thread thread) {
            this.ruleSet = ruleSet;
            this.budget = budget;
            this.thread = thread;
            this.deadline = System.nanoTime() + budget.time().toNanos();
        }

        synchronized void finish() {
            finished = true;
        }

        /** Stops the thread at most once, and never once the call has finished. */
        synchronized void stop() {
            if (!finished && !stopped) {
                stopped = true;
                stopThread(thread, this);
            }
        }

        String description() {
            return "rule set '" + ruleSet + "'" + (element == null ? "" : ", in '" + element + "'");
        }

        BudgetExceededException exceeded(BudgetExceededException.Limit limit) {
            if (overrun == null) {
                overrun = describe(limit);
            }
            return overrun;
        }

        private BudgetExceededException describe(BudgetExceededException.Limit limit) {
            String what = limit == BudgetExceededException.Limit.TIME
                    ? "ran past its time budget of " + budget.time().toMillis() + " ms"
                    : "took more than its budget of " + budget.steps() + " steps (rule firings and DMN evaluations)";
            return new BudgetExceededException(ruleSet, element, limit, "the call to rule set '" + ruleSet + "' "
                    + what + " and was stopped" + (element == null ? "" : "; it was evaluating '" + element + "'"));
        }
    }
}
