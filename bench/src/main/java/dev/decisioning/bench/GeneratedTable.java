package dev.decisioning.bench;

import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.runtime.KieRuntimeFactory;
import org.kie.dmn.api.core.DMNRuntime;

/**
 * A DMN model with one decision table of N rows, of the common shape: a numeric range and a category per row.
 * Every input lands on exactly one row (UNIQUE), so the table is valid at every size.
 */
final class GeneratedTable {
    private GeneratedTable() {
    }

    static String model(int rows) {
        StringBuilder xml = new StringBuilder(rows * 300 + 2000);
        xml.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="_generated" name="generated-table"
                             namespace="https://decisioning.dev/bench/generated-table">
                  <inputData id="_score" name="score"><variable id="_score_v" name="score" typeRef="number"/></inputData>
                  <inputData id="_category" name="category"><variable id="_category_v" name="category" typeRef="string"/></inputData>
                  <decision id="_band" name="band">
                    <variable id="_band_v" name="band" typeRef="number"/>
                    <informationRequirement id="_r1"><requiredInput href="#_score"/></informationRequirement>
                    <informationRequirement id="_r2"><requiredInput href="#_category"/></informationRequirement>
                    <decisionTable id="_table" hitPolicy="UNIQUE">
                      <input id="_i1"><inputExpression id="_e1" typeRef="number"><text>score</text></inputExpression></input>
                      <input id="_i2"><inputExpression id="_e2" typeRef="string"><text>category</text></inputExpression></input>
                      <output id="_o1" name="band" typeRef="number"/>
                """);
        for (int r = 0; r < rows; r++) {
            int band = r / 5;
            int category = r % 5;
            xml.append("      <rule id=\"_row").append(r).append("\"><inputEntry id=\"_a").append(r).append("\"><text>[")
                    .append(band * 10).append("..").append(band * 10 + 10).append(")</text></inputEntry><inputEntry id=\"_b")
                    .append(r).append("\"><text>\"c").append(category).append("\"</text></inputEntry><outputEntry id=\"_c")
                    .append(r).append("\"><text>").append(r).append("</text></outputEntry></rule>\n");
        }
        xml.append("    </decisionTable>\n  </decision>\n</definitions>\n");
        return xml.toString();
    }

    /**
     * The same table as the body of a business knowledge model {@code lookup(s, c)}, which the decision {@code band}
     * invokes with the inputs: how business users package a table to reuse it.
     */
    static String inKnowledgeModel(int rows) {
        String model = model(rows);
        int tableStart = model.indexOf("    <decisionTable");
        int tableEnd = model.indexOf("</decisionTable>") + "</decisionTable>".length();
        String table = model.substring(tableStart, tableEnd)
                .replace("<text>score</text>", "<text>s</text>").replace("<text>category</text>", "<text>c</text>");
        int decisionStart = model.indexOf("  <decision id=");
        return model.substring(0, decisionStart)
                + "  <businessKnowledgeModel id=\"_lookup\" name=\"lookup\">\n"
                + "    <variable id=\"_lookup_v\" name=\"lookup\"/>\n"
                + "    <encapsulatedLogic id=\"_lookup_f\">\n"
                + "      <formalParameter id=\"_s\" name=\"s\" typeRef=\"number\"/>\n"
                + "      <formalParameter id=\"_c\" name=\"c\" typeRef=\"string\"/>\n"
                + table + "\n    </encapsulatedLogic>\n  </businessKnowledgeModel>\n"
                + model.substring(decisionStart, tableStart)
                + "    <knowledgeRequirement id=\"_k1\"><requiredKnowledge href=\"#_lookup\"/></knowledgeRequirement>\n"
                + "    <literalExpression id=\"_call\"><text>lookup(score, category)</text></literalExpression>\n"
                + "  </decision>\n</definitions>\n";
    }

    /**
     * The same table as an entry of a boxed context that is the decision's logic, the context's result being that
     * entry: how modelers keep a table beside the expressions that use its answer.
     */
    static String inBoxedContext(int rows) {
        String model = model(rows);
        int tableStart = model.indexOf("    <decisionTable");
        int tableEnd = model.indexOf("</decisionTable>") + "</decisionTable>".length();
        return model.substring(0, tableStart)
                + "    <context id=\"_context\">\n      <contextEntry><variable id=\"_row_band_v\" name=\"row band\"/>\n"
                + model.substring(tableStart, tableEnd) + "</contextEntry>\n"
                + "      <contextEntry><literalExpression id=\"_result\"><text>row band</text></literalExpression></contextEntry>\n"
                + "    </context>" + model.substring(tableEnd);
    }

    /** The model straight through the Drools API, with none of our layer: the floor the engine is compared with. */
    static DMNRuntime rawRuntime(String fileName, String model) {
        KieServices services = KieServices.get();
        KieBuilder builder = services.newKieBuilder(
                services.newKieFileSystem().write("src/main/resources/raw/" + fileName, model)).buildAll();
        return KieRuntimeFactory.of(services.newKieContainer(builder.getKieModule().getReleaseId()).getKieBase())
                .get(DMNRuntime.class);
    }

    /** A score that falls in the middle of the table, so a row scan does half the work on average. */
    static int middleScore(int rows) {
        return (rows / 5 / 2) * 10 + 5;
    }
}
