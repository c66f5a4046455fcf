package dev.decisioning.engine.formats;

import dev.decisioning.engine.DecisionMessage;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drools decision tables in spreadsheets ({@code .xlsx}, {@code .xls}, {@code .csv}). Each is turned into DRL once,
 * here, and Drools compiles that DRL: the rule code checks read the same text by line, and a sheet that is no
 * decision table is reported by name before any build. Each generated rule keeps its sheet row, table and
 * description as metadata ({@link SheetRows}), whatever a NAME column calls it.
 */
final class SpreadsheetFormat implements RuleFileFormat {
    /** Drools names the rules it generates {@code <table>_<row>}, unless a NAME column names them. */
    private static final Pattern GENERATED_RULE = Pattern.compile("(.+)_(\\d+)");
    private static final Pattern ROW_IN_TEXT = Pattern.compile("[\\w-]+_(\\d+)\\b");

    @Override
    public String kind() {
        return "spreadsheet";
    }

    @Override
    public java.util.List<String> extensions() {
        return java.util.List.of(".xlsx", ".xls", ".csv");
    }

    @Override
    public Module module() {
        return Module.RULES;
    }

    @Override
    public PreparedFile prepare(String fileName, byte[] content) {
        InputType type = fileName.toLowerCase(Locale.ROOT).endsWith(".csv") ? InputType.CSV : InputType.XLS;
        try {
            SheetRows.Tables tables = new SheetRows.Tables();
            String drl = SheetRows.annotate(new SpreadsheetCompiler().compile(new ByteArrayInputStream(content), type,
                    tables), tables);
            return new PreparedFile(fileName, this, fileName + ".drl", drl.getBytes(StandardCharsets.UTF_8), drl, null);
        } catch (RuntimeException e) {
            return PreparedFile.refused(fileName, this, DecisionMessage.error("compilation", fileName, null,
                    "not a Drools decision table: " + RuleFileFormats.rootMessage(e)));
        }
    }

    @Override
    public boolean generatesDrl() {
        return true;
    }

    /**
     * The sheet row and table {@link #prepare} wrote into the rule's metadata, which hold whatever a NAME column called
     * the rule; for DRL generated elsewhere, read from the {@code <table>_<row>} name.
     */
    @Override
    public Optional<GeneratedRule> generatedRule(String ruleName, Map<String, Object> metaData) {
        Integer row = SheetRows.number(metaData.get(SheetRows.ROW));
        if (row != null) {
            return Optional.of(new GeneratedRule(RuleFileFormats.metadataText(metaData.get(SheetRows.TABLE)), row));
        }
        Matcher m = GENERATED_RULE.matcher(ruleName);
        return m.matches() ? Optional.of(new GeneratedRule(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }

    /** Drools counts lines of the DRL generated from the sheet; the sheet row is in the generated rule's name. */
    @Override
    public DecisionMessage compileMessage(DecisionMessage.Severity severity, String fileName, Integer line, String text) {
        Matcher row = ROW_IN_TEXT.matcher(text);
        return row.find()
                ? new DecisionMessage(severity, "compilation", fileName, Integer.valueOf(row.group(1)),
                        "row " + row.group(1) + ": " + text)
                : new DecisionMessage(severity, "compilation", fileName, null, text);
    }
}
