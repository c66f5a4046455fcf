package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tabular scenario format, one case a row, as a spreadsheet saves it. Columns are {@code name},
 * {@code given.<path>}, {@code expect.<path>} (optionally ending in {@code [contains]} or {@code [±0.01]}),
 * {@code model} and {@code decisionService}; a row named {@code (defaults)} gives values every case starts from.
 */
final class CsvSuiteParser {
    static final String DEFAULTS_ROW = "(defaults)";
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
    private static final Pattern TOLERANCE = Pattern.compile("(.*)\\[(?:±|\\+-|\\+/-)\\s*([0-9]*\\.?[0-9]+)]");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("-?(\\d+\\.\\d*|\\.\\d+)");

    private final String file;

    private CsvSuiteParser(String file) {
        this.file = file;
    }

    static ScenarioSuite parse(SuiteFile source) {
        return new CsvSuiteParser(source.name()).suite(source.content());
    }

    /** What a header cell says: where its values go and how they are compared. */
    private record Column(int index, String header, Kind kind, List<Object> path, Matcher matcher, BigDecimal tolerance) {
        enum Kind { NAME, MODEL, SERVICE, GIVEN, EXPECT, COMMENT }

        enum Matcher { EXACT, CONTAINS, TOLERANCE }
    }

    private ScenarioSuite suite(String text) {
        List<CsvRecords.Row> rows = CsvRecords.read(file, text);
        int headerAt = 0;
        while (headerAt < rows.size() && (rows.get(headerAt).blank() || rows.get(headerAt).comment())) {
            headerAt++;
        }
        if (headerAt == rows.size()) {
            throw new ScenarioFormatException(file, null, "the file is empty; it needs a header row (name, given.…, expect.…) and cases");
        }
        CsvRecords.Row header = rows.get(headerAt);
        List<Column> columns = columns(header);
        ObjectNode defaultGiven = NODES.objectNode();
        String defaultModel = null;
        String defaultService = null;
        List<ScenarioCase> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (CsvRecords.Row row : rows.subList(headerAt + 1, rows.size())) {
            if (row.blank() || row.comment()) {
                continue;
            }
            if (row.cells().size() > header.cells().size() && !allEmpty(row.cells().subList(header.cells().size(), row.cells().size()))) {
                throw new ScenarioFormatException(file, row.line(), "the row has " + row.cells().size()
                        + " cells but the header only " + header.cells().size() + " columns");
            }
            String name = cell(row, columns.get(0)).trim();
            if (name.isEmpty()) {
                throw new ScenarioFormatException(file, row.line(), "the row has no name; every case needs one");
            }
            Parsed parsed = row(row, columns);
            if (name.equals(DEFAULTS_ROW)) {
                if (!cases.isEmpty()) {
                    throw new ScenarioFormatException(file, row.line(), "the " + DEFAULTS_ROW + " row must come before the first case");
                }
                if (!parsed.expect.isEmpty()) {
                    throw new ScenarioFormatException(file, row.line(), "the " + DEFAULTS_ROW
                            + " row can only give values (given.…, model, decisionService); expect.… cells belong to cases");
                }
                defaultGiven = parsed.given;
                defaultModel = parsed.model;
                defaultService = parsed.service;
                continue;
            }
            if (!names.add(name)) {
                throw new ScenarioFormatException(file, row.line(), "another case is already named '" + name + "'");
            }
            if (parsed.expect.isEmpty()) {
                throw new ScenarioFormatException(file, row.line(), "case '" + name + "' checks nothing: fill at least one expect.… cell");
            }
            String model = parsed.model != null ? parsed.model : defaultModel;
            String service = parsed.service != null ? parsed.service : defaultService;
            if (service != null && model == null) {
                throw new ScenarioFormatException(file, row.line(), "case '" + name + "' names a decisionService but no model");
            }
            ObjectNode given = Defaults.merge(defaultGiven.deepCopy(), parsed.given);
            cases.add(new ScenarioCase(name, row.line(), model, service, given, parsed.expect));
        }
        if (cases.isEmpty()) {
            throw new ScenarioFormatException(file, header.line(), "the file has a header but no cases");
        }
        return new ScenarioSuite(file, null, List.copyOf(cases));
    }

    private static boolean allEmpty(List<String> cells) {
        return cells.stream().allMatch(c -> c.trim().isEmpty());
    }

    private List<Column> columns(CsvRecords.Row header) {
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Column name = null;
        for (int i = 0; i < header.cells().size(); i++) {
            String text = header.cells().get(i).trim();
            if (text.isEmpty()) {
                if (i == header.cells().size() - 1) {
                    continue; // a trailing separator, as spreadsheets sometimes save
                }
                throw new ScenarioFormatException(file, header.line(), "column " + (i + 1) + " has no header");
            }
            if (!seen.add(text)) {
                throw new ScenarioFormatException(file, header.line(), "column '" + text + "' appears twice");
            }
            Column column = column(i, text, header.line());
            if (column.kind() == Column.Kind.NAME) {
                name = column;
            }
            columns.add(column);
        }
        if (name == null) {
            throw new ScenarioFormatException(file, header.line(), "the header has no 'name' column");
        }
        columns.remove(name);
        columns.add(0, name);
        return columns;
    }

