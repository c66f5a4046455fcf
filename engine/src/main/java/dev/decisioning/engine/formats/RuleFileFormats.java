package dev.decisioning.engine.formats;

import java.util.List;
import java.util.Optional;

/** Every rule file format the engine reads; a file of no format here is not a rule file (data model, notes). */
public final class RuleFileFormats {
    private static final List<RuleFileFormat> FORMATS = List.of(new DrlFormat(), new DmnFormat(), new SpreadsheetFormat());

    private RuleFileFormats() {
    }

    /** The format of a file, told by its name; empty for files that are not rule files. */
    public static Optional<RuleFileFormat> of(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        return FORMATS.stream().filter(format -> format.accepts(fileName)).findFirst();
    }

    /** Whether a file is of a format whose rules Drools compiles from DRL (as written, or generated from a table). */
    public static boolean compiledAsDrl(String fileName) {
        return of(fileName).map(format -> format.module() == RuleFileFormat.Module.RULES).orElse(false);
    }

    /** The extensions rule files may have, for messages naming what a rule set needs. */
    public static String extensions() {
        List<String> all = FORMATS.stream().flatMap(format -> format.extensions().stream()).sorted().toList();
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }

    /**
     * A rule's metadata value as text: Drools hands a value such as {@code "say \"hi\""} back as written between the
     * parentheses, with the escapes of a string literal and, on some routes, its quotes; this undoes both.
     */
    public static String metadataText(Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                c = text.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
