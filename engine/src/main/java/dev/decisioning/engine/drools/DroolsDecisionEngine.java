package dev.decisioning.engine.drools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisioning.engine.ActivationRecord;
import dev.decisioning.engine.BudgetExceededException;
import dev.decisioning.engine.DataModelDecision;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.EngineEvents;
import dev.decisioning.engine.ExecutionBudgets;
import dev.decisioning.engine.ExpectedVersion;
import dev.decisioning.engine.ImpactReport;
import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.PublishOptions;
import dev.decisioning.engine.PublishOutcome;
import dev.decisioning.engine.RequestFields;
import dev.decisioning.engine.RuleInventory;
import dev.decisioning.engine.RuleSetActivation;
import dev.decisioning.engine.RuleSetNotServingException;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.budget.BudgetOverruns;
import dev.decisioning.engine.budget.ExecutionGuard;
import dev.decisioning.engine.datamodel.DataModel;
import dev.decisioning.engine.lifecycle.ImpactOnRequests;
import dev.decisioning.engine.lifecycle.VersionLifecycle;
import dev.decisioning.engine.loading.RuleSetLoader;
import dev.decisioning.engine.pipeline.CompiledRuleSet;
import dev.decisioning.engine.pipeline.DataModelPipeline;
import dev.decisioning.engine.pipeline.InventoryOf;
import dev.decisioning.engine.pipeline.ModelEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link DecisionEngine} on Drools: the lifecycle keeps which compiled version of each rule set answers, the
 * pipeline decides with it, and every call to a rule set runs under that rule set's budget.
 */