    private Column column(int index, String header, int line) {
        switch (header) {
            case "name":
                return new Column(index, header, Column.Kind.NAME, List.of(), Column.Matcher.EXACT, null);
            case "model":
                return new Column(index, header, Column.Kind.MODEL, List.of(), Column.Matcher.EXACT, null);
            case "decisionService":
                return new Column(index, header, Column.Kind.SERVICE, List.of(), Column.Matcher.EXACT, null);
            default:
                break;
        }
        if (header.startsWith("#")) {
            return new Column(index, header, Column.Kind.COMMENT, List.of(), Column.Matcher.EXACT, null);
        }
        Column.Kind kind;
        String rest;
        if (header.startsWith("given.")) {
            kind = Column.Kind.GIVEN;
            rest = header.substring("given.".length());
        } else if (header.startsWith("expect.")) {
            kind = Column.Kind.EXPECT;
            rest = header.substring("expect.".length());
        } else {
            throw new ScenarioFormatException(file, line, "unknown column '" + header
                    + "'; columns are name, model, decisionService, given.<path>, expect.<path> and #comments");
        }
        Column.Matcher matcher = Column.Matcher.EXACT;
        BigDecimal tolerance = null;
        Matcher toleranceMatch = TOLERANCE.matcher(rest);
        if (rest.endsWith("[contains]")) {
            matcher = Column.Matcher.CONTAINS;
            rest = rest.substring(0, rest.length() - "[contains]".length());
        } else if (toleranceMatch.matches()) {
            matcher = Column.Matcher.TOLERANCE;
            rest = toleranceMatch.group(1);
            tolerance = new BigDecimal(toleranceMatch.group(2));
        }
        if (matcher != Column.Matcher.EXACT && kind == Column.Kind.GIVEN) {
            throw new ScenarioFormatException(file, line, "column '" + header + "': [contains] and tolerances only apply to expect.… columns");
        }
        return new Column(index, header, kind, path(rest, header, line), matcher, tolerance);
    }

