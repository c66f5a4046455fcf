package dev.decisioning.server.http;

import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import dev.decisioning.server.wire.WireAnswer;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the calls that evaluate rules (decisions, model evaluations) or read the store (versions, publishing) on a
 * worker pool of their own, so that an event loop never waits for one: a call that runs long, up to its budget, holds
 * a worker, never the loop that answers everyone else. Reading the request and writing the answer happen there too,
 * since both grow with the request. Calls waiting or running are bounded; past the bound the answer is 503 at once,
 * rather than a queue that grows without end.
 */
final class BoundedCalls {
    /** Shared by name across the server's verticles: one pool for the whole server. */
    static final String POOL = "decisioning-calls";

    private final WorkerExecutor workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;

    BoundedCalls(WorkerExecutor workers, int maxInFlight) {
        this.workers = workers;
        this.maxInFlight = maxInFlight;
    }

    /** Pool size: calls are CPU-bound, so a few per core; more only helps while some wait out their budget. */
    static int poolSize() {
        return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** Answers {@code ctx} with {@code call}'s answer as a {@code 200}, or fails it with what the call threw. */
    void answer(RoutingContext ctx, Callable<? extends WireAnswer> call) {
        reply(ctx, () -> Responses.write(call.call()));
    }

    /** Answers {@code ctx} with the answer {@code call} wrote, status included, or fails it with what it threw. */
    void reply(RoutingContext ctx, Callable<Responses.Written> call) {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            ctx.response().putHeader("Retry-After", "1");
            ctx.fail(new ApiException(503, ErrorCodes.OVERLOADED, "the server has " + maxInFlight
                    + " calls in progress, its limit; try again shortly"));
            return;
        }
        workers.executeBlocking(call, false).onComplete(done -> {
            inFlight.decrementAndGet();
            if (done.succeeded()) {
                Responses.send(ctx, done.result());
            } else {
                ctx.fail(done.cause());
            }
        });
    }
}
