package dev.decisioning.server.http;

import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import dev.decisioning.server.settings.ApiKeys;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The channel apps' API keys ({@code --api-keys}): when any are configured, decisions and model evaluations need one,
 * sent as {@code X-Api-Key: <key>} or {@code Authorization: Bearer <key>}, and the channel it names is the call's
 * caller (in the decision log). Reading logged decisions needs the admin token or a key with the
 * {@code read-decisions} permission, whether or not decisions need keys: logged decisions hold customer data.
 */
final class CallerAccess {
    /** The key of the caller's channel name in the routing context. */
    static final String CALLER = "decisioning.caller";
    static final String API_KEY_HEADER = "X-Api-Key";
    private static final Pattern BEARER = Pattern.compile("Bearer [A-Za-z0-9\\-._~+/]+=*");

    private final ApiKeys keys;
    private final byte[] admin;

    CallerAccess(ApiKeys keys, String adminToken) {
        this.keys = keys;
        this.admin = adminToken == null ? null : ApiKeys.digest(adminToken);
    }

    /** Puts the key check in front of the decision and evaluate routes (before their bodies are read). */
    void guardDecisions(Router router) {
        if (!keys.configured()) {
            return;
        }
        router.post("/api/v1/decisions/:ruleset").handler(this::checkDecide);
        router.post("/api/v1/rulesets/:ruleset/evaluate").handler(this::checkDecide);
    }

    /** The channel that made the call, by its API key; null when the server takes no keys (or the admin token was used). */
    static String callerOf(RoutingContext ctx) {
        Object caller = ctx.get(CALLER);
        return caller instanceof String channel ? channel : null;
    }

    void checkDecide(RoutingContext ctx) {
        ApiKeys.Holder holder = holder(ctx).orElseThrow(() -> unauthorized(ctx, "decisions and evaluations on this "
                + "server need an API key: send it as 'X-Api-Key: <key>' or 'Authorization: Bearer <key>'"));
        if (!holder.may(ApiKeys.Permission.DECIDE)) {
            throw forbidden(holder, ApiKeys.Permission.DECIDE);
        }
        ctx.put(CALLER, holder.channel());
        ctx.next();
    }

    /** Lets on the admin token, or an API key with the {@code read-decisions} permission. */
    void checkReadDecisions(RoutingContext ctx) {
        if (admin == null && !keys.anyMay(ApiKeys.Permission.READ_DECISIONS)) {
            throw new ApiException(403, ErrorCodes.READING_DECISIONS_DISABLED, "reading logged decisions is off on "
                    + "this server: they hold customer data, so it takes " + ServerSettings.ADMIN_TOKEN_ENV
                    + " or an API key with the read-decisions permission");
        }
        String bearer = bearer(ctx);
        if (admin != null && bearer != null && MessageDigest.isEqual(ApiKeys.digest(bearer), admin)) {
            ctx.next();
            return;
        }
        ApiKeys.Holder holder = holder(ctx).orElseThrow(() -> unauthorized(ctx, "reading logged decisions needs the "
                + "admin token ('Authorization: Bearer <token>') or an API key with the read-decisions permission"));
        if (!holder.may(ApiKeys.Permission.READ_DECISIONS)) {
            throw forbidden(holder, ApiKeys.Permission.READ_DECISIONS);
        }
        ctx.put(CALLER, holder.channel());
        ctx.next();
    }

    private Optional<ApiKeys.Holder> holder(RoutingContext ctx) {
        String key = ctx.request().getHeader(API_KEY_HEADER);
        return keys.holderOf(key != null ? key.trim() : bearer(ctx));
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        return header != null && BEARER.matcher(header).matches() ? header.substring("Bearer ".length()) : null;
    }

    private static ApiException unauthorized(RoutingContext ctx, String message) {
        boolean sent = ctx.request().getHeader(API_KEY_HEADER) != null || ctx.request().getHeader("Authorization") != null;
        ctx.response().putHeader("WWW-Authenticate", sent ? "Bearer error=\"invalid_token\"" : "Bearer");
        return new ApiException(401, ErrorCodes.UNAUTHORIZED, sent ? "the API key or token sent is not valid here; "
                + message : message);
    }

    private static ApiException forbidden(ApiKeys.Holder holder, ApiKeys.Permission needed) {
        return new ApiException(403, ErrorCodes.FORBIDDEN, "the API key of channel '" + holder.channel() + "' does not "
                + "have the " + needed.label() + " permission this call needs");
    }
}
