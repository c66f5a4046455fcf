package dev.decisioning.server.ops;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The first handler of every route: gives the request its id ({@link RequestIds}) and, once its answer is sent (or
 * its connection lost), writes one line to the {@value #LOGGER} log and counts it in the metrics. The line: method,
 * path, status, duration in milliseconds, request id, and the rule set and version that answered, or the rule set
 * the path names, and the error code of an error answer. One instance per server, shared by its event loops.
 */
public final class AccessLog implements Handler<RoutingContext> {
    /** The logger's name, to turn the access log down or off on its own. */
    public static final String LOGGER = "access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** Paths longer than this are cut in the log: a path is the caller's to choose. */
    private static final int MAX_PATH = 256;

    private final ServerMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();

    public AccessLog(ServerMetrics metrics) {
        this.metrics = metrics;
        metrics.inFlight(inFlight::get);
    }

    /** Requests received and not answered yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Requests answered so far. */
    public long answered() {
        return answered.get();
    }

    /** Requests whose connection closed before their answer was sent. */
    public long unanswered() {
        return unanswered.get();
    }

    @Override
    public void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        inFlight.incrementAndGet();
        RequestIds.assign(ctx);
        CallRecord call = CallRecord.of(ctx);
        ctx.addEndHandler(ended -> {
            try {
                record(ctx, call, System.nanoTime() - started, ended.succeeded());
            } finally {
                (ended.succeeded() ? answered : unanswered).incrementAndGet();
                inFlight.decrementAndGet();
            }
        });
        ctx.next();
    }

    private void record(RoutingContext ctx, CallRecord call, long nanos, boolean sent) {
        if (call.errorCode() != null) {
            metrics.error(call.errorCode());
        } else if (call.ruleSet() != null && sent) {
            metrics.answered(call, nanos);
        }
        if (!LOG.isInfoEnabled()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        String path = request.path() == null ? "" : request.path();
        if (path.length() > MAX_PATH) {
            path = path.substring(0, MAX_PATH) + "...";
        }
        int status = ctx.response().getStatusCode();
        String millis = String.format(Locale.ROOT, "%.1f", nanos / 1_000_000.0);
        String ruleSet = call.ruleSet() != null ? call.ruleSet() : pathRuleSet(ctx);
        StringBuilder line = new StringBuilder().append(request.method().name()).append(' ').append(path).append(' ')
                .append(sent ? String.valueOf(status) : "closed").append(' ').append(millis).append(" ms")
                .append(" requestId=").append(RequestIds.of(ctx));
        LoggingEventBuilder event = LOG.atInfo()
                .addKeyValue("method", request.method().name())
                .addKeyValue("path", path)
                .addKeyValue("status", sent ? status : null)
                .addKeyValue("durationMs", Double.valueOf(millis))
                .addKeyValue("requestId", RequestIds.of(ctx));
        if (!sent) {
            event.addKeyValue("closed", true);
        }
        if (ruleSet != null) {
            line.append(" ruleset=").append(ruleSet);
            event.addKeyValue("ruleset", ruleSet);
        }
        if (call.version() != null) {
            line.append(" version=").append(call.version());
            event.addKeyValue("version", call.version());
        }
        if (call.errorCode() != null) {
            line.append(" error=").append(call.errorCode());
            event.addKeyValue("error", call.errorCode());
        }
        event.log(line.toString());
    }

    /**
     * The rule set the request's path names, when its route has one: decoded, so anything but the characters of a
     * rule set name is written as {@code ?} (a name sent with a line break must not start a log line of its own).
     */
    private static String pathRuleSet(RoutingContext ctx) {
        String name;
        try {
            name = ctx.pathParam("ruleset");
        } catch (RuntimeException e) {
            return null;
        }
        if (name == null) {
            return null;
        }
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "?");
        return safe.length() > MAX_PATH ? safe.substring(0, MAX_PATH) + "..." : safe;
    }
}
