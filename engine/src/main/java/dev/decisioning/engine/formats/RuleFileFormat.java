package dev.decisioning.engine.formats;

import dev.decisioning.engine.DecisionMessage;

import java.util.Optional;

/**
 * One kind of rule file a rule set may hold: which files it is, how Drools is to read them, what is checked before
 * they compile and how they are named to the people who wrote them. A new kind of file is one new class, listed in
 * {@link RuleFileFormats}.
 */
public interface RuleFileFormat {

    /** Which of a rule set's two Drools modules files of this kind build into: DMN models build apart from rules. */
    enum Module { RULES, MODELS }

    /** The kind's name in inventories, coverage reports and messages: {@code drl}, {@code dmn}, {@code spreadsheet}. */
    String kind();

    /** The file name endings of this kind, lower case: {@code .drl}. */
    java.util.List<String> extensions();

    /** Whether a file of this name is of this kind, told by its extension in any case. */
    default boolean accepts(String fileName) {
        String name = fileName.toLowerCase(java.util.Locale.ROOT);
        return extensions().stream().anyMatch(name::endsWith);
    }

    Module module();

    /**
     * The file as Drools is to read it (checked, mended or converted), or the problem that keeps it out, with its line
     * in the author's file.
     */
    PreparedFile prepare(String fileName, byte[] content);

    /** Whether the file is rule code written by hand, which a server may refuse to take over HTTP. */
    default boolean handWrittenCode() {
        return false;
    }

    /** Whether Drools compiles DRL generated from the file, whose lines are not the file's own. */
    default boolean generatesDrl() {
        return false;
    }

    /**
     * For kinds Drools compiles as DRL generated from the file: the row of the author's file a generated rule comes
     * from, and the table it belongs to, read from what {@link #prepare} wrote into the rule's metadata (or, for DRL
     * generated elsewhere, from its name).
     *
     * @param ruleName the compiled rule's name
     * @param metaData the compiled rule's metadata
     */
    default Optional<GeneratedRule> generatedRule(String ruleName, java.util.Map<String, Object> metaData) {
        return Optional.empty();
    }

    /** A message of Drools' compiler about a file of this kind, with its line as the author counts it. */
    default DecisionMessage compileMessage(DecisionMessage.Severity severity, String fileName, Integer line, String text) {
        return new DecisionMessage(severity, "compilation", fileName, line, text);
    }

    /**
     * A rule Drools compiled from DRL generated from a file: the table it belongs to and the row it comes from.
     *
     * @param table the table's name; null when it is not known
     * @param row   the row of the author's file, as a spreadsheet program numbers it
     */
    record GeneratedRule(String table, int row) {
    }
}
