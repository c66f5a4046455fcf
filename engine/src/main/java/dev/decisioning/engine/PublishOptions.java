package dev.decisioning.engine;

/**
 * How a publish is treated.
 *
 * @param author             who publishes, recorded with the version
 * @param activate           activate the new version at once (otherwise it is only staged)
 * @param untrusted          the files come from outside (HTTP): DRL files are refused unless {@code drlAllowed} (what
 *                           rule code may call is checked for every compile, trusted or not)
 * @param drlAllowed         DRL files may be published this way at all
 * @param fromRulesDirectory the files are the rule set's folder under the rules directory, changed on disk: no one
 *                           waits for the outcome, so a refusal is kept in the rule set's messages (as warnings, the
 *                           active version keeps serving) until a version of it is published or activated
 */
public record PublishOptions(String author, boolean activate, boolean untrusted, boolean drlAllowed,
                             boolean fromRulesDirectory) {

    public PublishOptions(String author, boolean activate, boolean untrusted, boolean drlAllowed) {
        this(author, activate, untrusted, drlAllowed, false);
    }

    /** Files an operator put in the rules directory: trusted like the server's own configuration. */
    public static PublishOptions fromRulesDirectory(String author) {
        return new PublishOptions(author, true, false, true, true);
    }
}
