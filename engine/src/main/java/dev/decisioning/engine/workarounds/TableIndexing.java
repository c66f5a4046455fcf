package dev.decisioning.engine.workarounds;

import dev.decisioning.engine.tableindex.InputEntry;
import dev.decisioning.engine.tableindex.TableIndex;

import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.ast.BusinessKnowledgeModelNode;
import org.kie.dmn.api.core.ast.DecisionNode;
import org.kie.dmn.core.ast.BusinessKnowledgeModelNodeImpl;
import org.kie.dmn.core.ast.DMNContextEvaluator;
import org.kie.dmn.core.ast.DMNDTExpressionEvaluator;
import org.kie.dmn.core.ast.DMNFunctionDefinitionEvaluator;
import org.kie.dmn.core.ast.DecisionNodeImpl;
import org.kie.dmn.feel.FEEL;
import org.kie.dmn.feel.runtime.decisiontables.DTDecisionRule;
import org.kie.dmn.feel.runtime.decisiontables.DTInputClause;
import org.kie.dmn.feel.runtime.decisiontables.DecisionTableImpl;
import org.kie.dmn.feel.runtime.functions.DTInvokerFunction;
import org.kie.dmn.model.api.Context;
import org.kie.dmn.model.api.ContextEntry;
import org.kie.dmn.model.api.DecisionRule;
import org.kie.dmn.model.api.DecisionTable;
import org.kie.dmn.model.api.FunctionDefinition;
import org.kie.dmn.model.api.UnaryTests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Puts {@link IndexedTableInvoker} in place of Drools' own invoker for every decision table in a decision's logic or a
 * business knowledge model's body, tables in boxed contexts and function definitions included, once per compiled
 * model. Drools keeps these pieces private, so they are reached by reflection; if a Drools upgrade moves them, tables
 * simply stay on Drools' full scan (logged once per table), answers unchanged.
 */
public final class TableIndexing {
    private static final Logger LOG = LoggerFactory.getLogger(TableIndexing.class);

    private TableIndexing() {
    }

    /** Tables switched over in this model. */
    public static int install(DMNModel model) {
        int installed = 0;
        for (DecisionNode decision : model.getDecisions()) {
            if (decision instanceof DecisionNodeImpl node) {
                installed += installWithin(decision.getName(), node.getEvaluator(), decision.getDecision().getExpression());
            }
        }
        for (BusinessKnowledgeModelNode knowledge : model.getBusinessKnowledgeModels()) {
            // A business knowledge model is a function; its body is invoked with the function's arguments.
            if (knowledge instanceof BusinessKnowledgeModelNodeImpl node && knowledge.getBusinessKnowledModel() != null) {
                installed += installWithin(knowledge.getName(), node.getEvaluator(),
                        knowledge.getBusinessKnowledModel().getEncapsulatedLogic());
            }
        }
        return installed;
    }

    /**
     * Tables switched over in one expression: a decision table itself, or any table in a boxed context's entries or
     * a function definition's body, however deeply nested; Drools compiled each of these to an evaluator that holds
     * the evaluators of its parts, in the same shape as the model.
     */
    private static int installWithin(String owner, Object evaluator, Object expression) {
        if (evaluator instanceof DMNDTExpressionEvaluator table && expression instanceof DecisionTable source) {
            return install(owner, table, source) ? 1 : 0;
        }
        if (evaluator instanceof DMNFunctionDefinitionEvaluator function && expression instanceof FunctionDefinition body) {
            return installWithin(owner, function.getEvaluator(), body.getExpression());
        }
        int installed = 0;
        if (evaluator instanceof DMNContextEvaluator context && expression instanceof Context) {
            for (DMNContextEvaluator.ContextEntryDef entry : context.getEntries()) {
                if (entry.getContextEntry() != null) {
                    installed += installWithin(owner + " › " + entry.getName(), entry.getEvaluator(),
                            entry.getContextEntry().getExpression());
                }
            }
        }
        return installed;
    }

