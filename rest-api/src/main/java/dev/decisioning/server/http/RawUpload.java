package dev.decisioning.server.http;

import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads an upload's bytes as they are, whatever content type the client sent. Vert.x's body handler decodes
 * form-typed bodies (curl's default for --data-binary), which corrupts, or fails on, a zip or a spreadsheet.
 */
final class RawUpload {
    private static final String KEY = RawUpload.class.getName();
    private final long limit;

    RawUpload(long limit) {
        this.limit = limit;
    }

    void read(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader("Content-Length");
        if (length != null && length.matches("\\d+") && Long.parseLong(length) > limit) {
            ctx.fail(new ApiException(413, ErrorCodes.PAYLOAD_TOO_LARGE, "uploads are limited to "
                    + limit / (1024 * 1024) + " MB"));
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (ctx.failed()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                ctx.fail(new ApiException(413, ErrorCodes.PAYLOAD_TOO_LARGE, "uploads are limited to "
                        + limit / (1024 * 1024) + " MB"));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(ctx::fail);
        request.endHandler(v -> {
            if (!ctx.failed()) {
                ctx.put(KEY, body);
                ctx.next();
            }
        });
        request.resume();
    }

    static Buffer of(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
