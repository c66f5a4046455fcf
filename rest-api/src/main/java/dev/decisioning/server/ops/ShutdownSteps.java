package dev.decisioning.server.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server does on its way out, after it has stopped taking calls and those in flight have been answered, and
 * before it leaves the cluster and exits: flushing what it buffers (a log of decisions, say). Parts of the server add
 * their step when they start; steps run one after another, in the order they were added, each logged with how long
 * it took. A step that fails or throws is logged and the others still run.
 */
public final class ShutdownSteps {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSteps.class);

    /** One step: it may block (it runs on the shutdown's own thread, never on an event loop). */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private record Named(String name, Step step) {
    }

    private final List<Named> steps = new ArrayList<>();

    /** Adds a step, run after those added before it; {@code name} is what the log calls it. */
    public synchronized ShutdownSteps add(String name, Step step) {
        steps.add(new Named(name, step));
        return this;
    }

    /** The names of the steps, in order. */
    public synchronized List<String> names() {
        return steps.stream().map(Named::name).toList();
    }

    /** Runs every step in order, logging each; the number that failed. */
    public int runAll() {
        List<Named> toRun;
        synchronized (this) {
            toRun = List.copyOf(steps);
        }
        int failed = 0;
        for (Named named : toRun) {
            long started = System.nanoTime();
            try {
                named.step().run();
                LOG.info("shutdown: {} done in {} ms", named.name(), millisSince(started));
            } catch (Exception | LinkageError e) {
                failed++;
                LOG.warn("shutdown: {} failed after {} ms: {}", named.name(), millisSince(started), e.toString());
            }
        }
        return failed;
    }

    private static long millisSince(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
