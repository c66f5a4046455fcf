package dev.decisioning.engine;

/**
 * A problem or note about rules or inputs, as kie-dmn reports them: how bad, what kind, and where.
 *
 * @param severity how bad it is
 * @param type     a short kebab-case kind, e.g. {@code compilation}, {@code evaluation}, {@code input}
 * @param source   where: a file name, a DMN element or a request field
 * @param line     the line in {@code source}, when known
 * @param text     what is wrong, for a person
 */
public record DecisionMessage(Severity severity, String type, String source, Integer line, String text) {

    public enum Severity { INFO, WARNING, ERROR }

    public static DecisionMessage error(String type, String source, Integer line, String text) {
        return new DecisionMessage(Severity.ERROR, type, source, line, text);
    }

    /** True for errors: what makes a rule set fail or a request be refused. */
    public boolean blocking() {
        return severity == Severity.ERROR;
    }

    /**
     * The message on one line, for a log: where (source and line, when known) and what, e.g.
     * {@code customer-metrics.drl line 12: [ERR 102] mismatched input ...}.
     */
    public String describe() {
        String where = source == null ? "" : line == null ? source + ": " : source + " line " + line + ": ";
        return where + (text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " "));
    }
}
