package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code junit.xml}, read back with a real XML parser and checked against a schema of the JUnit layout
 * ({@code src/test/resources/junit/junit-subset.xsd}): counts, names, a known failure's message and body, a file that
 * could not be read, and text that would break hand-written XML.
 */
class JUnitXmlReportTest {
    static final String TIERS = """
            defaults:
              context: {now: "2026-11-22T10:00:00Z"}
              customer: {id: c-1}
            cases:
              - name: 1200 points is gold
                given: {customer: {pointsBalance: 1200}}
                expect: {loyaltyTier: {tier: gold}}
              - name: 600 points is gold
                given: {customer: {pointsBalance: 600}}
                expect: {loyaltyTier: {tier: gold}}
              - name: 150 points is bronze
                given: {customer: {pointsBalance: 150}}
                expect: {loyaltyTier: {tier: bronze}}
            """;
    static final String SEGMENTS = """
            defaults:
              context: {now: "2026-11-22T10:00:00Z"}
            cases:
              - name: a cart shopper <with> "quotes" & 'apostrophes'
                given: {customer: {id: c-2, cartItems: 1}}
                expect: {segments: [cart-shopper]}
            """;
    static final String TYPO = """
            cases:
              - name: a typo in a key
                given: {customer: {id: c-4}}
                expected: {segments: []}
            """;

    static ScenarioReport report;

    @BeforeAll
    static void run() {
        DecisionEngine engine = EmbeddedEngine.start(new FileSystemRuleSetLoader(ScenarioRunnerTest.RULES));
        report = new ScenarioRunner(engine).run("mini", List.of(new SuiteFile("tiers.yaml", TIERS),
                new SuiteFile("segments.yaml", SEGMENTS), new SuiteFile("typo.yaml", TYPO)));
    }

    @Test
    @DisplayName("junit.xml is written beside the other reports: one suite per file, one test case per case")
    void writtenAndReadBack(@TempDir Path directory) throws Exception {
        List<Path> written = ReportFiles.write(report, directory);
        assertThat(written).extracting(p -> p.getFileName().toString()).contains("junit.xml");
        String xml = Files.readString(directory.resolve(ReportFiles.JUNIT_XML));
        Document document = parse(xml);
        validate(xml);

        Element root = document.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(attributes(root, "name", "tests", "failures", "errors", "skipped"))
                .containsExactly("mini", "5", "1", "1", "0");
        List<Element> suites = children(root, "testsuite");
        assertThat(suites).extracting(s -> attributes(s, "name", "tests", "failures", "errors"))
                .containsExactly(List.of("mini/tiers.yaml", "3", "1", "0"), List.of("mini/segments.yaml", "1", "0", "0"),
                        List.of("mini/typo.yaml", "1", "0", "1"));
        assertThat(suites.get(0).getAttribute("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");

        List<Element> tiers = children(suites.get(0), "testcase");
        assertThat(tiers).extracting(c -> c.getAttribute("name")).containsExactly("tiers.yaml › 1200 points is gold",
                "tiers.yaml › 600 points is gold", "tiers.yaml › 150 points is bronze");
        assertThat(tiers).extracting(c -> c.getAttribute("classname")).containsOnly("mini.tiers_yaml");
        assertThat(tiers).allSatisfy(c -> assertThat(Double.parseDouble(c.getAttribute("time"))).isGreaterThan(0));
        assertThat(children(tiers.get(0), "failure")).isEmpty();
        assertThat(children(tiers.get(2), "failure")).isEmpty();

        Element failure = children(tiers.get(1), "failure").get(0);
        assertThat(failure.getAttribute("type")).isEqualTo("mismatch");
        assertThat(failure.getAttribute("message")).isEqualTo("loyaltyTier.tier: expected \"gold\", actual \"silver\"");
        assertThat(failure.getTextContent()).startsWith("tiers.yaml line 8, case '600 points is gold'\n")
                .contains("customer decision, request:").contains("\"pointsBalance\" : 600")
                .contains("  - loyaltyTier.tier: expected \"gold\", actual \"silver\"")
                .contains("mini.dmn: loyaltyTier row 2 (Silver: 500 points or more)");

        Element escaped = children(suites.get(1), "testcase").get(0);
        assertThat(escaped.getAttribute("name"))
                .isEqualTo("segments.yaml › a cart shopper <with> \"quotes\" & 'apostrophes'");

        Element unreadable = children(suites.get(2), "testcase").get(0);
        assertThat(unreadable.getAttribute("name")).isEqualTo("typo.yaml");
        Element error = children(unreadable, "error").get(0);
        assertThat(error.getAttribute("type")).isEqualTo("file-problem");
        assertThat(error.getAttribute("message")).isEqualTo(
                "line 4: unknown key 'expected'; expected one of [decisionService, expect, given, model, name]");
        assertThat(error.getTextContent()).startsWith("typo.yaml line 4: unknown key 'expected'");
    }

    @Test
    @DisplayName("text no XML 1.0 document can hold, markup and line breaks still give a valid file")
    void hostileText() throws Exception {
        ObjectNode given = JsonNodeFactory.instance.objectNode().put("note", "bell \u0007 and ]]> and </failure>");
        CaseResult noAnswer = new CaseResult("odd\u0001.yaml", "a case\nover two lines \uD800 <b>&amp;</b>", 3,
                CaseResult.DECISION, null, false, given, JsonNodeFactory.instance.objectNode(), null, List.of(),
                "the engine refused the request:\nfield 'x' \u0000 is wrong", List.of(), List.of(), 1_500);
        ScenarioReport run = new ScenarioReport("odd", dev.decisioning.engine.VersionNumber.of(1), "abc123def456", false, new ScenarioReport.Counts(1, 0, 1, 1),
                Instant.parse("2026-11-22T10:00:00.123Z"), 12, List.of(noAnswer),
                List.of(new SuiteProblem("broken.csv", null, "row 2 & <3> \"cells\"")), null);

        String xml = JUnitXmlReport.render(run);
        Document document = parse(xml);
        validate(xml);

        Element root = document.getDocumentElement();
        assertThat(root.getAttribute("timestamp")).isEqualTo("2026-11-22T10:00:00");
        assertThat(root.getAttribute("time")).isEqualTo("0.012");
        Element testCase = (Element) root.getElementsByTagName("testcase").item(0);
        assertThat(testCase.getAttribute("name")).isEqualTo("odd\\u0001.yaml › a case over two lines \\ud800 <b>&amp;</b>");
        assertThat(testCase.getAttribute("time")).isEqualTo("0.0015");
        Element failure = (Element) testCase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("no-answer");
        assertThat(failure.getAttribute("message"))
                .isEqualTo("no answer: the engine refused the request: field 'x' \\u0000 is wrong");
        assertThat(failure.getTextContent()).contains("bell \\u0007 and ]]> and </failure>");
        Element error = (Element) root.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).isEqualTo("row 2 & <3> \"cells\"");
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static void validate(String xml) throws Exception {
        SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try (var xsd = JUnitXmlReportTest.class.getResourceAsStream("/junit/junit-subset.xsd")) {
            schemas.newSchema(new StreamSource(xsd)).newValidator().validate(new StreamSource(new StringReader(xml)));
        }
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(tag)) {
                found.add(element);
            }
        }
        return found;
    }

    static List<String> attributes(Element element, String... names) {
        List<String> values = new ArrayList<>();
        for (String name : names) {
            values.add(element.getAttribute(name));
        }
        return values;
    }
}
