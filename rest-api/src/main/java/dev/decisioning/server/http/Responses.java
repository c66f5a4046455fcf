package dev.decisioning.server.http;

import io.vertx.ext.web.RoutingContext;

/** Successful JSON answers. Errors go through the router's failure handler instead. */
final class Responses {
    private Responses() {
    }

    static void ok(RoutingContext ctx, Object body) {
        ctx.response().putHeader("content-type", "application/json").end(ApiJson.write(body));
    }
}
