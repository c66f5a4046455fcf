package dev.decisioning.server;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The test cases of a DMN TCK test file ({@code testCases.xsd}), the part of the format the conformance folders here
 * use: test cases with input nodes and decision result nodes, whose values are a typed {@code <value>} (or
 * {@code xsi:nil}), {@code <component>}s of a context, or a {@code <list>} of {@code <item>}s.
 *
 * <p>Values are read into a tree of {@code null}, {@link Typed} leaves, {@code Map}s (components, in file order) and
 * {@code List}s, and turned from there into JSON values for the HTTP API or FEEL values for Drools.
 */
final class TckCases {
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

    private TckCases() {
    }

    /** One test file: the model it tests and its cases. */
    record TestFile(Path file, String modelName, List<TestCase> cases) {
    }

    /** A test case: its input values by input name, and the results it expects. */
    record TestCase(String id, String description, Map<String, Object> inputs, List<Result> results) {
    }

    /** A decision whose result is checked: its expected value, and whether the standard expects an error. */
    record Result(String node, boolean errorResult, Object expected) {
    }

    /** A typed leaf value: its XML Schema type without prefix ({@code decimal}, {@code date}, ...), and its text. */
    record Typed(String type, String text) {
        boolean numeric() {
            return switch (type) {
                case "decimal", "double", "float", "integer", "int", "long", "short", "byte" -> true;
                default -> false;
            };
        }

        @Override
        public String toString() {
            return text + " (" + type + ")";
        }
    }

    static TestFile read(Path file) throws IOException {
        Document document;
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            document = factory.newDocumentBuilder().parse(in);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(file + " is not a readable TCK test file: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        String modelName = children(root, "modelName").stream().findFirst().map(Node::getTextContent).map(String::strip)
                .orElseThrow(() -> new IOException(file + " names no model (<modelName>)"));
        List<TestCase> cases = new ArrayList<>();
        for (Element testCase : children(root, "testCase")) {
            String id = testCase.getAttribute("id");
            String description = children(testCase, "description").stream().findFirst().map(Node::getTextContent)
                    .map(String::strip).orElse("");
            Map<String, Object> inputs = new LinkedHashMap<>();
            for (Element input : children(testCase, "inputNode")) {
                inputs.put(input.getAttribute("name"), value(input));
            }
            List<Result> results = new ArrayList<>();
            for (Element result : children(testCase, "resultNode")) {
                Element expected = children(result, "expected").stream().findFirst()
                        .orElseThrow(() -> new IOException(file + ", case " + id + ": result node "
                                + result.getAttribute("name") + " has no <expected>"));
                results.add(new Result(result.getAttribute("name"), "true".equals(result.getAttribute("errorResult")),
                        value(expected)));
            }
            cases.add(new TestCase(id, description, inputs, results));
        }
        return new TestFile(file, modelName, cases);
    }

    /** The value an element holds: one {@code <value>}, {@code <component>}s, or a {@code <list>}. */
    private static Object value(Element holder) {
        List<Element> components = children(holder, "component");
        if (!components.isEmpty()) {
            Map<String, Object> context = new LinkedHashMap<>();
            components.forEach(component -> context.put(component.getAttribute("name"), value(component)));
            return context;
        }
        List<Element> lists = children(holder, "list");
        if (!lists.isEmpty()) {
            List<Object> items = new ArrayList<>();
            children(lists.get(0), "item").forEach(item -> items.add(value(item)));
            return items;
        }
        List<Element> values = children(holder, "value");
        if (values.isEmpty()) {
            return null;
        }
        Element value = values.get(0);
        if ("true".equals(value.getAttributeNS(XSI, "nil"))) {
            return null;
        }
        String type = value.getAttributeNS(XSI, "type");
        type = type.isEmpty() ? "string" : type.substring(type.indexOf(':') + 1);
        return new Typed(type, value.getTextContent());
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    /** A value as a JSON client sends it: numbers exact, dates and durations in their ISO text. */
    static Object toJson(Object value) {
        if (value instanceof Typed typed) {
            if (typed.numeric()) {
                return new BigDecimal(typed.text().strip());
            }
            return typed.type().equals("boolean") ? Boolean.valueOf(typed.text().strip()) : typed.text();
        }
        return map(value, TckCases::toJson);
    }

    /** A value as a Java caller of the DMN runtime passes it: FEEL's own types for dates, times and durations. */
    static Object toFeel(Object value) {
        if (value instanceof Typed typed) {
            String text = typed.text().strip();
            return switch (typed.type()) {
                case "boolean" -> Boolean.valueOf(text);
                case "date" -> LocalDate.parse(text);
                case "dateTime" -> dateTime(text);
                case "time" -> time(text);
                case "duration" -> text.contains("T") || text.contains("D") ? Duration.parse(text)
                        : org.kie.dmn.feel.lang.types.impl.ComparablePeriod.parse(text);
                default -> typed.numeric() ? new BigDecimal(text) : typed.text();
            };
        }
        return map(value, TckCases::toFeel);
    }

    private static Object dateTime(String text) {
        try {
            return ZonedDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text);
        }
    }

    private static Object time(String text) {
        try {
            return OffsetTime.parse(text);
        } catch (DateTimeParseException e) {
            return LocalTime.parse(text);
        }
    }

    private static Object map(Object value, java.util.function.UnaryOperator<Object> leaf) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), leaf.apply(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(leaf.apply(v)));
            return copy;
        }
        return value;
    }

    /**
     * Where {@code actual}, a JSON value as the API answers it (numbers as {@code BigDecimal}), differs from
     * {@code expected}; null when it does not. Numbers compare by value ({@code 3} is {@code 3.0}), dates, times
     * and durations by their text, contexts by their entries whatever their order.
     */
    static String difference(Object expected, Object actual, String path) {
        if (expected == null) {
            return actual == null ? null : path + ": expected null, got " + describe(actual);
        }
        if (expected instanceof Typed typed) {
            if (typed.numeric()) {
                return actual instanceof Number number
                        && new BigDecimal(number.toString()).compareTo(new BigDecimal(typed.text().strip())) == 0
                        ? null : path + ": expected " + typed.text().strip() + ", got " + describe(actual);
            }
            Object want = toJson(typed);
            return Objects.equals(want, actual) ? null : path + ": expected " + describe(want) + ", got " + describe(actual);
        }
        if (expected instanceof Map<?, ?> context) {
            if (!(actual instanceof Map<?, ?> got)) {
                return path + ": expected a context, got " + describe(actual);
            }
            if (!got.keySet().equals(context.keySet())) {
                return path + ": expected the entries " + context.keySet() + ", got " + got.keySet();
            }
            for (Map.Entry<?, ?> entry : context.entrySet()) {
                String found = difference(entry.getValue(), got.get(entry.getKey()), path + "." + entry.getKey());
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        List<?> items = (List<?>) expected;
        if (!(actual instanceof List<?> got)) {
            return path + ": expected a list, got " + describe(actual);
        }
        if (got.size() != items.size()) {
            return path + ": expected " + items.size() + " items, got " + got.size() + ": " + describe(actual);
        }
        for (int i = 0; i < items.size(); i++) {
            String found = difference(items.get(i), got.get(i), path + "[" + i + "]");
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String describe(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
