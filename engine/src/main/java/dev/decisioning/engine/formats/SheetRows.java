package dev.decisioning.engine.formats;

import org.drools.decisiontable.parser.DefaultRuleSheetListener;
import org.drools.decisiontable.parser.RuleSheetParserUtil;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps, in each rule Drools generates from a decision table, where the rule came from: the sheet row, the table and
 * the row's description. Drools writes the row and the table's header cell only as a comment above each rule, and a
 * DESCRIPTION column only as a comment inside it; a NAME column replaces the {@code <table>_<row>} name that otherwise
 * tells both. So the generated DRL gets them as rule metadata, which Drools carries to the compiled rule, where
 * explanations and the inventory read them.
 */
final class SheetRows {
    /** Metadata key of the sheet row, 1-based as a spreadsheet program numbers rows. */
    static final String ROW = "sheetRow";
    /** Metadata key of the decision table's name, as its {@code RuleTable} cell gives it. */
    static final String TABLE = "sheetTable";
    /** The metadata key Drools and the engine read a rule's description from. */
    static final String DESCRIPTION = "description";

    /** {@code // rule values at A10, header at A5}: what Drools writes above each rule it generates. */
    private static final Pattern VALUES_AT = Pattern.compile(
            "^\\s*//\\s*rule values at [A-Z]+(\\d+), header at ([A-Z]+\\d+)");
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\\S");
    private static final Pattern WHEN = Pattern.compile("^\\s*when\\b");
    private static final Pattern HAS_DESCRIPTION = Pattern.compile("^\\s*@description\\s*\\(",
            Pattern.CASE_INSENSITIVE);

    private SheetRows() {
    }

    /** Listens to the parse of a sheet for the name of each rule table, by the cell that starts it. */
    static final class Tables extends DefaultRuleSheetListener {
        private final Map<String, String> byHeaderCell = new HashMap<>();

        @Override
        protected void preInitRuleTable(int row, int column, String value) {
            byHeaderCell.put(RuleSheetParserUtil.rc2name(row, column), RuleSheetParserUtil.getRuleName(value));
        }

        String nameAt(String headerCell) {
            return byHeaderCell.get(headerCell);
        }
    }

    /**
     * The generated DRL with {@code @sheetRow(n) @sheetTable("t")} and, for a row with a DESCRIPTION cell and no
     * description metadata of its own, {@code @description("...")} added to each rule's line: no line moves, so Drools'
     * line numbers in the generated text stay as they were.
     */
    static String annotate(String drl, Tables tables) {
        String[] lines = drl.split("\n", -1);
        Integer row = null;
        String table = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher at = VALUES_AT.matcher(lines[i]);
            if (at.find()) {
                row = Integer.valueOf(at.group(1));
                table = tables.nameAt(at.group(2));
                continue;
            }
            if (row == null || !RULE.matcher(lines[i]).find()) {
                continue;
            }
            StringBuilder line = new StringBuilder(lines[i].stripTrailing());
            line.append(" @").append(ROW).append('(').append(row).append(')');
            if (table != null) {
                line.append(" @").append(TABLE).append("(\"").append(literal(table)).append("\")");
            }
            String description = descriptionAfter(lines, i + 1);
            if (description != null && !describedAfter(lines, i + 1)) {
                line.append(" @").append(DESCRIPTION).append("(\"").append(literal(description)).append("\")");
            }
            lines[i] = line.toString();
            row = null;
            table = null;
        }
        return String.join("\n", lines);
    }

    /** The text of the comment Drools writes for a DESCRIPTION cell right below the rule's line; null without one. */
    private static String descriptionAfter(String[] lines, int from) {
        if (from >= lines.length) {
            return null;
        }
        String first = lines[from].strip();
        if (first.startsWith("//")) {
            return blankToNull(first.substring(2));
        }
        if (!first.startsWith("/*")) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int i = from; i < lines.length; i++) {
            String part = i == from ? first.substring(2) : lines[i];
            int end = part.indexOf("*/");
            text.append(end < 0 ? part : part.substring(0, end)).append(' ');
            if (end >= 0) {
                return blankToNull(text.toString());
            }
        }
        return null;
    }

    /** Whether the rule already has description metadata (a METADATA column), which Drools allows only once. */
    private static boolean describedAfter(String[] lines, int from) {
        for (int i = from; i < lines.length && !WHEN.matcher(lines[i]).find(); i++) {
            if (HAS_DESCRIPTION.matcher(lines[i]).find()) {
                return true;
            }
        }
        return false;
    }

    private static String blankToNull(String text) {
        String collapsed = text.replaceAll("\\s+", " ").strip();
        return collapsed.isEmpty() ? null : collapsed;
    }

    /** Text inside a DRL string literal. */
    private static String literal(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A whole number from metadata; null when it is none. */
    static Integer number(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        String text = RuleFileFormats.metadataText(value);
        return text == null || !text.matches("\\d{1,9}") ? null : Integer.valueOf(text);
    }
}