    /** {@code customer.orders[0].amount} as {@code ["customer", "orders", 0, "amount"]}. */
    private List<Object> path(String text, String header, int line) {
        List<Object> path = new ArrayList<>();
        for (String segment : text.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw new ScenarioFormatException(file, line, "column '" + header + "': '" + text
                        + "' is not a path such as customer.orders[0].amount");
            }
            path.add(m.group(1).trim());
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                path.add(Integer.valueOf(index.group(1)));
            }
        }
        if (path.get(0) instanceof Integer) {
            throw new ScenarioFormatException(file, line, "column '" + header + "': a path starts with a field name");
        }
        return path;
    }

    private static final class Parsed {
        ObjectNode given = NODES.objectNode();
        ObjectNode expect = NODES.objectNode();
        String model;
        String service;
    }

    private Parsed row(CsvRecords.Row row, List<Column> columns) {
        Parsed parsed = new Parsed();
        Tree given = new Tree();
        Tree expect = new Tree();
        for (Column column : columns) {
            String raw = cell(row, column);
            if (raw.trim().isEmpty()) {
                continue; // empty: not given, not checked
            }
            switch (column.kind()) {
                case NAME, COMMENT -> {
                }
                case MODEL -> parsed.model = raw.trim();
                case SERVICE -> parsed.service = raw.trim();
                case GIVEN -> given.put(column, value(raw, row.line(), column), row.line());
                case EXPECT -> expect.put(column, expectation(raw, row.line(), column), row.line());
            }
        }
        parsed.given = (ObjectNode) given.build(row.line());
        parsed.expect = (ObjectNode) expect.build(row.line());
        return parsed;
    }

    private JsonNode expectation(String raw, int line, Column column) {
        return switch (column.matcher()) {
            case EXACT -> value(raw, line, column);
            case CONTAINS -> {
                JsonNode items = value(raw, line, column);
                ObjectNode contains = NODES.objectNode();
                contains.set(Expectations.CONTAINS, items.isArray() ? items : NODES.arrayNode().add(items));
                yield contains;
            }
            case TOLERANCE -> {
                JsonNode number = value(raw, line, column);
                if (!number.isNumber()) {
                    throw new ScenarioFormatException(file, line, "column '" + column.header() + "' holds a number, not '" + raw.trim() + "'");
                }
                ObjectNode within = NODES.objectNode();
                within.set(Expectations.VALUE, number);
                within.put(Expectations.TOLERANCE, column.tolerance());
                yield within;
            }
        };
    }

    /**
     * A cell's value: {@code "quoted"} is text, {@code true}/{@code false} booleans, digits numbers, {@code null},
     * {@code []} the empty list, and {@code a;b} a list (one item: {@code a;}); anything else is text.
     */
    private JsonNode value(String raw, int line, Column column) {
        String text = raw.trim();
        if (text.equals("[]")) {
            return NODES.arrayNode();
        }
        if (!isQuoted(text) && text.contains(";")) {
            List<String> items = new ArrayList<>(List.of(text.split(";", -1)));
            if (items.get(items.size() - 1).trim().isEmpty()) {
                items.remove(items.size() - 1);
            }
            ArrayNode list = NODES.arrayNode();
            for (String item : items) {
                if (item.trim().isEmpty()) {
                    throw new ScenarioFormatException(file, line, "column '" + column.header() + "': the list '" + text
                            + "' has an empty item");
                }
                list.add(scalar(item.trim()));
            }
            return list;
        }
        return scalar(text);
    }

    private static boolean isQuoted(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") && text.indexOf('"', 1) == text.length() - 1;
    }

    private static JsonNode scalar(String text) {
        if (isQuoted(text)) {
            return NODES.textNode(text.substring(1, text.length() - 1));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            // Spreadsheets save booleans as TRUE and FALSE.
            return NODES.booleanNode(lower.equals("true"));
        }
        if (text.equals("null")) {
            return NODES.nullNode();
        }
        if (INTEGER.matcher(text).matches()) {
            // Whole numbers stay whole so that they fit counts such as cartItems, which refuse 2.0.
            BigInteger number = new BigInteger(text);
            return number.bitLength() < 32 ? NODES.numberNode(number.intValue())
                    : number.bitLength() < 64 ? NODES.numberNode(number.longValue()) : NODES.numberNode(number);
        }
        if (DECIMAL.matcher(text).matches()) {
            return NODES.numberNode(new BigDecimal(text));
        }
        return NODES.textNode(text);
    }

    private static String cell(CsvRecords.Row row, Column column) {
        return column.index() < row.cells().size() ? row.cells().get(column.index()) : "";
    }

    /** Values by path, built into one JSON object once the whole row is read, so column order does not matter. */
    private final class Tree {
        private final Map<Object, Object> root = new LinkedHashMap<>();
        private final Map<List<Object>, String> owners = new LinkedHashMap<>();

        @SuppressWarnings("unchecked")
        void put(Column column, JsonNode value, int line) {
            Map<Object, Object> node = root;
            List<Object> path = column.path();
            for (int i = 0; i < path.size(); i++) {
                Object key = path.get(i);
                List<Object> prefix = path.subList(0, i + 1);
                boolean last = i == path.size() - 1;
                Object existing = node.get(key);
                if (last) {
                    if (existing != null) {
                        throw conflict(column, prefix, line);
                    }
                    node.put(key, value);
                    owners.put(List.copyOf(prefix), column.header());
                    return;
                }
                boolean nextIsIndex = path.get(i + 1) instanceof Integer;
                if (existing == null) {
                    existing = nextIsIndex ? new TreeMap<Integer, Object>() : new LinkedHashMap<String, Object>();
                    node.put(key, existing);
                    owners.putIfAbsent(List.copyOf(prefix), column.header());
                } else if (existing instanceof JsonNode || (existing instanceof TreeMap) != nextIsIndex) {
                    throw conflict(column, prefix, line);
                }
                node = (Map<Object, Object>) existing;
            }
        }

        private ScenarioFormatException conflict(Column column, List<Object> prefix, int line) {
            return new ScenarioFormatException(file, line, "cells '" + owners.get(List.copyOf(prefix)) + "' and '"
                    + column.header() + "' both fill " + render(prefix));
        }

        JsonNode build(int line) {
            return build(root, List.of(), line);
        }

        @SuppressWarnings("unchecked")
        private JsonNode build(Object node, List<Object> at, int line) {
            if (node instanceof JsonNode leaf) {
                return leaf;
            }
            if (node instanceof TreeMap<?, ?> items) {
                ArrayNode list = NODES.arrayNode();
                int expected = 0;
                for (Map.Entry<Integer, Object> item : ((TreeMap<Integer, Object>) items).entrySet()) {
                    List<Object> itemPath = append(at, item.getKey());
                    if (item.getKey() != expected) {
                        throw new ScenarioFormatException(file, line, render(itemPath) + " is filled but "
                                + render(append(at, expected)) + " is not; a list is filled from [0] without gaps");
                    }
                    list.add(build(item.getValue(), itemPath, line));
                    expected++;
                }
                return list;
            }
            ObjectNode object = NODES.objectNode();
            ((Map<Object, Object>) node).forEach((key, value) -> object.set((String) key, build(value, append(at, key), line)));
            return object;
        }

        private static List<Object> append(List<Object> path, Object key) {
            List<Object> longer = new ArrayList<>(path);
            longer.add(key);
            return longer;
        }

        private static String render(List<Object> path) {
            StringBuilder text = new StringBuilder();
            for (Object part : path) {
                if (part instanceof Integer index) {
                    text.append('[').append(index).append(']');
                } else {
                    text.append(text.isEmpty() ? "" : ".").append(part);
                }
            }
            return text.toString();
        }
    }
}
