package dev.decisioning.engine.scenarios;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into rows of cells, as spreadsheets write it (RFC 4180: quoted cells may hold separators, quotes
 * doubled, line breaks). The separator is a comma, or a semicolon when the header row has semicolons and no commas,
 * as spreadsheets in many European locales save.
 */
final class CsvRecords {
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
        char separator = separator(text);
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean cellStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && !cellStarted) {
                quoted = true;
                cellStarted = true;
            } else if (c == separator) {
                cells.add(cell.toString());
                cell.setLength(0);
                cellStarted = false;
            } else if (c == '\r') {
                // dropped: \r\n ends a row like \n
            } else if (c == '\n') {
                cells.add(cell.toString());
                rows.add(new Row(rowLine, List.copyOf(cells)));
                cells.clear();
                cell.setLength(0);
                cellStarted = false;
                line++;
                rowLine = line;
            } else {
                if (!Character.isWhitespace(c)) {
                    cellStarted = true;
                }
                cell.append(c);
            }
        }
        if (quoted) {
            throw new ScenarioFormatException(file, rowLine, "a quoted cell is never closed");
        }
        if (cellStarted || !cells.isEmpty() || cell.length() > 0) {
            cells.add(cell.toString());
            rows.add(new Row(rowLine, List.copyOf(cells)));
        }
        return rows;
    }

    private static char separator(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        return first.indexOf(',') < 0 && first.indexOf(';') >= 0 ? ';' : ',';
    }
}
