package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV text into rows of cells, as spreadsheets write it (RFC 4180: quoted cells may hold separators, quotes
 * doubled, line breaks), with Jackson's CSV parser. The separator is a comma, or a semicolon when the first line has
 * semicolons and no commas, as spreadsheets in many European locales save. Lines end with LF, CRLF or a lone CR (older
 * Mac spreadsheets); a row's line is the one it starts on, counting the line breaks inside quoted cells before it.
 *
 * <p>Space around a cell is not part of it: every reader of a cell trims it, and a quoted cell may be written with
 * spaces before its opening quote ({@code a, "b,c"}). Broken quoting is refused with the file and the line.
 */
final class CsvRecords {
    /**
     * Rows are arrays of cells (no header schema: the header row is read like any other); spaces before an opening
     * quote are skipped so that the quote still opens a quoted cell.
     */
    private static final CsvFactory CSV = CsvFactory.builder().enable(CsvParser.Feature.TRIM_SPACES).build();

    /**
     * One row.
     *
     * @param line  the line the row starts on
     * @param cells the cells, unquoted; a cell keeps the quotes that were part of its text ({@code """a"""} is {@code "a"})
     */
    record Row(int line, List<String> cells) {
        boolean blank() {
            return cells.stream().allMatch(c -> c.trim().isEmpty());
        }

        /** A row whose first cell starts with {@code #} is a comment, for notes in a spreadsheet. */
        boolean comment() {
            return !cells.isEmpty() && cells.get(0).trim().startsWith("#");
        }
    }

    private CsvRecords() {
    }

    static List<Row> read(String file, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // the byte order mark Excel writes in front of UTF-8 CSV
        }
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator(text)).withoutEscapeChar();
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        int rowLine = 1;
        try (CsvParser parser = CSV.createParser(text)) {
            parser.setSchema(schema);
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_ARRAY -> {
                        rowLine = parser.currentLocation().getLineNr();
                        cells.clear();
                    }
                    case END_ARRAY -> rows.add(new Row(rowLine, List.copyOf(cells)));
                    case VALUE_NULL -> cells.add("");
                    default -> cells.add(parser.getText());
                }
            }
        } catch (JsonProcessingException e) {
            throw refusal(file, rowLine, cells.size() + 1, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // text in memory: not expected
        }
        return rows;
    }

    /**
     * Jackson's complaint in the suite's terms: the file, the line, and what to change.
     *
     * @param rowLine the line the row being read starts on
     * @param cell    the number of the cell being read in that row, from 1
     */
    private static ScenarioFormatException refusal(String file, int rowLine, int cell, JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        if (reason.startsWith("Missing closing quote")) {
            return new ScenarioFormatException(file, rowLine, "a quoted cell is never closed");
        }
        if (at == null || at.getLineNr() < 1) {
            return new ScenarioFormatException(file, rowLine, "cell " + cell + " is not readable as CSV: " + reason);
        }
        // The parser stands just past the character it refuses.
        int character = Math.max(1, at.getColumnNr() - 1);
        if (reason.contains("Expected column separator")) {
            return new ScenarioFormatException(file, at.getLineNr(), "cell " + cell + " has text after its closing quote"
                    + " (character " + character + "); quote the whole cell and write each quote inside it twice (\"\")");
        }
        return new ScenarioFormatException(file, at.getLineNr(), "cell " + cell + " is not readable as CSV (character "
                + character + "): " + reason);
    }

    private static char separator(String text) {
        int end = 0;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        String first = text.substring(0, end);
        return first.indexOf(',') < 0 && first.indexOf(';') >= 0 ? ';' : ',';
    }
}