    /**
     * Every decision table of a model, in decisions' logic and business knowledge models' bodies, nested ones
     * included, with the name of the element it belongs to (see {@link #tablesWithin}).
     */
    public static void tablesOf(DMNModel model, BiConsumer<String, DecisionTable> found) {
        for (DecisionNode decision : model.getDecisions()) {
            tablesWithin(decision.getName(), decision.getDecision().getExpression(), found);
        }
        for (BusinessKnowledgeModelNode knowledge : model.getBusinessKnowledgeModels()) {
            if (knowledge.getBusinessKnowledModel() != null) {
                tablesWithin(knowledge.getName(), knowledge.getBusinessKnowledModel().getEncapsulatedLogic(), found);
            }
        }
    }

    /**
     * Every decision table in an expression with the name of the element it belongs to: the expression's own owner,
     * or for a table in a boxed context the entry's variable (the result entry, which has none, keeps the owner's).
     */
    private static void tablesWithin(String owner, Object expression, BiConsumer<String, DecisionTable> found) {
        if (expression instanceof DecisionTable table) {
            found.accept(owner, table);
        } else if (expression instanceof FunctionDefinition function) {
            tablesWithin(owner, function.getExpression(), found);
        } else if (expression instanceof Context context) {
            for (ContextEntry entry : context.getContextEntry()) {
                tablesWithin(entry.getVariable() == null ? owner : entry.getVariable().getName(), entry.getExpression(),
                        found);
            }
        }
    }

    /** The invoker Drools' evaluator runs for its table (ours once installed). */
    public static DTInvokerFunction invokerOf(DMNDTExpressionEvaluator evaluator) throws ReflectiveOperationException {
        return (DTInvokerFunction) field(DMNDTExpressionEvaluator.class, "dt").get(evaluator);
    }

    private static boolean install(String owner, DMNDTExpressionEvaluator evaluator, DecisionTable source) {
        try {
            DTInvokerFunction invoker = invokerOf(evaluator);
            if (invoker instanceof IndexedTableInvoker) {
                return false;
            }
            DecisionTableImpl table = invoker.getDecisionTable();
            @SuppressWarnings("unchecked")
            List<DTInputClause> inputs = (List<DTInputClause>) field(DecisionTableImpl.class, "inputs").get(table);
            @SuppressWarnings("unchecked")
            List<DTDecisionRule> rules = (List<DTDecisionRule>) field(DecisionTableImpl.class, "decisionRules").get(table);
            FEEL feel = (FEEL) field(DecisionTableImpl.class, "feel").get(table);
            if (rules == null || rules.isEmpty() || inputs == null || feel == null) {
                return false;
            }
            TableIndex index = index(source, rules, inputs.size());
            field(DMNDTExpressionEvaluator.class, "dt").set(evaluator,
                    new IndexedTableInvoker(table, List.copyOf(inputs), List.copyOf(rules), feel, index));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("decision table of '{}' stays on Drools' full row scan: {}", owner, e.toString());
            return false;
        }
    }

    /** The index over the table's rows, or null when the model's rows do not line up with Drools' compiled rows. */
    private static TableIndex index(DecisionTable source, List<DTDecisionRule> rules, int columns) {
        List<DecisionRule> rows = source.getRule();
        if (rows.size() != rules.size()) {
            return null;
        }
        InputEntry[][] entries = new InputEntry[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            List<UnaryTests> cells = rows.get(r).getInputEntry();
            if (cells.size() != columns || rules.get(r).getInputEntry().size() != columns) {
                return null;
            }
            entries[r] = new InputEntry[columns];
            for (int c = 0; c < columns; c++) {
                entries[r][c] = InputEntry.parse(cells.get(c).getText());
            }
        }
        TableIndex index = TableIndex.of(entries, columns);
        return index.narrows() ? index : null;
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
