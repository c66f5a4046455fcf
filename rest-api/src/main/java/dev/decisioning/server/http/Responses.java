package dev.decisioning.server.http;

import dev.decisioning.server.wire.WireAnswer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one writer of success answers: a wire record ({@link WireAnswer}) as JSON, with its status. Writing may happen
 * on any thread (a worker writes a large answer, so the event loop only sends the bytes); sending happens on the
 * request's event loop. Errors go through the router's failure handler instead.
 */
final class Responses {
    private Responses() {
    }

    /** An answer written as JSON, ready to send, with headers of its own ({@code ETag}). */
    record Written(int status, Buffer json, Map<String, String> headers) {

        Written(int status, Buffer json) {
            this(status, json, Map.of());
        }

        /** The same answer with one more header. */
        Written withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Written(status, json, Map.copyOf(more));
        }
    }

    /** {@code answer} as a {@code 200}. */
    static Written write(WireAnswer answer) {
        return write(200, answer);
    }

    static Written write(int status, WireAnswer answer) {
        return new Written(status, ApiJson.write(answer));
    }

    static void send(RoutingContext ctx, Written written) {
        written.headers().forEach(ctx.response()::putHeader);
        ctx.response().setStatusCode(written.status()).putHeader("content-type", "application/json")
                .end(written.json());
    }

    /** Writes and sends {@code answer} as a {@code 200}, for answers small enough to write on the event loop. */
    static void ok(RoutingContext ctx, WireAnswer answer) {
        send(ctx, write(answer));
    }
}
