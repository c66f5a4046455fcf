package dev.decisioning.engine.workarounds;

import dev.decisioning.engine.tableindex.TableIndex;

import org.kie.dmn.api.feel.runtime.events.FEELEvent;
import org.kie.dmn.feel.FEEL;
import org.kie.dmn.feel.codegen.feel11.CompiledFEELExpression;
import org.kie.dmn.feel.lang.EvaluationContext;
import org.kie.dmn.feel.runtime.UnaryTest;
import org.kie.dmn.feel.runtime.decisiontables.DTDecisionRule;
import org.kie.dmn.feel.runtime.decisiontables.DTInputClause;
import org.kie.dmn.feel.runtime.decisiontables.DecisionTableImpl;
import org.kie.dmn.feel.runtime.events.FEELEventBase;
import org.kie.dmn.feel.runtime.functions.DTInvokerFunction;
import org.kie.dmn.feel.runtime.functions.FEELFnResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a decision table through Drools' own table code, on fewer rows and with each input computed once. Drools
 * evaluates every input expression again for every row it tests; here inputs are computed once, the index picks the
 * rows that could match, and Drools' table runs on those rows with the computed inputs. A candidate row whose every
 * entry the index reads exactly is known to match, so Drools gets it with its tests already answered instead of
 * running FEEL on them again. Hit policies, default outputs, allowed-value checks, output checks and the events that
 * explanations read (original row numbers and ids) are all Drools' own.
 */
public final class IndexedTableInvoker extends DTInvokerFunction {
    private static final UnaryTest HOLDS = (ctx, value) -> Boolean.TRUE;

    private final DecisionTableImpl table;
    private final List<DTInputClause> inputs;
    private final List<DTDecisionRule> rules;
    private final FEEL feel;
    private final TableIndex index;
    /** Per row, the same rule with its input tests answered, for rows the index decides whole; otherwise null. */
    private final List<DTDecisionRule> decided;

    IndexedTableInvoker(DecisionTableImpl table, List<DTInputClause> inputs, List<DTDecisionRule> rules, FEEL feel,
                        TableIndex index) {
        super(table);
        this.table = table;
        this.inputs = inputs;
        this.rules = rules;
        this.feel = feel;
        this.index = index;
        this.decided = new ArrayList<>(rules.size());
        for (int row = 0; row < rules.size(); row++) {
            decided.add(index != null && index.decidesWholeRow(row) ? decided(rules.get(row)) : null);
        }
    }

    /** The rule with each input test replaced by "holds": for a candidate the index has already matched. */
    private static DTDecisionRule decided(DTDecisionRule rule) {
        DTDecisionRule copy = new DTDecisionRule(rule.getIndex(), rule.getId());
        for (int i = 0; i < rule.getInputEntry().size(); i++) {
            copy.getInputEntry().add(HOLDS);
        }
        copy.getOutputEntry().addAll(rule.getOutputEntry());
        return copy;
    }

    @Override
    public FEELFnResult<Object> invoke(EvaluationContext ctx, Object[] params) {
        ctx.enterFrame();
        try {
            List<String> names = table.getParameterNames();
            for (int i = 0; i < names.size() && i < params.length; i++) {
                ctx.setValue(names.get(i), params[i]);
            }
            Object[] actual = new Object[inputs.size()];
            List<DTInputClause> computed = new ArrayList<>(inputs.size());
            for (int i = 0; i < actual.length; i++) {
                DTInputClause input = inputs.get(i);
                actual[i] = input.getCompiledInput() != null ? feel.evaluate(input.getCompiledInput(), ctx)
                        : feel.evaluate(input.getInputExpression(), ctx);
                computed.add(new DTInputClause(input.getInputExpression(), input.getInputValuesText(),
                        input.getInputValues(), new Computed(actual[i]), input.isCollection()));
            }
            DecisionTableImpl narrowed = new DecisionTableImpl(table.getName(), names, computed, table.getOutputs(),
                    candidates(actual), table.getHitPolicy(), feel);
            narrowed.setCompiledParameterNames(table.getCompiledParameterNames());
            return narrowed.evaluate(ctx, params);
        } catch (RuntimeException e) {
            return FEELFnResult.ofError(new FEELEventBase(FEELEvent.Severity.ERROR,
                    "Error invoking decision table '" + getName() + "': " + e.getClass().getSimpleName(), e));
        } finally {
            ctx.exitFrame();
        }
    }

    private List<DTDecisionRule> candidates(Object[] actual) {
        int[] positions = index == null ? null : index.candidates(actual);
        if (positions == null) {
            return rules;
        }
        if (positions.length == 0) {
            // Drools treats a table without rows as broken; one row the index rules out keeps "no match" semantics.
            return List.of(rules.get(0));
        }
        List<DTDecisionRule> selected = new ArrayList<>(positions.length);
        for (int position : positions) {
            // Only for a narrowed call: the index narrows only for inputs of the columns' own types.
            DTDecisionRule known = decided.get(position);
            selected.add(known != null ? known : rules.get(position));
        }
        return selected;
    }

    /** An input already computed for this evaluation. */
    private record Computed(Object value) implements CompiledFEELExpression {
        @Override
        public Object apply(EvaluationContext ctx) {
            return value;
        }
    }
}
