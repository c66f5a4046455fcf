package dev.decisioning.server.ops;

import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Every request's id: the caller's {@value #HEADER} when it is short and plain, else the trace id of a W3C
 * {@code traceparent} header, else a new one (32 hex digits, shaped like a trace id). The id is answered in the
 * {@value #HEADER} response header, errors included, written in the access log and the error log lines, and kept on
 * the request's context for any handler: {@link #of(RoutingContext)}.
 */
public final class RequestIds {
    /** The request and response header. */
    public static final String HEADER = "X-Request-Id";
    /** The W3C Trace Context header: {@code version-traceid-parentid-flags}. */
    public static final String TRACEPARENT = "traceparent";
    /** The longest id taken from a caller. */
    public static final int MAX_LENGTH = 128;
    /** What a caller's id may be made of: nothing a log line or a header could be confused by. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1," + MAX_LENGTH + "}");
    private static final Pattern TRACEPARENT_FORMAT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String KEY = RequestIds.class.getName();

    private RequestIds() {
    }

    /** The request's id; one is given to the request if it has none yet. */
    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id != null ? id : assign(ctx);
    }

    /** Gives the request its id, and answers it in the response header; the id given. */
    static String assign(RoutingContext ctx) {
        String id = choose(ctx.request().getHeader(HEADER), ctx.request().getHeader(TRACEPARENT));
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        return id;
    }

    /** The caller's id if it is usable, else the trace id of a valid {@code traceparent}, else a new id. */
    static String choose(String requestId, String traceparent) {
        if (requestId != null && SAFE.matcher(requestId).matches()) {
            return requestId;
        }
        String traceId = traceId(traceparent);
        return traceId != null ? traceId : newId();
    }

    /** The trace id of a {@code traceparent} header, or null when it is missing or not valid. */
    static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var matcher = TRACEPARENT_FORMAT.matcher(traceparent.trim());
        if (!matcher.matches() || matcher.group(1).equals("ff")
                || matcher.group(1).equals("00") && matcher.group(5) != null) {
            return null;
        }
        String traceId = matcher.group(2);
        // All zeros is not a trace id; nor a span of all zeros a parent.
        return traceId.chars().allMatch(c -> c == '0') || matcher.group(3).chars().allMatch(c -> c == '0')
                ? null : traceId;
    }

    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }
}
