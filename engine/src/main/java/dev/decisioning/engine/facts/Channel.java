package dev.decisioning.engine.facts;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The touchpoint a decision is asked from. */
public enum Channel {
    WEB, APP, CHAT, CALL_CENTRE, EMAIL, STORE;

    /** The lower-case, kebab-case name used on the wire and in rule files. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
