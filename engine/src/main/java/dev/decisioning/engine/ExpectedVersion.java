package dev.decisioning.engine;

/**
 * The version of a rule set a caller read and builds its change on. A change made with one is refused with a
 * {@link VersionConflictException}, and nothing changes, when the rule set's current version is another one by then:
 * someone else changed it in between.
 *
 * @param number the version's number
 * @param hash   its content hash, when the caller knows it (null: the number alone is compared)
 */
public record ExpectedVersion(int number, String hash) {

    public ExpectedVersion {
        if (number < 1) {
            throw new IllegalArgumentException("a version number is 1 or more, not " + number);
        }
    }

    /** Whether {@code version} is the one expected. */
    public boolean matches(RuleSetVersion version) {
        return version != null && version.number() == number && (hash == null || hash.equals(version.hash()));
    }
}
