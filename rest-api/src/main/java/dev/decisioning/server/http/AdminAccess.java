package dev.decisioning.server.http;

import dev.decisioning.server.ServerSettings;
import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards publishing, activation and previews with the admin bearer token. Without a configured token those
 * endpoints are off and say so, rather than open to anyone.
 */
final class AdminAccess {
    private final byte[] token;

    AdminAccess(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    void check(RoutingContext ctx) {
        if (token == null) {
            throw new ApiException(403, ErrorCodes.PUBLISHING_DISABLED, "publishing and activation are off on this "
                    + "server; start it with " + ServerSettings.ADMIN_TOKEN_ENV + " set to turn them on");
        }
        String header = ctx.request().getHeader("Authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : null;
        // Constant-time comparison: the answer's timing must not tell how much of a guess was right.
        if (presented == null || !MessageDigest.isEqual(presented, token)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "send the admin token as 'Authorization: Bearer <token>'");
        }
        ctx.next();
    }
}
