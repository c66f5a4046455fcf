package dev.decisioning.engine.pipeline;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.VersionNumber;
import dev.decisioning.engine.datamodel.DataModel;
import dev.decisioning.engine.lifecycle.CompiledVersion;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNRuntime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a rule set, compiled once and then only read: safe to share between threads and calls.
 *
 * @param kieBase    the DRL and spreadsheet rules, null when the set has none or failed
 * @param sessions   reusable sessions over {@code kieBase} (reset when handed back), null with it
 * @param dmnRuntime the DMN models, null when the set has none or failed
 * @param models     DMN models by name
 * @param pathToFile Drools resource paths back to the rule set's own file names
 * @param tableRows  decision-table rows by DMN rule id, for explanations
 * @param dataModel  the request and answer the rule set declares itself; null when it declares none
 * @param preparedModels its DMN files as Drools read them (mended), by file name: what table analysis reads
 */
public record CompiledRuleSet(RuleSetSummary summary, KieBase kieBase, KieSessionsPool sessions, DMNRuntime dmnRuntime,
                              Map<String, DMNModel> models, Map<String, String> pathToFile, Map<String, TableRow> tableRows,
                              DataModel dataModel, Map<String, byte[]> preparedModels)
        implements CompiledVersion<CompiledRuleSet> {

    /**
     * Where a decision-table row lives and what its annotation says.
     *
     * @param table the table's name as DMN events report it (its decision's or knowledge model's name)
     * @param row   1-based position in the table
     */
    public record TableRow(String file, String note, String table, int row) {
    }

    public static CompiledRuleSet failed(String name, VersionNumber version, String hash, List<String> files,
                                  List<DecisionMessage> messages) {
        return new CompiledRuleSet(new RuleSetSummary(name, version, hash, RuleSetState.FAILED, files, List.of(), messages,
                Instant.now()), null, null, null, Map.of(), Map.of(), Map.of(), null, Map.of());
    }

    @Override
    public CompiledRuleSet withVersion(VersionNumber version) {
        return new CompiledRuleSet(summary.withVersion(version), kieBase, sessions, dmnRuntime, models, pathToFile, tableRows,
                dataModel, preparedModels);
    }

    @Override
    public CompiledRuleSet withMessages(List<DecisionMessage> notes) {
        List<DecisionMessage> messages = new java.util.ArrayList<>(summary.messages());
        messages.addAll(notes);
        RuleSetSummary noted = new RuleSetSummary(summary.name(), summary.version(), summary.hash(), summary.state(),
                summary.files(), summary.models(), List.copyOf(messages), summary.loadedAt());
        return new CompiledRuleSet(noted, kieBase, sessions, dmnRuntime, models, pathToFile, tableRows, dataModel,
                preparedModels);
    }

    /** The rule set's file name for a Drools resource path; the path itself when it is not one of ours. */
    public String fileOf(String droolsPath) {
        return droolsPath == null ? null : pathToFile.getOrDefault(droolsPath, droolsPath);
    }

    TableRow tableRow(String ruleId) {
        return ruleId == null ? null : tableRows.get(ruleId);
    }
}
