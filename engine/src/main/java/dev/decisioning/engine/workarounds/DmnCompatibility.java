package dev.decisioning.engine.workarounds;

import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Reads models as other editors save them. Camunda Modeler leaves out the {@code <variable>} that DMN requires on
 * decisions and input data, types numbers as {@code integer}, {@code long} or {@code double}, and saves an empty
 * input cell as empty text where DMN says {@code -}; Drools refuses each of these. They are mended in the text
 * itself, on the same lines, so the line numbers in messages still match the user's file. A missing variable is
 * named after its element, as the standard says, typed by the decision table's single output where there is one.
 */
public final class DmnCompatibility {
    private static final java.util.regex.Pattern CAMUNDA_NUMBER_ATTRIBUTE =
            java.util.regex.Pattern.compile("typeRef=\"(integer|long|double)\"");
    private static final java.util.regex.Pattern CAMUNDA_NUMBER_ELEMENT =
            java.util.regex.Pattern.compile("(<(?:\\w+:)?typeRef>)\\s*(integer|long|double)\\s*(</)");
    private static final java.util.regex.Pattern EMPTY_INPUT_ENTRY = java.util.regex.Pattern.compile(
            "(<(\\w+:)?inputEntry\\b[^>]*>\\s*<(?:\\w+:)?text)(?:\\s*/>|>\\s*</(?:\\w+:)?text>)");
    private static final String DMN_NAMESPACE_PREFIX = "https://www.omg.org/spec/DMN/";
    private static final String DMN11_NAMESPACE = "http://www.omg.org/spec/DMN/20151101/dmn.xsd";
    private static final Set<String> NEEDS_VARIABLE = Set.of("decision", "inputData");

    private DmnCompatibility() {
    }

    /**
     * The model as Drools will read it, mended where the editors that saved it differ from Drools.
     *
     * @throws NotWellFormed when the text is not well-formed XML (found by the same pass that looks for what to mend)
     */
    public static byte[] normalize(byte[] dmn) {
        String text = new String(dmn, StandardCharsets.UTF_8);
        String mended = text;
        // The patterns run only where their words occur: over a large table's text they cost more than the check.
        if (text.contains("integer") || text.contains("long") || text.contains("double")) {
            mended = CAMUNDA_NUMBER_ATTRIBUTE.matcher(mended).replaceAll("typeRef=\"number\"");
            mended = CAMUNDA_NUMBER_ELEMENT.matcher(mended).replaceAll("$1number$3");
        }
        if (mayHaveEmptyText(mended)) {
            mended = EMPTY_INPUT_ENTRY.matcher(mended).replaceAll("$1>-</$2text>");
        }
        byte[] bytes = mended.equals(text) ? dmn : mended.getBytes(StandardCharsets.UTF_8);
        return addMissingVariables(bytes);
    }

    /** Whether some {@code <text>} element (any prefix) is empty: {@code <text/>} or only whitespace inside. */
    public static boolean mayHaveEmptyText(String xml) {
        for (int at = xml.indexOf("text"); at >= 0; at = xml.indexOf("text", at + 4)) {
            int start = at - 1;
            if (start >= 0 && xml.charAt(start) == ':') {
                while (start > 0 && (Character.isLetterOrDigit(xml.charAt(start - 1)) || xml.charAt(start - 1) == '_')) {
                    start--;
                }
                start--;
            }
            if (start < 0 || xml.charAt(start) != '<') {
                continue; // a closing tag, an attribute or words in a text
            }
            int next = skipWhitespace(xml, at + 4);
            if (xml.startsWith("/>", next)) {
                return true;
            }
            if (next < xml.length() && xml.charAt(next) == '>' && xml.startsWith("</", skipWhitespace(xml, next + 1))) {
                return true;
            }
        }
        return false;
    }

