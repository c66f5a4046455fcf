package dev.decisioning.server.wire;

/**
 * The entity tag of a stored rule set version, {@code "<ruleset>-<number>-<hash>"} with its quotes, as the
 * {@code ETag} header and the {@code etag} fields carry it and {@code If-Match} takes it back. It names one version,
 * and a version never changes, so a tag stays valid as long as the version is the one a precondition compares with.
 */
public final class ETags {
    private ETags() {
    }

    /** The tag, quotes included. */
    public static String of(String ruleSet, int number, String hash) {
        return "\"" + ruleSet + "-" + number + "-" + hash + "\"";
    }
}
