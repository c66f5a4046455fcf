package dev.decisioning.engine;

/** Which rule set answered: its name, the version that answered, and the hash of that version's files. */
public record RuleSetRef(String name, String version, String hash) {
}
