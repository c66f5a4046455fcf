package dev.decisioning.engine;

/** The engine reads its rule sets from a loader that keeps no versions, so nothing can be published to it. */
public class PublishingUnavailableException extends RuntimeException {
    public PublishingUnavailableException() {
        super("this engine has no versioned rule set store; publishing and activation are unavailable");
    }
}
