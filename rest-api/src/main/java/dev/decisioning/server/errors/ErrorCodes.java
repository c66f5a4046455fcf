package dev.decisioning.server.errors;

/** Every error code the API answers with. Clients may branch on these; they never change meaning. */
public final class ErrorCodes {
    /** The body is not JSON at all. */
    public static final String MALFORMED_JSON = "malformed_json";
    /** The body is JSON but a field is missing, of the wrong type, or not allowed. */
    public static final String INVALID_REQUEST = "invalid_request";
    /** No rule set of that name. */
    public static final String UNKNOWN_RULESET = "unknown_ruleset";
    /** The rule set exists but cannot answer this call (it did not compile, or lacks a customer decision model). */
    public static final String RULESET_NOT_SERVING = "ruleset_not_serving";
    /** The rule files were refused: they do not compile, or fail the safety check. Nothing changed. */
    public static final String RULESET_INVALID = "ruleset_invalid";
    /**
     * A publish or activation named (with {@code If-Match}) a version that is not the rule set's current one any more,
     * or a publish that may only create a rule set ({@code If-None-Match: *}) found it existing: someone changed it in
     * between. The details say who did what since; the {@code ETag} header names the current version. Nothing changed.
     */
    public static final String VERSION_CONFLICT = "version_conflict";
    /**
     * A publish lacks files that the version it builds on has, and did not say {@code ?dropFiles=true}; the details
     * name each file. Nothing changed.
     */
    public static final String FILES_DROPPED = "files_dropped";
    /**
     * The rule set is archived: it answers no decisions or evaluations ({@code 410}) and takes no publish or
     * activation ({@code 409}) until it is unarchived.
     */
    public static final String RULESET_ARCHIVED = "ruleset_archived";
    /** The rule set has no stored version of that number. */
    public static final String UNKNOWN_VERSION = "unknown_version";
    /** Publishing needs an admin bearer token, and none or a wrong one was sent. */
    public static final String UNAUTHORIZED = "unauthorized";
    /** The server was started without an admin token, so publishing and activation are off. */
    public static final String PUBLISHING_DISABLED = "publishing_disabled";
    /** The rule set has no stored scenario suites to run, and none were posted. */
    public static final String NO_SCENARIOS = "no_scenarios";
    /** The server was started with neither a tester nor an admin token, so running suites over HTTP is off. */
    public static final String TESTING_DISABLED = "testing_disabled";
    /** The call ran past its rule set's time or step budget and was stopped; the details name the rule set. */
    public static final String BUDGET_EXCEEDED = "budget_exceeded";
    /** The server has as many calls in progress as it takes; try again shortly (see Retry-After). */
    public static final String OVERLOADED = "overloaded";
    /**
     * The decision log holds no decision of that id: it was never logged here (another server, sampled out, dropped),
     * or its file has been removed; the message says which applies.
     */
    public static final String DECISION_NOT_FOUND = "decision_not_found";
    /** The API key is valid but does not have the permission this call needs. */
    public static final String FORBIDDEN = "forbidden";
    /** The server has neither an admin token nor an API key allowed to read logged decisions, so no one may. */
    public static final String READING_DECISIONS_DISABLED = "reading_decisions_disabled";
    /**
     * The server is starting: its rule sets are still being compiled (or it is catching up with the cluster); try
     * again shortly (see Retry-After). Its health and metrics endpoints answer meanwhile.
     */
    public static final String STARTING = "starting";
    /** No such endpoint. */
    public static final String NOT_FOUND = "not_found";
    /** The endpoint exists but not for this HTTP method. */
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    /** The body is larger than the server accepts. */
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    /**
     * The server could not store the change (its disk is full, or its data directory cannot be written). Nothing
     * changed: what the write had put on disk is removed and the active version keeps serving.
     */
    public static final String INSUFFICIENT_STORAGE = "insufficient_storage";
    /** Something went wrong on our side; the server log has the details. */
    public static final String INTERNAL_ERROR = "internal_error";

    private ErrorCodes() {
    }
}
