package dev.decisioning.engine.scenarios;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run as JUnit XML, the Ant/Surefire layout that CI servers read (Jenkins, GitLab, GitHub test reporters):
 * <ul>
 *   <li>one {@code <testsuite>} per scenario file, named {@code <ruleset>/<file>};</li>
 *   <li>one {@code <testcase>} per case, named {@code <file> › <case>} as every runner names it, with the class name
 *       {@code <ruleset>.<file>} (dots in the file name made underscores, so that tools splitting a class name at its
 *       last dot keep the file whole);</li>
 *   <li>a failed case holds a {@code <failure>}: its mismatches (expected and actual) or why there was no answer as
 *       the message, and the whole failure text (file and line, the request sent, every mismatch, the explanation)
 *       as the body;</li>
 *   <li>a file that could not be read or run is one test case of its own, named after the file, with an
 *       {@code <error>}.</li>
 * </ul>
 * Counts agree with the report's: failures are its failed cases, errors its problems.
 */
public final class JUnitXmlReport {
    /** The failure type of a case whose answer differs from what it expects. */
    public static final String MISMATCH = "mismatch";
    /** The failure type of a case that got no answer (a request the engine refused). */
    public static final String NO_ANSWER = "no-answer";
    /** The error type of a file that could not be read or run. */
    public static final String FILE_PROBLEM = "file-problem";

    /** Ant's schema wants a local date and time; it is UTC here. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private JUnitXmlReport() {
    }

    private record Suite(String file, List<CaseResult> cases, List<SuiteProblem> problems) {
        long micros() {
            return cases.stream().mapToLong(CaseResult::durationMicros).sum();
        }

        long failures() {
            return cases.stream().filter(c -> !c.passed()).count();
        }
    }

    /** The report as a JUnit XML document, UTF-8. */
    public static String render(ScenarioReport report) {
        StringWriter text = new StringWriter(8_192);
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(text);
            write(report, xml);
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static void write(ScenarioReport report, XMLStreamWriter xml) throws XMLStreamException {
        Map<String, Suite> suites = new LinkedHashMap<>();
        for (CaseResult result : report.cases()) {
            suiteOf(suites, result.file()).cases().add(result);
        }
        for (SuiteProblem problem : report.problems()) {
            suiteOf(suites, problem.file()).problems().add(problem);
        }
        String timestamp = report.startedAt() == null ? null
                : TIMESTAMP.format(LocalDateTime.ofInstant(report.startedAt(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));

        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuites");
        attribute(xml, "name", report.ruleSet());
        attribute(xml, "tests", report.counts().cases() + report.counts().problems());
        attribute(xml, "failures", report.counts().failed());
        attribute(xml, "errors", report.counts().problems());
        attribute(xml, "skipped", 0);
        attribute(xml, "time", seconds(report.durationMillis() * 1_000));
        if (timestamp != null) {
            attribute(xml, "timestamp", timestamp);
        }
        for (Suite suite : suites.values()) {
            writeSuite(report, suite, timestamp, xml);
        }
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
    }

    private static Suite suiteOf(Map<String, Suite> suites, String file) {
        return suites.computeIfAbsent(file == null ? "(unknown file)" : file,
                f -> new Suite(f, new ArrayList<>(), new ArrayList<>()));
    }

    private static void writeSuite(ScenarioReport report, Suite suite, String timestamp, XMLStreamWriter xml)
            throws XMLStreamException {
        String className = report.ruleSet() + "." + suite.file().replace('.', '_');
        indent(xml, 1);
        xml.writeStartElement("testsuite");
        attribute(xml, "name", report.ruleSet() + "/" + suite.file());
        attribute(xml, "tests", suite.cases().size() + suite.problems().size());
        attribute(xml, "failures", suite.failures());
        attribute(xml, "errors", suite.problems().size());
        attribute(xml, "skipped", 0);
        attribute(xml, "time", seconds(suite.micros()));
        if (timestamp != null) {
            attribute(xml, "timestamp", timestamp);
        }
        indent(xml, 2);
        xml.writeStartElement("properties");
        property(xml, "ruleset", report.ruleSet());
        property(xml, "version", report.version() == null ? "" : report.version().toString());
        property(xml, "hash", report.hash());
        property(xml, "file", suite.file());
        indent(xml, 2);
        xml.writeEndElement();

        for (CaseResult result : suite.cases()) {
            indent(xml, 2);
            if (result.passed()) {
                xml.writeEmptyElement("testcase");
            } else {
                xml.writeStartElement("testcase");
            }
            attribute(xml, "classname", className);
            attribute(xml, "name", ScenarioText.title(result));
            attribute(xml, "time", seconds(result.durationMicros()));
            if (!result.passed()) {
                indent(xml, 3);
                xml.writeStartElement("failure");
                attribute(xml, "message", failureMessage(result));
                attribute(xml, "type", result.error() != null ? NO_ANSWER : MISMATCH);
                text(xml, ScenarioText.failure(result));
                xml.writeEndElement();
                indent(xml, 2);
                xml.writeEndElement();
            }
        }
        for (SuiteProblem problem : suite.problems()) {
            indent(xml, 2);
            xml.writeStartElement("testcase");
            attribute(xml, "classname", className);
            attribute(xml, "name", suite.file());
            attribute(xml, "time", "0");
            indent(xml, 3);
            xml.writeStartElement("error");
            attribute(xml, "message", (problem.line() == null ? "" : "line " + problem.line() + ": ") + problem.problem());
            attribute(xml, "type", FILE_PROBLEM);
            text(xml, problem + "\nThe file was not run; the other files were.\n");
            xml.writeEndElement();
            indent(xml, 2);
            xml.writeEndElement();
        }
        indent(xml, 1);
        xml.writeEndElement();
    }

    /** One line: each mismatch as {@code path: expected X, actual Y}, or why there was no answer. */
    static String failureMessage(CaseResult result) {
        if (result.error() != null) {
            return "no answer: " + result.error();
        }
        if (result.mismatches().isEmpty()) {
            return "failed";
        }
        return result.mismatches().stream().map(Mismatch::toString).collect(Collectors.joining("; "));
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        indent(xml, 3);
        xml.writeEmptyElement("property");
        attribute(xml, "name", name);
        attribute(xml, "value", value);
    }

    private static void attribute(XMLStreamWriter xml, String name, Object value) throws XMLStreamException {
        // An attribute is one line: a parser would turn its line breaks into spaces anyway.
        xml.writeAttribute(name, legal(String.valueOf(value)).replaceAll("\\s*\\R\\s*", " ").strip());
    }

    private static void text(XMLStreamWriter xml, String text) throws XMLStreamException {
        xml.writeCharacters(legal(text));
    }

    private static void indent(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }

    /** Seconds with up to microseconds, as Surefire writes them: {@code 0.000153}, {@code 1.25}. */
    static String seconds(long micros) {
        return BigDecimal.valueOf(Math.max(0, micros), 6).stripTrailingZeros().toPlainString();
    }

    /**
     * The text with every character XML 1.0 cannot hold (control characters, lone surrogates) written as
     * {@code \\uXXXX}: the stream writer escapes markup, not these, and one of them makes the whole file unreadable.
     */
    static String legal(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int length = Character.charCount(c);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (ok) {
                    out.appendCodePoint(c);
                } else {
                    out.append(String.format("\\u%04x", c));
                }
            }
            i += length;
        }
        return out == null ? text : out.toString();
    }
}
