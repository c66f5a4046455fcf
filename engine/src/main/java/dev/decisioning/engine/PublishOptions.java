package dev.decisioning.engine;

/**
 * How a publish is treated.
 *
 * @param author           who publishes, recorded with the version (and in the activation log, when it activates)
 * @param activate         activate the new version at once (otherwise it is only staged)
 * @param untrusted        the files come from outside (HTTP): DRL files are refused unless {@code drlAllowed} (what
 *                         rule code may call is checked for every compile, trusted or not)
 * @param drlAllowed       DRL files may be published this way at all
 * @param creation         whether the publish may create the rule set, or must
 * @param expectedNewest   the version the publisher built on, which must still be the rule set's newest stored
 *                         version (else {@link VersionConflictException}); null: not checked
 * @param baseVersion      the version the files build on: files it has that the publish lacks are dropped, which
 *                         {@code dropFilesAllowed} must allow. Null: {@code expectedNewest}'s version if given, else
 *                         the active version
 * @param dropFilesAllowed the new version may lack files of its base version (else {@link FilesDroppedException});
 *                         when it does, the outcome warns, naming them
 * @param fromRulesDirectory the files are the rule set's folder under the rules directory, changed on disk: no one
 *                         waits for the outcome, so a refusal is kept in the rule set's messages (as warnings, the
 *                         active version keeps serving) until a version of it is published or activated
 */
public record PublishOptions(String author, boolean activate, boolean untrusted, boolean drlAllowed,
                             Creation creation, ExpectedVersion expectedNewest, Integer baseVersion,
                             boolean dropFilesAllowed, boolean fromRulesDirectory) {

    /** Whether a publish may create a rule set that has no version yet. */
    public enum Creation {
        /** Only an existing rule set takes the publish; an unknown name is an {@link UnknownRuleSetException}. */
        NEVER,
        /** An unknown name creates the rule set, a known one takes a new version. */
        ALLOWED,
        /** The publish creates the rule set; one that exists is a {@link VersionConflictException}. */
        ONLY
    }

    /**
     * A publish from outside (HTTP) of an existing rule set, on its active version, refused if it would drop files;
     * the {@code with...} methods change that.
     */
    public static PublishOptions fromOutside(String author, boolean activate, boolean drlAllowed) {
        return new PublishOptions(author, activate, true, drlAllowed, Creation.NEVER, null, null, false, false);
    }

    /**
     * Files an operator put in the rules directory: trusted like the server's own configuration. A folder may be new,
     * and a file deleted from it is meant to be gone.
     */
    public static PublishOptions fromRulesDirectory(String author) {
        return new PublishOptions(author, true, false, true, Creation.ALLOWED, null, null, true, true);
    }

    public PublishOptions withCreation(Creation newCreation) {
        return new PublishOptions(author, activate, untrusted, drlAllowed, newCreation, expectedNewest, baseVersion,
                dropFilesAllowed, fromRulesDirectory);
    }

    public PublishOptions withExpectedNewest(ExpectedVersion expected) {
        return new PublishOptions(author, activate, untrusted, drlAllowed, creation, expected, baseVersion,
                dropFilesAllowed, fromRulesDirectory);
    }

    public PublishOptions withBaseVersion(Integer base) {
        return new PublishOptions(author, activate, untrusted, drlAllowed, creation, expectedNewest, base,
                dropFilesAllowed, fromRulesDirectory);
    }

    public PublishOptions withDropFilesAllowed(boolean allowed) {
        return new PublishOptions(author, activate, untrusted, drlAllowed, creation, expectedNewest, baseVersion,
                allowed, fromRulesDirectory);
    }

    /** The version named as the base: {@code baseVersion}, else {@code expectedNewest}'s; null when neither is given. */
    public Integer namedBase() {
        return baseVersion != null ? baseVersion : expectedNewest == null ? null : expectedNewest.number();
    }
}