public final class DroolsDecisionEngine implements DecisionEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DroolsDecisionEngine.class);

    private final VersionLifecycle<CompiledRuleSet> lifecycle;
    private final DataModelPipeline pipeline;
    private final ExecutionBudgets budgets;
    private final BudgetOverruns overruns;

    private DroolsDecisionEngine(VersionLifecycle<CompiledRuleSet> lifecycle, Clock clock, ExecutionBudgets budgets) {
        this.lifecycle = lifecycle;
        this.budgets = budgets;
        this.overruns = new BudgetOverruns(clock);
        this.pipeline = new DataModelPipeline(clock);
    }

    /** Every rule set the loader provides, each compiled once, now; each call to a rule set run under its budget. */
    public static DroolsDecisionEngine start(RuleSetLoader loader, Clock clock, ExecutionBudgets budgets) {
        return start(loader, clock, budgets, EngineEvents.NONE);
    }

    /** As {@link #start(RuleSetLoader, Clock, ExecutionBudgets)}, reporting compiles, publishes and activations. */
    public static DroolsDecisionEngine start(RuleSetLoader loader, Clock clock, ExecutionBudgets budgets,
                                             EngineEvents events) {
        return new DroolsDecisionEngine(VersionLifecycle.start(new RuleSetCompiler(), loader, events), clock, budgets);
    }

    @Override
    public List<RuleSetSummary> ruleSets() {
        return lifecycle.all().stream().map(this::summaryOf).toList();
    }

    @Override
    public RuleSetSummary ruleSet(String name) {
        return summaryOf(lifecycle.current(name));
    }

    /**
     * The compiled summary, marked degraded while the rule set's calls keep running past their budget, or archived,
     * saying by whom and when, with why the last change of its files under the rules directory was not published, if
     * it was not.
     */
    private RuleSetSummary summaryOf(CompiledRuleSet ruleSet) {
        RuleSetSummary summary = ruleSet.summary();
        ActivationRecord archived = lifecycle.archived(ruleSet.name()).orElse(null);
        if (archived != null) {
            DecisionMessage note = new DecisionMessage(DecisionMessage.Severity.INFO, "archive", ruleSet.name(), null,
                    "archived by " + archived.by() + (archived.at() == null ? "" : " at " + archived.at())
                            + "; it answers no calls until it is unarchived, and its versions are kept");
            return new RuleSetSummary(summary.name(), summary.version(), summary.hash(), RuleSetState.ARCHIVED,
                    summary.files(), summary.models(), List.of(note), summary.loadedAt());
        }
        String degradation = summary.state() == RuleSetState.COMPILED ? overruns.degradation(ruleSet.name()) : null;
        List<DecisionMessage> refused = lifecycle.refusedChange(ruleSet.name());
        if (degradation == null && refused.isEmpty()) {
            return summary;
        }
        List<DecisionMessage> messages = new ArrayList<>(summary.messages());
        messages.addAll(refused);
        if (degradation == null) {
            return new RuleSetSummary(summary.name(), summary.version(), summary.hash(), summary.state(),
                    summary.files(), summary.models(), List.copyOf(messages), summary.loadedAt());
        }
        messages.add(new DecisionMessage(DecisionMessage.Severity.WARNING, "budget", ruleSet.name(), null, degradation));
        return new RuleSetSummary(summary.name(), summary.version(), summary.hash(), RuleSetState.DEGRADED,
                summary.files(), summary.models(), List.copyOf(messages), summary.loadedAt());
    }

    /** Runs one call to a rule set under its budget, remembering the calls that ran past it. */
    private <T> T withinBudget(String ruleSetName, Supplier<T> call) {
        try {
            return ExecutionGuard.run(ruleSetName, budgets.of(ruleSetName), call);
        } catch (BudgetExceededException e) {
            overruns.record(e);
            LOG.warn("{}", e.getMessage());
            throw e;
        }
    }

    @Override
    public DataModelDecision decide(String ruleSetName, Integer version, JsonNode request) {
        CompiledRuleSet ruleSet = lifecycle.serving(ruleSetName, version);
        if (ruleSet.dataModel() == null) {
            throw new RuleSetNotServingException("rule set '" + ruleSetName + "'" + (version == null ? "" : " version "
                    + version) + " declares no data model (" + DataModel.SCHEMA_FILE + " and " + DataModel.MANIFEST_FILE
                    + "), so it answers no decisions; its DMN models still evaluate", List.of());
        }
        return withinBudget(ruleSetName, () -> pipeline.decide(ruleSet, request));
    }

    @Override
    public ModelEvaluation evaluate(String ruleSetName, Integer version, ModelEvaluationRequest request) {
        CompiledRuleSet ruleSet = lifecycle.serving(ruleSetName, version);
        return withinBudget(ruleSetName, () -> ModelEvaluator.evaluate(ruleSet, request));
    }

    @Override
    public RequestFields requestFields(String ruleSetName, Integer version) {
        // The active version answers even when it did not compile: what its data model says is still known.
        CompiledRuleSet ruleSet = version == null ? lifecycle.current(ruleSetName) : lifecycle.serving(ruleSetName, version);
        DataModel model = ruleSet.dataModel();
        return model == null ? RequestFields.NONE : new RequestFields(model.personalFields(), model.manifest().now(),
                model.manifest().subject());
    }

    @Override
    public RuleInventory inventory(String ruleSetName, Integer version) {
        return InventoryOf.of(lifecycle.serving(ruleSetName, version));
    }

    @Override
    public boolean isReady() {
        return lifecycle.all().stream().anyMatch(CompiledRuleSet::serves);
    }

    @Override
    public List<RuleSetVersion> versions(String ruleSet) {
        return lifecycle.versions(ruleSet);
    }

    @Override
    public SortedMap<String, byte[]> activeFiles(String ruleSet) {
        return lifecycle.activeFiles(ruleSet);
    }

    @Override
    public PublishOutcome publish(String ruleSet, Map<String, byte[]> files, PublishOptions options) {
        return lifecycle.publish(ruleSet, files, options);
    }

    @Override
    public SortedMap<String, byte[]> files(String ruleSet, int version) {
        return lifecycle.files(ruleSet, version);
    }

    @Override
    public RuleSetSummary activate(String ruleSet, int version, String by, ExpectedVersion expectedActive) {
        return summaryOf(lifecycle.activate(ruleSet, version, by, expectedActive));
    }

    @Override
    public RuleSetSummary archive(String ruleSet, String by) {
        return summaryOf(lifecycle.archive(ruleSet, by));
    }

    @Override
    public RuleSetSummary unarchive(String ruleSet, String by) {
        return summaryOf(lifecycle.unarchive(ruleSet, by));
    }

    @Override
    public List<ActivationRecord> activations(String ruleSet) {
        return lifecycle.activations(ruleSet);
    }

    @Override
    public ImpactReport impactOfRequests(String ruleSetName, int candidateVersion, List<JsonNode> requests) {
        CompiledRuleSet candidate = lifecycle.candidate(ruleSetName, candidateVersion);
        return ImpactOnRequests.compare(lifecycle.serving(ruleSetName, null), candidate, requests,
                (ruleSet, request) -> withinBudget(ruleSet.name(), () -> pipeline.decide(ruleSet, request)));
    }

    @Override
    public AutoCloseable onActivation(Consumer<RuleSetActivation> listener) {
        return lifecycle.onActivation(listener);
    }

    @Override
    public boolean follow(RuleSetActivation activation) {
        return lifecycle.follow(activation);
    }

    @Override
    public List<RuleSetActivation> activeVersions() {
        return lifecycle.activeVersions();
    }

    @Override
    public AutoCloseable onArchive(Consumer<ActivationRecord> listener) {
        return lifecycle.onArchive(listener);
    }

    @Override
    public boolean followArchive(ActivationRecord change) {
        return lifecycle.followArchive(change);
    }

    @Override
    public List<ActivationRecord> archiveStates() {
        return lifecycle.archiveStates();
    }
}
