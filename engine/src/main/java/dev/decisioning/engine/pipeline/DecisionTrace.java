package dev.decisioning.engine.pipeline;

import dev.decisioning.engine.formats.RuleFileFormat;
import dev.decisioning.engine.formats.RuleFileFormats;

import dev.decisioning.engine.ExplanationEntry;
import dev.decisioning.engine.budget.ExecutionGuard;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.dmn.api.core.event.AfterEvaluateDecisionTableEvent;
import org.kie.dmn.api.core.event.BeforeEvaluateBKMEvent;
import org.kie.dmn.api.core.event.BeforeEvaluateContextEntryEvent;
import org.kie.dmn.api.core.event.BeforeEvaluateDecisionEvent;
import org.kie.dmn.api.core.event.BeforeEvaluateDecisionServiceEvent;
import org.kie.dmn.api.core.event.BeforeEvaluateDecisionTableEvent;
import org.kie.dmn.api.core.event.BeforeInvokeBKMEvent;
import org.kie.dmn.api.core.event.DMNRuntimeEventListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Records, for one call, every DRL rule that fired and every decision-table row that was selected: the raw
 * material of explanations. Fed by Drools' own agenda and DMN listeners, never by guessing.
 */
public final class DecisionTrace {

    /** DMN runtimes are shared between calls, so their single listener finds the current call's trace here. */
    private static final ThreadLocal<DecisionTrace> CURRENT = new ThreadLocal<>();

    private final CompiledRuleSet ruleSet;
    private final List<ExplanationEntry> entries = new ArrayList<>();

  public   DecisionTrace(CompiledRuleSet ruleSet) {
        this.ruleSet = ruleSet;
    }

    public List<ExplanationEntry> entries() {
        return entries;
    }

    /** Runs {@code body} with DMN table events of this thread going to this trace. */
    public <T> T during(java.util.function.Supplier<T> body) {
        DecisionTrace previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** An agenda listener for one session of this call. */
    DefaultAgendaEventListener ruleListener() {
        return new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                Rule rule = event.getMatch().getRule();
                recordRule(rule);
                ExecutionGuard.step(rule.getName());
            }
        };
    }

    private void recordRule(Rule rule) {
        entries.add(describe(rule, ruleSet));
    }

    /** How explanations (and coverage) name a DRL or spreadsheet rule: step, file, rule name, sheet row. */
    static ExplanationEntry describe(Rule rule, CompiledRuleSet ruleSet) {
        String file = rule instanceof RuleImpl impl && impl.getResource() != null
                ? ruleSet.fileOf(impl.getResource().getSourcePath()) : null;
        Object step = rule.getMetaData().get("step");
        Integer row = null;
        String stepName = step == null ? null : String.valueOf(step).replace("\"", "");
        // Rules generated from a table (a spreadsheet) carry its row and name, whatever a NAME column called them:
        // the table names the step.
        java.util.Optional<RuleFileFormat.GeneratedRule> generated = RuleFileFormats.of(file)
                .flatMap(format -> format.generatedRule(rule.getName(), rule.getMetaData()));
        if (generated.isPresent()) {
            row = generated.get().row();
            if (stepName == null) {
                stepName = generated.get().table();
            }
        }
        // Drools files @description under the annotation type it knows by that name, not under the name as written.
        // A spreadsheet row's DESCRIPTION cell arrives here too (see SpreadsheetFormat).
        Object description = rule.getMetaData().getOrDefault("description",
                rule.getMetaData().get("org.kie.api.definition.type.Description"));
        return new ExplanationEntry(stepName == null ? "rules" : stepName, file, rule.getName(), row, null,
                RuleFileFormats.metadataText(description));
    }

    /**
     * The one listener each DMN runtime gets; it writes to whichever call is running on this thread, and counts each
     * element evaluated against that call's step budget.
     */
    public static DMNRuntimeEventListener dmnListener() {
        return new DMNRuntimeEventListener() {
            @Override
            public void beforeEvaluateDecision(BeforeEvaluateDecisionEvent event) {
                ExecutionGuard.step(event.getDecision().getName());
            }

            @Override
            public void beforeEvaluateBKM(BeforeEvaluateBKMEvent event) {
                ExecutionGuard.step(event.getBusinessKnowledgeModel().getName());
            }

            @Override
            public void beforeInvokeBKM(BeforeInvokeBKMEvent event) {
                ExecutionGuard.step(event.getBusinessKnowledgeModel().getName());
            }

            @Override
            public void beforeEvaluateContextEntry(BeforeEvaluateContextEntryEvent event) {
                ExecutionGuard.step(event.getVariableName());
            }

            @Override
            public void beforeEvaluateDecisionTable(BeforeEvaluateDecisionTableEvent event) {
                ExecutionGuard.step(event.getDecisionTableName());
            }

            @Override
            public void beforeEvaluateDecisionService(BeforeEvaluateDecisionServiceEvent event) {
                ExecutionGuard.step(event.getDecisionService().getName());
            }

            @Override
            public void afterEvaluateDecisionTable(AfterEvaluateDecisionTableEvent event) {
                DecisionTrace trace = CURRENT.get();
                if (trace != null) {
                    trace.recordRows(event);
                }
            }
        };
    }

    private void recordRows(AfterEvaluateDecisionTableEvent event) {
        List<Integer> selected = event.getSelected();
        List<String> ids = event.getSelectedIds();
        String step = event.getDecisionName() != null ? event.getDecisionName() : event.getNodeName();
        for (int i = 0; i < selected.size(); i++) {
            String id = ids != null && i < ids.size() ? ids.get(i) : null;
            CompiledRuleSet.TableRow row = ruleSet.tableRow(id);
            entries.add(new ExplanationEntry(step, row == null ? null : row.file(),
                    row == null ? event.getDecisionTableName() : row.table(), selected.get(i), id,
                    row == null ? null : row.note()));
        }
    }
}
