package dev.decisioning.engine.facts;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Why the customer is in touch right now, as the channel understood it. */
public enum Intent {
    BROWSE, PURCHASE, SUPPORT, COMPLAINT, CANCEL;

    /** The lower-case name used on the wire and in rule files. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
