package dev.decisioning.engine.drools;

import dev.decisioning.engine.workarounds.TableIndexing;
import dev.decisioning.engine.workarounds.RepeatedEntryReuse;
import dev.decisioning.engine.workarounds.IndexedTableInvoker;
import dev.decisioning.engine.pipeline.CompiledRuleSet;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.loading.RuleSetSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.api.core.DMNRuntime;
import org.kie.dmn.api.core.event.AfterEvaluateDecisionTableEvent;
import org.kie.dmn.api.core.event.DMNRuntimeEventListener;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Indexed decision tables must answer exactly as Drools' own full scan: the same result, the same matched and selected
 * rows, the same success or failure. Random tables of every hit policy, with literals, ranges, comparisons, lists,
 * "-" and entries the index cannot read, are evaluated both ways on random inputs, including boundaries, decimals,
 * nulls and values of the wrong type.
 */
class TableIndexDifferentialTest {
    private static final String[] HIT_POLICIES = {
            "UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "COLLECT SUM", "COLLECT COUNT", "COLLECT MIN", "COLLECT MAX",
            "RULE ORDER", "OUTPUT ORDER"};
    private static final String[] LABELS = {"\"low\"", "\"mid\"", "\"high\"", "\"top\""};
    private static final int TABLES = 120;
    private static final int INPUTS_PER_TABLE = 60;
    private static final int BKM_TABLES = 33;
    private static final int CONTEXT_TABLES = 33;

    @TestFactory
    Stream<DynamicTest> indexedTablesAnswerAsDroolsDoes() {
        return IntStream.range(0, TABLES).mapToObj(t -> DynamicTest.dynamicTest("random table " + t, () -> {
            Random random = new Random(7919L * t + 13);
            Table table = Table.random(random, HIT_POLICIES[t % HIT_POLICIES.length]);
            Compiled indexed = Compiled.of(table.xml(), true);
            Compiled scanned = Compiled.of(table.xml(), false);
            assertThat(indexed.decisionTableIndexed()).as("the decision's table is indexed%n%s", table.xml()).isTrue();
            assertThat(scanned.decisionTableIndexed()).isFalse();
            answersAsDroolsDoes(table, indexed, scanned, random, t);
        }));
    }

    @TestFactory
    Stream<DynamicTest> tablesInBusinessKnowledgeModelsAnswerAsDroolsDoes() {
        return nested("random function table ", BKM_TABLES, 104729L, Table::inKnowledgeModel,
                Compiled::knowledgeTablesIndexed);
    }

    @TestFactory
    Stream<DynamicTest> tablesInBoxedContextsAnswerAsDroolsDoes() {
        return nested("random context table ", CONTEXT_TABLES, 15485863L, Table::inBoxedContext,
                Compiled::contextTableIndexed);
    }

    /** Random tables placed inside another expression: indexed there (and only when indexing is on), same answers. */
    private static Stream<DynamicTest> nested(String name, int count, long seed, UnaryOperator<Table> placed,
                                              IndexedCheck indexedThere) {
        return IntStream.range(0, count).mapToObj(t -> DynamicTest.dynamicTest(name + t, () -> {
            Random random = new Random(seed * t + 7);
            Table table = placed.apply(Table.random(random, HIT_POLICIES[t % HIT_POLICIES.length]));
            Compiled indexed = Compiled.of(table.xml(), true);
            Compiled scanned = Compiled.of(table.xml(), false);
            assertThat(indexedThere.test(indexed)).as("the nested table is indexed%n%s", table.xml()).isTrue();
            assertThat(indexedThere.test(scanned)).isFalse();
            answersAsDroolsDoes(table, indexed, scanned, random, t);
        }));
    }

    private interface IndexedCheck {
        boolean test(Compiled compiled) throws ReflectiveOperationException;
    }

    private static void answersAsDroolsDoes(Table table, Compiled indexed, Compiled scanned, Random random, int t) {
        for (int i = 0; i < INPUTS_PER_TABLE; i++) {
            Map<String, Object> inputs = table.randomInputs(random);
            Outcome expected = scanned.evaluate(inputs);
            Outcome actual = indexed.evaluate(inputs);
            assertThat(actual).as("table %d (%s), inputs %s%n%s", t, table.hitPolicy, inputs, table.xml())
                    .isEqualTo(expected);
        }
    }

