package dev.decisioning.server.ops;

import io.vertx.ext.web.RoutingContext;

/**
 * What a request's handlers note about it for the access log and the metrics, beyond what the request and response
 * say: the rule set version that answered, how many rules and rows made the answer, the error code answered. One per
 * request, made on its event loop; a handler that answers on a worker takes it there ({@link #of} first, on the event
 * loop), so its fields are volatile.
 */
public final class CallRecord {
    private static final String KEY = CallRecord.class.getName();

    private volatile String ruleSet;
    private volatile Integer version;
    private volatile String kind;
    private volatile int ruleFirings = -1;
    private volatile String errorCode;

    CallRecord() {
    }

    /** The request's record; call it on the request's event loop (before handing work to a worker). */
    public static CallRecord of(RoutingContext ctx) {
        CallRecord record = ctx.get(KEY);
        if (record == null) {
            record = new CallRecord();
            ctx.put(KEY, record);
        }
        return record;
    }

    /**
     * The call was answered by {@code version} of {@code ruleSet}.
     *
     * @param kind        what was answered, as the metrics name it: {@code decision} or {@code evaluation}
     * @param ruleFirings the rules and table rows that made the answer (its explanation's entries)
     */
    public CallRecord answered(String kind, String ruleSet, Integer version, int ruleFirings) {
        this.kind = kind;
        this.ruleSet = ruleSet;
        this.version = version;
        this.ruleFirings = ruleFirings;
        return this;
    }

    /** The call was answered with this error code (the error envelope's {@code code}). */
    public CallRecord errorCode(String code) {
        this.errorCode = code;
        return this;
    }

    /** The rule set that answered; null unless one did. */
    public String ruleSet() {
        return ruleSet;
    }

    /** The version of {@link #ruleSet()} that answered; null unless one did. */
    public Integer version() {
        return version;
    }

    /** {@code decision} or {@code evaluation}; null unless a rule set answered. */
    public String kind() {
        return kind;
    }

    /** Rules and rows that made the answer; -1 unless a rule set answered. */
    public int ruleFirings() {
        return ruleFirings;
    }

    /** The error code answered; null unless the answer was an error envelope. */
    public String errorCode() {
        return errorCode;
    }
}
