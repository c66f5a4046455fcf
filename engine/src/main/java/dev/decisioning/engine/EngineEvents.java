package dev.decisioning.engine;

import java.time.Duration;

/**
 * What an engine reports as it works, for whoever watches it (a server's metrics): every compile, publish and
 * activation, when it happens. Each method is called on the thread that did the work, after it; it must return
 * quickly, and what it throws is logged and otherwise ignored. Every method does nothing unless overridden.
 */
public interface EngineEvents {
    /** Reports nothing. */
    EngineEvents NONE = new EngineEvents() {
    };

    /** How a version came to answer. */
    enum Activation {
        /** Published with activation. */
        PUBLISH,
        /** A stored version activated (a rollback too). */
        ACTIVATE,
        /** Another server's activation, followed here. */
        FOLLOW
    }

    /**
     * A version of a rule set was compiled: at start, for a publish, or to activate, preview or follow a version not
     * compiled yet.
     *
     * @param serves false when it did not compile
     */
    default void compiled(String ruleSet, Duration took, boolean serves) {
    }

    /** A publish ended: {@link PublishOutcome#accepted()} tells whether it was stored or refused. */
    default void published(PublishOutcome outcome) {
    }

    /** A version now answers the calls to its rule set. */
    default void activated(String ruleSet, int version, Activation how) {
    }
}