    @Test
    void aTableOfTenThousandRowsAnswersAsDroolsDoes() {
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 10_000; r++) {
            rows.append(Table.row(List.of("[" + (r / 5 * 10) + ".." + (r / 5 * 10 + 10) + ")", "\"c" + (r % 5) + "\""),
                    String.valueOf(r)));
        }
        String xml = Table.model("UNIQUE", List.of("number", "string"), "number", null, rows.toString());
        Compiled indexed = Compiled.of(xml, true);
        Compiled scanned = Compiled.of(xml, false);
        for (Object score : new Object[] {new BigDecimal("0"), new BigDecimal("10"), new BigDecimal("9.99"),
                new BigDecimal("19995"), new BigDecimal("19999.5"), new BigDecimal("20000"), new BigDecimal("-1"), null}) {
            for (String category : new String[] {"c0", "c3", "c9", null}) {
                Map<String, Object> inputs = new LinkedHashMap<>();
                inputs.put("in0", score);
                inputs.put("in1", category);
                assertThat(indexed.evaluate(inputs)).as("inputs %s", inputs).isEqualTo(scanned.evaluate(inputs));
            }
        }
    }

    @Test
    void repeatedEntriesReusedAcrossRowsAndColumnTypesDecideAsDroolsCompilingEachOne() {
        List<List<String>> cells = List.of(
                List.of("10", "10", "-"),
                List.of("10", "\"10\"", "[1..5]"),
                List.of("[1..5]", "-", "10"),
                List.of("-", "\"a\", \"10\"", "[1..5]"),
                List.of("[1..5]", "\"10\"", "10"));
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            rows.append(Table.row(cells.get(r), "\"row" + r + "\""));
        }
        String xml = Table.model("RULE ORDER", List.of("number", "string", "number"), "string", null, rows.toString());
        Compiled reused = Compiled.of(xml, true);
        Compiled eachOnce = Compiled.of(xml, false);
        for (Object first : new Object[] {new BigDecimal("10"), new BigDecimal("3"), new BigDecimal("5.0"), "10", null}) {
            for (Object second : new Object[] {"10", "a", new BigDecimal("10"), null}) {
                for (Object third : new Object[] {new BigDecimal("10"), new BigDecimal("1"), null}) {
                    Map<String, Object> inputs = new LinkedHashMap<>();
                    inputs.put("in0", first);
                    inputs.put("in1", second);
                    inputs.put("in2", third);
                    assertThat(reused.evaluate(inputs)).as("inputs %s", inputs).isEqualTo(eachOnce.evaluate(inputs));
                }
            }
        }
    }

    @Test
    void repeatedEntriesAreCompiledOnceOnThisDroolsVersion() {
        String rows = Table.row(List.of("[1..5]", "\"a\""), "\"row0\"") + Table.row(List.of("[1..5]", "\"b\""), "\"row1\"")
                + Table.row(List.of(">= 6", "\"a\""), "\"row2\"");
        String xml = Table.model("FIRST", List.of("number", "string"), "string", null, rows);
        Map<String, byte[]> files = Map.of("table.dmn", xml.getBytes(StandardCharsets.UTF_8));

        long before = RepeatedEntryReuse.reusedEntries();
        assertThat(new RuleSetCompiler(true).compile(RuleSetSource.of("reuse", files)).serves()).isTrue();
        long reused = RepeatedEntryReuse.reusedEntries() - before;
        // Drools must still take its DMN compiler from the module's configuration, and that compiler must still reach
        // the parser the way RepeatedEntryReuse replaces: otherwise large tables compile several times slower.
        assertThat(reused).as("entries reused: [1..5] once, \"a\" once").isEqualTo(2);

        before = RepeatedEntryReuse.reusedEntries();
        assertThat(new RuleSetCompiler(false).compile(RuleSetSource.of("plain", files)).serves()).isTrue();
        assertThat(RepeatedEntryReuse.reusedEntries() - before).as("Drools' own compiler reuses nothing").isZero();
    }

    @Test
    void aRepeatedEntryThatDoesNotCompileIsReportedAsDroolsReportsIt() {
        String rows = Table.row(List.of("[1..", "\"a\""), "\"row0\"") + Table.row(List.of("[1..", "\"b\""), "\"row1\"")
                + Table.row(List.of("[1..5]", "\"a\""), "\"row2\"");
        String xml = Table.model("FIRST", List.of("number", "string"), "string", null, rows);
        List<DecisionMessage> reused = new RuleSetCompiler(true).compile(RuleSetSource.of("differential",
                Map.of("table.dmn", xml.getBytes(StandardCharsets.UTF_8)))).summary().messages();
        List<DecisionMessage> eachOnce = new RuleSetCompiler(false).compile(RuleSetSource.of("differential",
                Map.of("table.dmn", xml.getBytes(StandardCharsets.UTF_8)))).summary().messages();

        // Never reused, so each row's copy goes through the parser and Drools says what it says for it.
        assertThat(reused).isNotEmpty().isEqualTo(eachOnce);
        assertThat(reused).anySatisfy(m -> assertThat(m.text()).contains("'[1..'").contains("rule #1"));
    }

    /** What a caller can see of one evaluation. */
    record Outcome(String status, String result, List<String> matched, List<String> selected, boolean errors) {
    }

    private record Compiled(DMNRuntime runtime, DMNModel model, List<AfterEvaluateDecisionTableEvent> events) {
        static Compiled of(String xml, boolean indexTables) {
            CompiledRuleSet ruleSet = new RuleSetCompiler(indexTables).compile(RuleSetSource.of("differential",
                    Map.of("table.dmn", xml.getBytes(StandardCharsets.UTF_8))));
            assertThat(ruleSet.serves()).as("compiles: %s%n%s", ruleSet.summary().messages(), xml).isTrue();
            List<AfterEvaluateDecisionTableEvent> events = new ArrayList<>();
            ruleSet.dmnRuntime().addListener(new DMNRuntimeEventListener() {
                @Override
                public void afterEvaluateDecisionTable(AfterEvaluateDecisionTableEvent event) {
                    events.add(event);
                }
            });
            return new Compiled(ruleSet.dmnRuntime(), ruleSet.models().values().iterator().next(), events);
        }

        /** Whether the table that is the decision's whole logic runs through the index. */
        boolean decisionTableIndexed() throws ReflectiveOperationException {
            var decision = (org.kie.dmn.core.ast.DecisionNodeImpl) model.getDecisionByName("out");
            return decision.getEvaluator() instanceof org.kie.dmn.core.ast.DMNDTExpressionEvaluator table
                    && TableIndexing.invokerOf(table) instanceof IndexedTableInvoker;
        }

        /** Whether every business knowledge model's table runs through the index. */
        boolean knowledgeTablesIndexed() throws ReflectiveOperationException {
            boolean any = false;
            for (var knowledge : model.getBusinessKnowledgeModels()) {
                var function = (org.kie.dmn.core.ast.DMNFunctionDefinitionEvaluator)
                        ((org.kie.dmn.core.ast.BusinessKnowledgeModelNodeImpl) knowledge).getEvaluator();
                var table = (org.kie.dmn.core.ast.DMNDTExpressionEvaluator) function.getEvaluator();
                if (!(TableIndexing.invokerOf(table) instanceof IndexedTableInvoker)) {
                    return false;
                }
                any = true;
            }
            return any;
        }

        /** Whether the table in the decision's boxed context runs through the index. */
        boolean contextTableIndexed() throws ReflectiveOperationException {
            var decision = (org.kie.dmn.core.ast.DecisionNodeImpl) model.getDecisionByName("out");
            var context = (org.kie.dmn.core.ast.DMNContextEvaluator) decision.getEvaluator();
            for (var entry : context.getEntries()) {
                if (entry.getEvaluator() instanceof org.kie.dmn.core.ast.DMNDTExpressionEvaluator table) {
                    return TableIndexing.invokerOf(table) instanceof IndexedTableInvoker;
                }
            }
            return false;
        }

        Outcome evaluate(Map<String, Object> inputs) {
            events.clear();
            DMNContext context = runtime.newContext();
            inputs.forEach(context::set);
            DMNResult result = runtime.evaluateAll(model, context);
            DMNDecisionResult decision = result.getDecisionResultByName("out");
            List<String> matched = new ArrayList<>();
            List<String> selected = new ArrayList<>();
            for (AfterEvaluateDecisionTableEvent event : events) {
                matched.add(String.valueOf(event.getMatches()));
                selected.add(String.valueOf(event.getSelectedIds()));
            }
            return new Outcome(String.valueOf(decision.getEvaluationStatus()), String.valueOf(decision.getResult()),
                    matched, selected, result.hasErrors());
        }
    }

    private record Table(String hitPolicy, List<String> kinds, String xml) {
        static Table random(Random random, String hitPolicy) {
            int columns = 1 + random.nextInt(4);
            List<String> kinds = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                kinds.add(new String[] {"number", "number", "string", "boolean"}[random.nextInt(4)]);
            }
            boolean labelled = hitPolicy.equals("PRIORITY") || hitPolicy.equals("OUTPUT ORDER");
            boolean numeric = hitPolicy.startsWith("COLLECT ");
            int rowCount = 1 + random.nextInt(random.nextInt(4) == 0 ? 200 : 30);
            StringBuilder rows = new StringBuilder();
            for (int r = 0; r < rowCount; r++) {
                List<String> cells = new ArrayList<>();
                for (String kind : kinds) {
                    cells.add(entry(random, kind));
                }
                rows.append(row(cells, labelled ? LABELS[random.nextInt(LABELS.length)]
                        : numeric ? String.valueOf(random.nextInt(9)) : "\"row" + r + "\""));
            }
            String outputType = numeric ? "number" : "string";
            String outputValues = labelled ? String.join(",", LABELS) : null;
            return new Table(hitPolicy, kinds, model(hitPolicy, kinds, outputType, outputValues, rows.toString()));
        }

        /**
         * The same table as the body of a business knowledge model {@code lookup(p0, p1, ...)}, which the decision
         * invokes with its inputs.
         */
        Table inKnowledgeModel() {
            int start = xml.indexOf("<decisionTable");
            int end = xml.indexOf("</decisionTable>") + "</decisionTable>".length();
            String tableXml = xml.substring(start, end).replaceAll("<text>in(\\d+)</text>", "<text>p$1</text>");
            StringBuilder parameters = new StringBuilder();
            StringBuilder arguments = new StringBuilder();
            for (int c = 0; c < kinds.size(); c++) {
                parameters.append("<formalParameter name=\"p").append(c).append("\" typeRef=\"Any\"/>");
                arguments.append(c == 0 ? "" : ", ").append("in").append(c);
            }
            String knowledge = "<businessKnowledgeModel id=\"_lookup\" name=\"lookup\"><variable name=\"lookup\"/>"
                    + "<encapsulatedLogic>" + parameters + tableXml + "</encapsulatedLogic></businessKnowledgeModel>\n";
            String decision = "<knowledgeRequirement><requiredKnowledge href=\"#_lookup\"/></knowledgeRequirement>\n"
                    + "<literalExpression><text>lookup(" + arguments + ")</text></literalExpression></decision>";
            String withCall = xml.substring(0, start) + decision + xml.substring(end + "</decision>".length());
            int decisionStart = withCall.indexOf("<decision ");
            return new Table(hitPolicy, kinds,
                    withCall.substring(0, decisionStart) + knowledge + withCall.substring(decisionStart));
        }

        /**
         * The same table as an entry of the decision's boxed context: entries {@code v0, v1, ...} take the inputs, the
         * table reads those entries, and the context's result is the table's.
         */
        Table inBoxedContext() {
            int start = xml.indexOf("<decisionTable");
            int end = xml.indexOf("</decisionTable>") + "</decisionTable>".length();
            String tableXml = xml.substring(start, end).replaceAll("<text>in(\\d+)</text>", "<text>v$1</text>");
            StringBuilder context = new StringBuilder("<context>");
            for (int c = 0; c < kinds.size(); c++) {
                context.append("<contextEntry><variable name=\"v").append(c).append("\"/><literalExpression><text>in")
                        .append(c).append("</text></literalExpression></contextEntry>");
            }
            context.append("<contextEntry><variable name=\"lookedUp\"/>").append(tableXml).append("</contextEntry>")
                    .append("<contextEntry><literalExpression><text>lookedUp</text></literalExpression></contextEntry>")
                    .append("</context>");
            return new Table(hitPolicy, kinds, xml.substring(0, start) + context + xml.substring(end));
        }

        static String row(List<String> cells, String output) {
            StringBuilder row = new StringBuilder("<rule>");
            for (String cell : cells) {
                row.append("<inputEntry><text>").append(escape(cell)).append("</text></inputEntry>");
            }
            return row.append("<outputEntry><text>").append(escape(output)).append("</text></outputEntry></rule>\n").toString();
        }

        static String model(String hitPolicy, List<String> kinds, String outputType, String outputValues, String rows) {
            String[] policy = hitPolicy.startsWith("COLLECT ") ? hitPolicy.split(" ") : new String[] {hitPolicy};
            StringBuilder xml = new StringBuilder("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="_d" name="differential"
                                 namespace="https://decisioning.dev/test/differential">
                    """);
            for (int c = 0; c < kinds.size(); c++) {
                xml.append("<inputData id=\"_in").append(c).append("\" name=\"in").append(c)
                        .append("\"><variable name=\"in").append(c).append("\" typeRef=\"Any\"/></inputData>\n");
            }
            xml.append("<decision id=\"_out\" name=\"out\"><variable name=\"out\" typeRef=\"Any\"/>\n");
            for (int c = 0; c < kinds.size(); c++) {
                xml.append("<informationRequirement><requiredInput href=\"#_in").append(c).append("\"/></informationRequirement>\n");
            }
            xml.append("<decisionTable hitPolicy=\"").append(policy[0]).append('"');
            if (policy.length > 1) {
                xml.append(" aggregation=\"").append(policy[1]).append('"');
            }
            xml.append(">\n");
            for (int c = 0; c < kinds.size(); c++) {
                xml.append("<input><inputExpression typeRef=\"").append(kinds.get(c)).append("\"><text>in").append(c)
                        .append("</text></inputExpression></input>\n");
            }
            xml.append("<output typeRef=\"").append(outputType).append('"').append(outputValues == null ? "/>"
                    : "><outputValues><text>" + escape(outputValues) + "</text></outputValues></output>").append('\n');
            return xml.append(rows).append("</decisionTable></decision></definitions>\n").toString();
        }

        private static String entry(Random random, String kind) {
            if (random.nextInt(3) == 0) {
                return "-";
            }
            return switch (kind) {
                case "number" -> numberEntry(random);
                case "string" -> switch (random.nextInt(5)) {
                    case 0 -> "\"a\",\"c\"";
                    case 1 -> "not(\"b\")";
                    default -> "\"" + (char) ('a' + random.nextInt(4)) + "\"";
                };
                default -> random.nextInt(5) == 0 ? "true,false" : String.valueOf(random.nextBoolean());
            };
        }

        private static String numberEntry(Random random) {
            int a = random.nextInt(20);
            int b = a + random.nextInt(8);
            return switch (random.nextInt(10)) {
                case 0 -> String.valueOf(a);
                case 1 -> a + ".50";
                case 2 -> "< " + a;
                case 3 -> "<=" + a;
                case 4 -> "> " + a;
                case 5 -> ">= " + a;
                case 6 -> new String[] {"[", "(", "]"}[random.nextInt(3)] + a + ".." + b + new String[] {"]", ")", "["}[random.nextInt(3)];
                case 7 -> a + ", " + b + ", [" + (b + 2) + ".." + (b + 4) + "]";
                case 8 -> "not(" + a + ")";
                default -> "> " + a + " - 1";
            };
        }

        Map<String, Object> randomInputs(Random random) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            for (int c = 0; c < kinds.size(); c++) {
                Object value;
                int pick = random.nextInt(12);
                if (pick == 0) {
                    value = null;
                } else if (pick == 1) {
                    value = kinds.get(c).equals("string") ? new BigDecimal(3) : "x"; // the wrong type
                } else {
                    value = switch (kinds.get(c)) {
                        case "number" -> switch (random.nextInt(4)) {
                            case 0 -> new BigDecimal(random.nextInt(30) - 2).add(new BigDecimal("0.5"));
                            case 1 -> new BigDecimal(random.nextInt(28)).setScale(2);
                            default -> new BigDecimal(random.nextInt(30) - 2);
                        };
                        case "string" -> String.valueOf((char) ('a' + random.nextInt(5)));
                        default -> random.nextBoolean();
                    };
                }
                inputs.put("in" + c, value);
            }
            return inputs;
        }

        private static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
