package dev.decisioning.server;

import dev.decisioning.server.DecisioningServer.RunningServer;
import dev.decisioning.server.http.ServerState;
import dev.decisioning.server.ops.AccessLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a serving server stops on SIGTERM (what service managers and orchestrators send) or SIGINT (Ctrl-C), each step
 * logged: it stops taking connections and is no longer ready; the calls in flight are answered (for at most the
 * grace period, after which their connections are closed); the {@link dev.decisioning.server.ops.ShutdownSteps} run
 * (flushing what the server buffers); it leaves the cluster and stops Vert.x; and the process exits with status 0.
 * Any other way out of the JVM ({@code System.exit}, SIGHUP) runs the same steps from a shutdown hook, with the JVM's
 * own exit status.
 */
final class GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    /** How long leaving the cluster and stopping Vert.x may take before the process exits regardless. */
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(20);

    private final RunningServer server;
    private final Duration grace;
    private final boolean clustered;
    private final AtomicBoolean started = new AtomicBoolean();

    private GracefulShutdown(RunningServer server, Duration grace, boolean clustered) {
        this.server = server;
        this.grace = grace;
        this.clustered = clustered;
    }

    /** Stops {@code server} gracefully on SIGTERM and SIGINT, and on the JVM's way out. */
    static void install(RunningServer server, Duration grace, boolean clustered) {
        GracefulShutdown shutdown = new GracefulShutdown(server, grace, clustered);
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> shutdown.onSignal("SIG" + signal));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("cannot handle SIG{} here ({}); the shutdown hook stops the server", signal, e.toString());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown.stop("the JVM exiting"),
                "decisioning-shutdown"));
    }

    /** On the JVM's signal thread: stops the server, then exits 0 (the JVM's own handler would exit 143 or 130). */
    private void onSignal(String signal) {
        if (stop(signal)) {
            System.exit(0);
        } else {
            LOG.info("{} received while already shutting down", signal);
        }
    }

    /** Runs the steps, once; false when they had already started. */
    boolean stop(String why) {
        if (!started.compareAndSet(false, true)) {
            return false;
        }
        long started = System.nanoTime();
        ServerState state = server.state();
        AccessLog calls = state.accessLog();
        long answeredBefore = calls.answered();
        long unansweredBefore = calls.unanswered();
        LOG.info("shutdown: {}: no new connections, {} call(s) in flight get up to {} ms to finish", why,
                calls.inFlight(), grace.toMillis());
        state.stopping();
        try {
            state.stopListening(grace).await(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            awaitNoneInFlight(calls);
            LOG.info("shutdown: HTTP stopped after {} ms: {} call(s) answered meanwhile, {} closed unanswered",
                    millisSince(started), calls.answered() - answeredBefore, calls.unanswered() - unansweredBefore);
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("shutdown: HTTP did not stop cleanly ({}); going on", e.toString());
        }
        LOG.info("shutdown: running {} step(s){}", state.shutdownSteps().names().size(),
                state.shutdownSteps().names().isEmpty() ? "" : ": " + state.shutdownSteps().names());
        int failed = state.shutdownSteps().runAll();
        if (failed > 0) {
            LOG.warn("shutdown: {} step(s) failed", failed);
        }
        long closing = System.nanoTime();
        LOG.info("shutdown: {}", clustered ? "leaving the cluster" : "stopping Vert.x");
        try {
            server.close().await(CLOSE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("shutdown: {} in {} ms", clustered ? "left the cluster" : "Vert.x stopped", millisSince(closing));
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("shutdown: {} did not finish within {} s ({})", clustered ? "leaving the cluster" : "stopping Vert.x",
                    CLOSE_WITHIN.toSeconds(), e.toString());
        }
        LOG.info("stopped after {} ms", millisSince(started));
        return true;
    }

    /** The last answers' log lines are written just after their connections close: a moment's wait for them. */
    private static void awaitNoneInFlight(AccessLog calls) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (calls.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
