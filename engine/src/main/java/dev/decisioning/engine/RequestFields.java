package dev.decisioning.engine;

import java.util.Set;

/**
 * What a version of a rule set says about the fields of its decision requests, for callers that keep requests
 * (a decision log) or decide them again later (a replay). Paths are dotted, with {@code []} for every element of a
 * list: {@code customer.birthDate}, {@code member.purchases[].at}.
 *
 * @param personal the fields its data model marks {@code x-personal}; empty when it has no data model
 * @param instant  the field that holds the decision's moment ({@code context.now}); null when the moment is the
 *                 server's clock, or the rule set has no data model
 * @param subject  the top-level field that holds whom a decision is about ({@code customer}); null without a data
 *                 model
 */
public record RequestFields(Set<String> personal, String instant, String subject) {
    /** A rule set without a data model: nothing is known about its requests. */
    public static final RequestFields NONE = new RequestFields(Set.of(), null, null);

    public RequestFields {
        personal = personal == null ? Set.of() : Set.copyOf(personal);
    }

    /** Whether the subject's id, which every answer repeats, is personal. */
    public boolean subjectIdPersonal() {
        return subject != null && personal.contains(subject + ".id");
    }
}
