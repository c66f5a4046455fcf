package dev.decisioning.server.http;

import dev.decisioning.engine.ExpectedVersion;
import dev.decisioning.engine.PublishOptions;
import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import dev.decisioning.server.errors.ErrorEnvelope;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a publish or activation says about the version it builds on and who makes it: {@code If-Match} (a version's
 * ETag, see {@code wire.ETags}), {@code If-None-Match: *} and {@code ?create=true} (creating a rule set), and
 * {@code X-Author} (who, for the version and the activation log). Read on the event loop, before any work.
 */
final class Preconditions {
    static final String IF_MATCH = "If-Match";
    static final String IF_NONE_MATCH = "If-None-Match";
    static final String AUTHOR = "X-Author";
    /** Who changes a rule set when the request does not say. */
    static final String DEFAULT_AUTHOR = "admin";
    private static final int MAX_AUTHOR_LENGTH = 200;
    private static final Pattern TAG = Pattern.compile("(.+)-(\\d{1,9})-([0-9a-f]{12})");

    private Preconditions() {
    }

    /**
     * The version {@code If-Match} names; null when the header is missing or {@code *} (any version: the rule set
     * must exist, which a publish without {@code create} requires anyway).
     */
    static ExpectedVersion ifMatch(RoutingContext ctx, String ruleSet) {
        String header = ctx.request().getHeader(IF_MATCH);
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            throw invalid(IF_MATCH, "a weak tag never matches: send the ETag exactly as the server gave it");
        }
        if (tag.contains(",")) {
            throw invalid(IF_MATCH, "name one version: the ETag of the version your change builds on");
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        Matcher matcher = TAG.matcher(tag);
        if (!matcher.matches()) {
            throw invalid(IF_MATCH, "'" + shown(header) + "' is not a version's ETag: send the ETag the server gave, "
                    + "like \"" + ruleSet + "-2-ba7860e86e88\"");
        }
        if (!matcher.group(1).equals(ruleSet)) {
            throw invalid(IF_MATCH, "names a version of rule set '" + shown(matcher.group(1)) + "', not of '"
                    + ruleSet + "'");
        }
        return new ExpectedVersion(Integer.parseInt(matcher.group(2)), matcher.group(3));
    }

    /**
     * Whether a publish may create the rule set: {@code If-None-Match: *} only creates (an existing rule set is a
     * conflict), {@code ?create=true} creates or updates, neither only updates.
     */
    static PublishOptions.Creation creation(RoutingContext ctx) {
        String noneMatch = ctx.request().getHeader(IF_NONE_MATCH);
        boolean createOnly = noneMatch != null && !noneMatch.isBlank();
        if (createOnly && !noneMatch.trim().equals("*")) {
            throw invalid(IF_NONE_MATCH, "a publish takes only 'If-None-Match: *', which creates a rule set that does "
                    + "not exist yet");
        }
        if (createOnly && ctx.request().getHeader(IF_MATCH) != null) {
            throw invalid(IF_NONE_MATCH, "send either If-Match (change an existing rule set) or If-None-Match: * "
                    + "(create a new one), not both");
        }
        if (createOnly) {
            return PublishOptions.Creation.ONLY;
        }
        return flag(ctx, "create") ? PublishOptions.Creation.ALLOWED : PublishOptions.Creation.NEVER;
    }

    /** A {@code true}/{@code false} query parameter; missing is false. */
    static boolean flag(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true") || value.isEmpty()) {
            return true;
        }
        throw invalid(name, "must be true or false, got '" + shown(value) + "'");
    }

    /** Who makes the change: {@code X-Author}, else {@value #DEFAULT_AUTHOR}. */
    static String author(RoutingContext ctx) {
        String author = ctx.request().getHeader(AUTHOR);
        if (author == null || author.isBlank()) {
            return DEFAULT_AUTHOR;
        }
        author = author.trim();
        if (author.length() > MAX_AUTHOR_LENGTH || author.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid(AUTHOR, "a name of at most " + MAX_AUTHOR_LENGTH + " characters, without control characters");
        }
        return author;
    }

    private static String shown(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private static ApiException invalid(String field, String problem) {
        return new ApiException(400, ErrorCodes.INVALID_REQUEST, field + ": " + problem,
                List.of(ErrorEnvelope.Detail.field(field, problem)));
    }
}
