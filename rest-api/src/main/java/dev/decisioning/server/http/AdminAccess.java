package dev.decisioning.server.http;

import dev.decisioning.server.settings.ServerSettings;
import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Guards the endpoints that change or run rule sets with bearer tokens (RFC 6750): publishing, activation and
 * previews take the admin token; running scenario suites takes the admin token or the tester token. Without a
 * configured token those endpoints are off and say so, rather than open to anyone. Tokens are compared in constant
 * time (as digests, so not even their length shows in the timing) and never logged.
 */
final class AdminAccess {
    /** RFC 6750 section 2.1: the scheme exactly as written, one space, a b64token, nothing after it. */
    private static final Pattern CREDENTIALS = Pattern.compile("Bearer [A-Za-z0-9\\-._~+/]+=*");

    private final byte[] admin;
    private final byte[] tester;

    AdminAccess(String adminToken, String testerToken) {
        this.admin = adminToken == null ? null : digest(adminToken);
        this.tester = testerToken == null ? null : digest(testerToken);
    }

    /** Lets the request on with the admin token only. */
    void check(RoutingContext ctx) {
        if (admin == null) {
            throw new ApiException(403, ErrorCodes.PUBLISHING_DISABLED, "publishing and activation are off on this "
                    + "server; start it with " + ServerSettings.ADMIN_TOKEN_ENV + " set to turn them on");
        }
        require(ctx, admin, null, "the admin token");
    }

    /** Lets the request on with the tester token or the admin token. */
    void checkTester(RoutingContext ctx) {
        if (admin == null && tester == null) {
            throw new ApiException(403, ErrorCodes.TESTING_DISABLED, "running scenario suites over HTTP is off on "
                    + "this server; start it with " + ServerSettings.TESTER_TOKEN_ENV + " (or "
                    + ServerSettings.ADMIN_TOKEN_ENV + ") set to turn it on");
        }
        require(ctx, tester, admin, "the tester or the admin token");
    }

    private static void require(RoutingContext ctx, byte[] token, byte[] alternative, String which) {
        String header = ctx.request().getHeader("Authorization");
        byte[] presented = header != null && CREDENTIALS.matcher(header).matches()
                ? digest(header.substring("Bearer ".length())) : null;
        boolean accepted = presented != null && (matches(presented, token) | matches(presented, alternative));
        if (!accepted) {
            ctx.response().putHeader("WWW-Authenticate", header == null
                    ? "Bearer" : "Bearer error=\"invalid_token\"");
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "send " + which
                    + " as 'Authorization: Bearer <token>'");
        }
        ctx.next();
    }

    private static boolean matches(byte[] presented, byte[] token) {
        return token != null && MessageDigest.isEqual(presented, token);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
