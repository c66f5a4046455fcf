package dev.decisioning.server.http;

import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/** The id a caller gives its request, to find it again in its own logs and in the decision log. */
final class RequestIds {
    /** The header callers (and proxies) send it in. */
    static final String HEADER = "X-Request-Id";
    /** What an id may be: short, and nothing that could forge a log line or a header. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:/+=@-]{1,128}");

    private RequestIds() {
    }

    /** The request's id; null when it has none, or one that is not a plain token of at most 128 characters. */
    static String of(RoutingContext ctx) {
        String id = ctx.request().getHeader(HEADER);
        return id != null && VALID.matcher(id).matches() ? id : null;
    }
}
