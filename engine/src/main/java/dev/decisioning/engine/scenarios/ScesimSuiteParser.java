package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kie.dmn.api.feel.runtime.events.FEELEvent;
import org.kie.dmn.feel.FEEL;
import org.kie.dmn.feel.lang.impl.FEELBuilder;
import org.kie.dmn.feel.runtime.FEELFunction;
import org.kie.dmn.feel.runtime.Range;
import org.kie.dmn.feel.runtime.UnaryTest;
import org.kie.dmn.feel.util.TypeUtil;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Kogito / KIE Test Scenario files ({@code .scesim}) of type DMN: each scenario row becomes a model case,
 * GIVEN columns its inputs and EXPECT columns its expected decision results. Supported: simple values and one level
 * of structure fields, cells holding FEEL literals (GIVEN may use any FEEL expression that needs no names), list and
 * context columns in the Kogito collection editor's JSON form, and background data as defaults.
 */
final class ScesimSuiteParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final String LINE = "line";
    private static final Set<String> COLLECTION_CLASSES = Set.of("java.util.List", "java.util.Map");

    private final String file;
    private final FEEL feel = FEELBuilder.builder().build();
    private final List<FEELEvent> feelErrors = new ArrayList<>();

    private ScesimSuiteParser(String file) {
        this.file = file;
        feel.addListener(event -> {
            if (event.getSeverity() == FEELEvent.Severity.ERROR) {
                feelErrors.add(event);
            }
        });
    }

    static ScenarioSuite parse(SuiteFile source) {
        return new ScesimSuiteParser(source.name()).suite(source.content());
    }

    /** A GIVEN or EXPECT column: the fact (input or decision), the field inside it if any, and the cell type. */
    private record Column(String type, String fact, String field, boolean collection) {
    }

    private ScenarioSuite suite(String xml) {
        Element root = read(xml).getDocumentElement();
        if (!root.getTagName().equals("ScenarioSimulationModel")) {
            throw invalid(root, "not a Test Scenario file: the root element is <" + root.getTagName()
                    + ">, expected <ScenarioSimulationModel>");
        }
        Element settings = child(root, "settings");
        String type = settings == null ? null : text(child(settings, "type"));
        if (type == null || !type.equals("DMN")) {
            throw invalid(settings == null ? root : settings, "only DMN test scenarios can run here; this one is of type "
                    + (type == null ? "(none)" : type));
        }
        String model = text(child(settings, "dmnName"));
        if (model == null) {
            String path = text(child(settings, "dmnFilePath"));
            model = path == null ? null : path.substring(path.replace('\\', '/').lastIndexOf('/') + 1);
        }
        if (model == null) {
            throw invalid(settings, "the settings name no DMN model (dmnName or dmnFilePath)");
        }
        Element simulation = required(root, "simulation");
        Map<String, Column> columns = columns(simulation);
        ObjectNode defaults = NODES.objectNode();
        Element background = child(root, "background");
        if (background != null) {
            Map<String, Column> backgroundColumns = columns(background);
            for (Element data : rows(background, "BackgroundData")) {
                Row row = row(data, backgroundColumns);
                if (!row.expect.isEmpty()) {
                    throw invalid(data, "background data can only give values (GIVEN), not expect them");
                }
                Defaults.merge(defaults, row.given);
            }
        }
        List<ScenarioCase> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int number = 0;
        for (Element scenario : rows(simulation, "Scenario")) {
            number++;
            Row row = row(scenario, columns);
            if (row.given.isEmpty() && row.expect.isEmpty()) {
                continue; // an empty row, as the editor leaves at the end of a table
            }
            String name = row.description == null || row.description.isBlank() ? "scenario " + number : row.description.trim();
            if (!names.add(name)) {
                name = name + " (#" + number + ")";
            }
            if (row.expect.isEmpty()) {
                throw invalid(scenario, "scenario '" + name + "' checks nothing: it has no EXPECT value");
            }
            cases.add(new ScenarioCase(name, line(scenario), model, null,
                    Defaults.merge(defaults.deepCopy(), row.given), row.expect));
        }
        if (cases.isEmpty()) {
            throw invalid(simulation, "the file has no scenarios");
        }
        return new ScenarioSuite(file, null, List.copyOf(cases));
    }

    private Map<String, Column> columns(Element section) {
        Element descriptor = child(section, "scesimModelDescriptor");
        if (descriptor == null) {
            descriptor = child(section, "simulationDescriptor"); // files written before version 1.8
        }
        if (descriptor == null) {
            throw invalid(section, "<" + section.getTagName() + "> has no <scesimModelDescriptor>");
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        for (Element mapping : children(required(descriptor, "factMappings"), "FactMapping")) {
            Element identifier = required(mapping, "expressionIdentifier");
            String type = text(child(identifier, "type"));
            String id = text(child(identifier, "name"));
            String fact = text(child(required(mapping, "factIdentifier"), "name"));
            String key = key(fact, id, type);
            if (!"GIVEN".equals(type) && !"EXPECT".equals(type)) {
                columns.put(key, new Column(type, fact, null, false));
                continue;
            }
            List<String> steps = new ArrayList<>();
            Element elements = child(mapping, "expressionElements");
            if (elements != null) {
                for (Element element : children(elements, "ExpressionElement")) {
                    steps.add(text(child(element, "step")));
                }
            }
            if (steps.isEmpty()) {
                continue; // a column the editor created but never bound to an input or decision
            }
            if (steps.size() > 2) {
                throw invalid(mapping, "column " + String.join(".", steps) + " reaches " + (steps.size() - 1)
                        + " levels into a structure; only simple values and one level of fields are supported");
            }
            String className = text(child(mapping, "className"));
            columns.put(key, new Column(type, steps.get(0), steps.size() == 2 ? steps.get(1) : null,
                    className != null && COLLECTION_CLASSES.contains(className)));
        }
        return columns;
    }

    private static String key(String fact, String id, String type) {
        return fact + "|" + id + "|" + type;
    }

    private List<Element> rows(Element section, String tag) {
        Element data = child(section, "scesimData");
        if (data == null) {
            data = child(section, "scenarios"); // files written before version 1.8
        }
        return data == null ? List.of() : children(data, tag);
    }

    private static final class Row {
        final ObjectNode given = NODES.objectNode();
        final ObjectNode expect = NODES.objectNode();
        String description;
    }

    private Row row(Element scenario, Map<String, Column> columns) {
        Row row = new Row();
        Element values = child(scenario, "factMappingValues");
        if (values == null) {
            return row;
        }
        for (Element value : children(values, "FactMappingValue")) {
            Element identifier = required(value, "expressionIdentifier");
            String type = text(child(identifier, "type"));
            String fact = text(child(required(value, "factIdentifier"), "name"));
            Column column = columns.get(key(fact, text(child(identifier, "name")), type));
            Element rawElement = child(value, "rawValue");
            String raw = rawElement == null ? null : rawElement.getTextContent();
            if ("Description".equals(text(child(identifier, "name"))) && "OTHER".equals(type)) {
                row.description = raw;
                continue;
            }
            if (column == null || !("GIVEN".equals(column.type()) || "EXPECT".equals(column.type()))) {
                continue;
            }
            if (raw == null || raw.isBlank()) {
                continue; // an empty cell neither gives nor checks anything
            }
            Element at = rawElement;
            JsonNode json = column.type().equals("GIVEN") ? given(raw, column, at) : expected(raw, column, at);
            ObjectNode target = column.type().equals("GIVEN") ? row.given : row.expect;
            if (column.field() == null) {
                if (target.has(column.fact())) {
                    throw invalid(at, "two columns give " + column.fact());
                }
                target.set(column.fact(), json);
            } else {
                JsonNode existing = target.get(column.fact());
                ObjectNode structure;
                if (existing == null) {
                    structure = target.putObject(column.fact());
                } else if (existing instanceof ObjectNode object) {
                    structure = object;
                } else {
                    throw invalid(at, "column " + column.fact() + "." + column.field() + " and a column for the whole "
                            + column.fact() + " are both filled");
                }
                structure.set(column.field(), json);
            }
        }
        return row;
    }

    /** A GIVEN cell: any FEEL expression that needs no names; collection columns hold JSON with FEEL leaves. */
    private JsonNode given(String raw, Column column, Element at) {
        if (column.collection()) {
            return collection(raw, at);
        }
        return json(feel(raw, at, "GIVEN"));
    }

    /** An EXPECT cell: a FEEL literal the decision's result must equal. */
    private JsonNode expected(String raw, Column column, Element at) {
        if (column.collection()) {
            return collection(raw, at);
        }
        return json(feel(raw, at, "EXPECT"));
    }

    /** The collection editor's form: JSON whose leaves are FEEL expressions in strings, e.g. {@code [{"age": "10"}]}. */
    private JsonNode collection(String raw, Element at) {
        JsonNode tree;
        try {
            tree = ScenarioJson.mapper().readTree(raw);
        } catch (IOException e) {
            throw invalid(at, "a list or structure cell must hold the collection editor's JSON, not '" + raw + "'");
        }
        return feelLeaves(tree, at);
    }

    private JsonNode feelLeaves(JsonNode node, Element at) {
        if (node.isArray()) {
            ArrayNode list = NODES.arrayNode();
            node.forEach(item -> list.add(feelLeaves(item, at)));
            return list;
        }
        if (node.isObject()) {
            ObjectNode object = NODES.objectNode();
            node.properties().forEach(field -> object.set(field.getKey(), feelLeaves(field.getValue(), at)));
            return object;
        }
        if (node.isTextual()) {
            return json(feel(node.asText(), at, "collection"));
        }
        return node;
    }

    /** A cell holds a value: short, shallow, and computed without iteration (FEEL's for, some and every). */
    static final int MAX_CELL_LENGTH = 2_000;
    static final int MAX_CELL_NESTING = 32;
    private static final java.util.regex.Pattern ITERATION = java.util.regex.Pattern.compile("\\b(for|some|every)\\b");
    private static final java.util.regex.Pattern STRING_LITERAL = java.util.regex.Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    /** Why a cell's expression is refused before FEEL parses it (parsing alone is costly when deep), or null. */
    static String tooCostly(String expression) {
        if (expression.length() > MAX_CELL_LENGTH) {
            return "is " + expression.length() + " characters long; cells hold values of at most " + MAX_CELL_LENGTH;
        }
        String code = STRING_LITERAL.matcher(expression).replaceAll("\"\"");
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            depth += c == '(' || c == '[' || c == '{' ? 1 : c == ')' || c == ']' || c == '}' ? -1 : 0;
            if (depth > MAX_CELL_NESTING) {
                return "nests brackets more than " + MAX_CELL_NESTING + " deep";
            }
        }
        java.util.regex.Matcher iteration = ITERATION.matcher(code);
        return iteration.find() ? "iterates ('" + iteration.group(1) + "'); cells hold values, not computations" : null;
    }

    private Object feel(String expression, Element at, String what) {
        String costly = tooCostly(expression);
        if (costly != null) {
            throw invalid(at, what + " value " + costly);
        }
        feelErrors.clear();
        Object value = feel.evaluate(expression);
        List<FEELEvent> errors = List.copyOf(feelErrors);
        if (errors.isEmpty() && (value instanceof Range || value instanceof FEELFunction || value instanceof UnaryTest)) {
            // FEEL reads "> 10" as a range; comparing against ranges is the unary-test form this subset leaves out.
            throw invalid(at, what + " value '" + expression.trim() + "' is a range or test, not a value"
                    + (what.equals("EXPECT") ? "; EXPECT cells must hold a literal value (unary tests such as > 10 are not supported)" : ""));
        }
        if (!errors.isEmpty()) {
            String hint = what.equals("EXPECT")
                    ? "; EXPECT cells must hold a literal value such as \"gold\", 42, true or date(\"2026-01-31\") (unary tests such as > 10 are not supported)"
                    : "; text must be quoted: \"gold\"";
            throw invalid(at, what + " value '" + expression.trim() + "' is not a FEEL value: " + errors.get(0).getMessage() + hint);
        }
        return value;
    }

    private static JsonNode json(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal plain = decimal.stripTrailingZeros();
            if (plain.scale() <= 0) {
                BigInteger whole = plain.toBigIntegerExact();
                return whole.bitLength() < 32 ? NODES.numberNode(whole.intValue()) : NODES.numberNode(whole);
            }
            return NODES.numberNode(plain);
        }
        if (value instanceof Number number) {
            return json(new BigDecimal(number.toString()));
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), json(v)));
            return object;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(v -> array.add(json(v)));
            return array;
        }
        return NODES.textNode(TypeUtil.formatValue(value, false));
    }

    // ---- XML with line numbers: DOM forgets them, so a SAX pass builds the DOM and notes each element's line.

    private Document read(String xml) {
        try {
            DocumentBuilderFactory builders = DocumentBuilderFactory.newInstance();
            Document document = builders.newDocumentBuilder().newDocument();
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            // Test files come from users and over HTTP: no DTDs, no external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.newSAXParser().parse(new InputSource(new StringReader(xml)), new DomBuilder(document));
            return document;
        } catch (SAXParseException e) {
            throw new ScenarioFormatException(file, e.getLineNumber() > 0 ? e.getLineNumber() : null,
                    "not valid XML: " + e.getMessage());
        } catch (SAXException | ParserConfigurationException | IOException e) {
            throw new ScenarioFormatException(file, null, "not valid XML: " + e.getMessage());
        }
    }

    private static final class DomBuilder extends DefaultHandler {
        private final Document document;
        private final Deque<Node> open = new ArrayDeque<>();
        private Locator locator;

        DomBuilder(Document document) {
            this.document = document;
            open.push(document);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            Element element = document.createElement(qName);
            for (int i = 0; i < attributes.getLength(); i++) {
                element.setAttribute(attributes.getQName(i), attributes.getValue(i));
            }
            element.setUserData(LINE, locator == null ? null : locator.getLineNumber(), null);
            open.peek().appendChild(element);
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (open.peek() instanceof Element element) {
                element.appendChild(document.createTextNode(new String(ch, start, length)));
            }
        }
    }

    private static Element child(Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(tag)) {
                return element;
            }
        }
        return null;
    }

    private Element required(Element parent, String tag) {
        Element element = child(parent, tag);
        if (element == null) {
            throw invalid(parent, "<" + parent.getTagName() + "> has no <" + tag + ">");
        }
        return element;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(tag)) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static String text(Element element) {
        if (element == null) {
            return null;
        }
        String text = element.getTextContent().trim();
        return text.isEmpty() ? null : text;
    }

    private static int line(Element element) {
        Object line = element.getUserData(LINE);
        return line instanceof Integer number ? number : 0;
    }

    private ScenarioFormatException invalid(Element at, String problem) {
        int line = line(at);
        return new ScenarioFormatException(file, line > 0 ? line : null, problem);
    }
}