    private static int skipWhitespace(String text, int from) {
        int at = from;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    private static byte[] addMissingVariables(byte[] dmn) {
        List<Insertion> insertions = find(dmn);
        if (insertions.isEmpty()) {
            return dmn;
        }
        String text = new String(dmn, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        // Insert from the end so earlier positions stay valid.
        for (int i = insertions.size() - 1; i >= 0; i--) {
            Insertion insertion = insertions.get(i);
            String line = lines.get(insertion.line - 1);
            int column = Math.min(insertion.column - 1, line.length());
            String before = line.substring(0, column);
            String after = line.substring(column);
            if (before.endsWith("/>")) {
                // <inputData name="x"/> has no inside yet: open it, add the variable, close it.
                before = before.substring(0, before.length() - 2) + ">";
                after = "</" + insertion.qName + ">" + after;
            }
            lines.set(insertion.line - 1, before + insertion.xml + after);
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private record Insertion(int line, int column, String qName, String xml) {
    }

    private static List<Insertion> find(byte[] dmn) {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        List<Insertion> found = new ArrayList<>();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.newSAXParser().parse(new ByteArrayInputStream(dmn), new DefaultHandler() {
                private Locator locator;
                private final Deque<Element> open = new ArrayDeque<>();

                @Override
                public void setDocumentLocator(Locator locator) {
                    this.locator = locator;
                }

                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    Element parent = open.peek();
                    if (parent != null && isDmn(uri)) {
                        if (localName.equals("variable")) {
                            parent.hasVariable = true;
                        }
                        if (localName.equals("output") && parent.decision != null) {
                            parent.decision.outputs++;
                            parent.decision.outputType = attributes.getValue("typeRef");
                        }
                    }
                    Element element = new Element(localName, qName, attributes.getValue("name"),
                            locator.getLineNumber(), locator.getColumnNumber(), isDmn(uri));
                    element.decision = element.dmn && localName.equals("decision") ? element
                            : parent == null ? null : parent.decision;
                    open.push(element);
                }

                @Override
                public void endElement(String uri, String localName, String qName) {
                    Element element = open.pop();
                    if (element.dmn && NEEDS_VARIABLE.contains(element.localName) && !element.hasVariable
                            && element.name != null) {
                        String prefix = element.qName.contains(":")
                                ? element.qName.substring(0, element.qName.indexOf(':') + 1) : "";
                        String type = element.outputs == 1 && element.outputType != null ? element.outputType : "Any";
                        found.add(new Insertion(element.line, element.column, element.qName, "<" + prefix + "variable name=\""
                                + escape(element.name) + "\" typeRef=\"" + escape(type) + "\"/>"));
                    }
                }
            });
        } catch (org.xml.sax.SAXParseException e) {
            throw new NotWellFormed(e.getLineNumber() > 0 ? e.getLineNumber() : null, e.getMessage());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new NotWellFormed(null, e.getMessage());
        }
        found.sort((a, b) -> a.line != b.line ? Integer.compare(a.line, b.line) : Integer.compare(a.column, b.column));
        return found;
    }

    private static boolean isDmn(String uri) {
        return uri != null && (uri.startsWith(DMN_NAMESPACE_PREFIX) || uri.equals(DMN11_NAMESPACE));
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    private static final class Element {
        final String localName;
        final String qName;
        final String name;
        final int line;
        final int column;
        final boolean dmn;
        boolean hasVariable;
        Element decision;
        int outputs;
        String outputType;

        Element(String localName, String qName, String name, int line, int column, boolean dmn) {
            this.localName = localName;
            this.qName = qName;
            this.name = name;
            this.line = line;
            this.column = column;
            this.dmn = dmn;
        }
    }

    /** The model's text is not well-formed XML: where and why, as the XML parser says. */
    public static final class NotWellFormed extends RuntimeException {
        private final Integer line;

        NotWellFormed(Integer line, String message) {
            super(message);
            this.line = line;
        }

        /** The line in the mended text, which keeps the file's lines except where an empty cell spanned several. */
        public Integer line() {
            return line;
        }
    }
}
