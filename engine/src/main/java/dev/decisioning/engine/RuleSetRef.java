package dev.decisioning.engine;

/** Which rule set answered: its name, the version that answered (null without a store), and the hash of its files. */
public record RuleSetRef(String name, VersionNumber version, String hash) {
}
