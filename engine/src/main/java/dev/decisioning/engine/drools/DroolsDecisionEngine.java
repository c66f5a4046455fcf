package dev.decisioning.engine.drools;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.decisioning.engine.BudgetExceededException;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.ExecutionBudgets;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.budget.BudgetOverruns;
import dev.decisioning.engine.budget.ExecutionGuard;
import dev.decisioning.engine.ImpactReport;
import dev.decisioning.engine.PublishOptions;
import dev.decisioning.engine.PublishOutcome;
import dev.decisioning.engine.PublishingUnavailableException;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.RuleInventory;
import dev.decisioning.engine.RuleSetActivation;
import dev.decisioning.engine.UnknownVersionException;
import dev.decisioning.engine.store.RuleSetStore;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.ExplanationEntry;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.RuleSetNotServingException;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.loading.RuleSetLoader;
import dev.decisioning.engine.loading.RuleSetSource;
import dev.decisioning.engine.RuleSetNotServingException;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.core.internal.utils.DynamicDMNContextBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** The {@link DecisionEngine} on Drools: every rule set compiled once at start, then only read. */
public final class DroolsDecisionEngine implements DecisionEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DroolsDecisionEngine.class);
    /** Decision-table analysis of publishes, beside their store and switch; daemon, so it never holds the JVM open. */
    private static final Executor TABLE_ANALYSIS = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "table-analysis");
        thread.setDaemon(true);
        return thread;
    });

    private final RuleSetRegistry registry = new RuleSetRegistry();
    private final RuleSetCompiler compiler = new RuleSetCompiler();
    private final RuleSetStore store;
    /** Compiled versions other than the active ones (staged, recently replaced): rollback and previews skip compiling. */
    private final Cache<String, CompiledRuleSet> compiledVersions = Caffeine.newBuilder().maximumSize(32).build();
    /** One publish or activation at a time, so the store's active pointer and the registry agree. */
    private final Object lifecycleLock = new Object();
    private final List<java.util.function.Consumer<RuleSetActivation>> activationListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private final DataModelPipeline dataModelPipeline;
    private final ExecutionBudgets budgets;
    private final BudgetOverruns overruns;

    private DroolsDecisionEngine(RuleSetLoader loader, Clock clock, ExecutionBudgets budgets) {
        this.budgets = budgets;
        this.overruns = new BudgetOverruns(clock);
        this.dataModelPipeline = new DataModelPipeline(clock);
        this.store = loader instanceof RuleSetStore versioned ? versioned : null;
    }

    public static DroolsDecisionEngine start(RuleSetLoader loader) {
        return start(loader, Clock.systemUTC());
    }

    public static DroolsDecisionEngine start(RuleSetLoader loader, Clock clock) {
        return start(loader, clock, ExecutionBudgets.DEFAULT);
    }

    public static DroolsDecisionEngine start(RuleSetLoader loader, Clock clock, ExecutionBudgets budgets) {
        DroolsDecisionEngine engine = new DroolsDecisionEngine(loader, clock, budgets);
        Map<String, List<DecisionMessage>> problems = loader.problems();
        java.util.Set<String> loaded = new java.util.HashSet<>();
        for (RuleSetSource source : loader.loadAll()) {
            engine.load(source, problems.getOrDefault(source.name(), List.of()));
            loaded.add(source.name());
        }
        // A rule set the loader could not read anything of is listed, not serving, with the reason.
        problems.forEach((name, messages) -> {
            if (!loaded.contains(name)) {
                engine.registry.put(CompiledRuleSet.failed(name, "none", "", List.of(), messages));
            }
        });
        return engine;
    }

    /** Compiles and serves a rule set; {@code notes} (what the loader repaired) come with its summary. */
    private void load(RuleSetSource source, List<DecisionMessage> notes) {
        long started = System.nanoTime();
        CompiledRuleSet compiled = compiler.compile(source);
        if (!notes.isEmpty()) {
            compiled = compiled.withMessages(notes);
        }
        serve(compiled);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (compiled.serves()) {
            LOG.info("rule set {} version {} compiled in {} ms", compiled.name(), compiled.version(), millis);
        } else {
            LOG.warn("rule set {} version {} failed to compile: {}", compiled.name(), compiled.version(),
                    compiled.summary().messages());
        }
    }

    @Override
    public List<RuleSetSummary> ruleSets() {
        return registry.all().stream().map(this::summaryOf).toList();
    }

    @Override
    public RuleSetSummary ruleSet(String name) {
        return summaryOf(registry.get(name));
    }

    /** The compiled summary, marked degraded while the rule set's calls keep running past their budget. */
    private RuleSetSummary summaryOf(CompiledRuleSet ruleSet) {
        RuleSetSummary summary = ruleSet.summary();
        String degradation = summary.state() == RuleSetState.ACTIVE ? overruns.degradation(ruleSet.name()) : null;
        if (degradation == null) {
            return summary;
        }
        List<DecisionMessage> messages = new ArrayList<>(summary.messages());
        messages.add(new DecisionMessage(DecisionMessage.Severity.WARNING, "budget", ruleSet.name(), null, degradation));
        return new RuleSetSummary(summary.name(), summary.version(), summary.hash(), RuleSetState.DEGRADED,
                summary.files(), summary.models(), List.copyOf(messages), summary.loadedAt());
    }

    /** Runs one call to a rule set under its budget, remembering the calls that ran past it. */
    private <T> T withinBudget(String ruleSetName, java.util.function.Supplier<T> call) {
        try {
            return ExecutionGuard.run(ruleSetName, budgets.of(ruleSetName), call);
        } catch (BudgetExceededException e) {
            overruns.record(e);
            LOG.warn("{}", e.getMessage());
            throw e;
        }
    }

    @Override
    public RuleInventory inventory(String name) {
        return InventoryOf.of(serving(name));
    }

    @Override
    public boolean isReady() {
        return registry.all().stream().anyMatch(CompiledRuleSet::serves);
    }

    @Override
    public dev.decisioning.engine.DataModelDecision decide(String ruleSetName, Integer version,
                                                           com.fasterxml.jackson.databind.JsonNode request) {
        CompiledRuleSet ruleSet = version == null ? serving(ruleSetName) : servingVersion(ruleSetName, version);
        if (ruleSet.dataModel() == null) {
            throw new RuleSetNotServingException("rule set '" + ruleSetName + "'" + (version == null ? "" : " version "
                    + version) + " declares no data model (" + dev.decisioning.engine.datamodel.DataModel.SCHEMA_FILE
                    + " and " + dev.decisioning.engine.datamodel.DataModel.MANIFEST_FILE
                    + "), so it answers no decisions; its DMN models still evaluate", List.of());
        }
        return withinBudget(ruleSetName, () -> dataModelPipeline.decide(ruleSet, request));
    }

    @Override
    public ModelEvaluation evaluate(String ruleSetName, ModelEvaluationRequest request) {
        CompiledRuleSet ruleSet = serving(ruleSetName);
        return withinBudget(ruleSetName, () -> evaluate(ruleSet, request));
    }

    @Override
    public ModelEvaluation evaluateWithVersion(String ruleSetName, int version, ModelEvaluationRequest request) {
        CompiledRuleSet ruleSet = servingVersion(ruleSetName, version);
        return withinBudget(ruleSetName, () -> evaluate(ruleSet, request));
    }

    @Override
    public RuleInventory inventoryWithVersion(String ruleSetName, int version) {
        return InventoryOf.of(servingVersion(ruleSetName, version));
    }

    /** A stored version, compiled once and cached like previews' candidates; the active one is not touched. */
    private CompiledRuleSet servingVersion(String ruleSetName, int version) {
        registry.get(ruleSetName); // an unknown name is reported as such, before any version lookup
        CompiledRuleSet compiled = compiledVersion(requireStore(), ruleSetName, version);
        if (!compiled.serves()) {
            throw new RuleSetNotServingException("version " + version + " of '" + ruleSetName + "' does not compile",
                    compiled.summary().messages());
        }
        return compiled;
    }

    private ModelEvaluation evaluate(CompiledRuleSet ruleSet, ModelEvaluationRequest request) {
        String ruleSetName = ruleSet.name();
        if (ruleSet.dmnRuntime() == null) {
            throw new RuleSetNotServingException("rule set '" + ruleSetName + "' has no DMN models", List.of());
        }
        DMNModel model = findModel(ruleSet, request.model());
        String service = request.decisionService();
        if (service != null && model.getDecisionServices().stream().noneMatch(s -> s.getName().equals(service))) {
            throw InvalidRequestException.of("decisionService", "model '" + model.getName()
                    + "' has no decision service '" + service + "'; it has " + model.getDecisionServices().stream()
                    .map(s -> s.getName()).sorted().toList());
        }
        DMNContext context = ModelInputs.typed(ruleSet.dmnRuntime(), model, request.inputs(), service);
        DecisionTrace trace = new DecisionTrace(ruleSet);
        DMNResult result = trace.during(() -> service == null
                ? ruleSet.dmnRuntime().evaluateAll(model, context)
                : ruleSet.dmnRuntime().evaluateDecisionService(model, context, service));

        List<ModelEvaluation.DecisionOutcome> decisions = new ArrayList<>();
        for (DMNDecisionResult decision : result.getDecisionResults()) {
            // kie-dmn files the cause of a failure (a FEEL error, a hit policy violation) under the whole result,
            // tagged with an element inside the decision: give each decision the messages about its own elements.
            List<DMNMessage> own = new ArrayList<>(decision.getMessages());
            for (DMNMessage message : result.getMessages()) {
                if (!own.contains(message) && decision.getDecisionName().equals(owningDecision(message))) {
                    own.add(message);
                }
            }
            decisions.add(new ModelEvaluation.DecisionOutcome(decision.getDecisionName(),
                    decision.getEvaluationStatus().name().toLowerCase(Locale.ROOT),
                    FeelValues.toJson(decision.getResult()), toMessages(own)));
        }
        List<ExplanationEntry> explanation = List.copyOf(trace.entries());
        return new ModelEvaluation(new ModelEvaluation.RuleSetRef(ruleSet.name(), ruleSet.version(), ruleSet.hash()), model.getName(),
                decisions, toMessages(result.getMessages()), explanation);
    }

    @Override
    public PublishOutcome publish(String ruleSetName, Map<String, byte[]> files, PublishOptions options) {
        RuleSetStore versions = requireStore();
        if (!dev.decisioning.engine.store.DirectoryRuleSetStore.isValidName(ruleSetName)) {
            throw InvalidRequestException.of("ruleset", "'" + ruleSetName
                    + "' is not a valid rule set name: use letters, digits, '.', '_' and '-'");
        }
        if (files.isEmpty()) {
            throw InvalidRequestException.of("files", "no rule files to publish");
        }
        for (String file : files.keySet()) {
            java.util.Optional<String> problem = dev.decisioning.engine.store.FileNames.problem(file);
            if (problem.isPresent()) {
                throw InvalidRequestException.of("files", problem.get());
            }
        }
        List<DecisionMessage> messages = new ArrayList<>();
        if (options.untrusted()) {
            Map<String, byte[]> accepted = activeFiles(versions, ruleSetName);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                if (java.util.Arrays.equals(file.getValue(), accepted.get(file.getKey()))) {
                    continue; // unchanged from the active version, which was accepted already
                }
                // A policy of its own: what rule code may call is checked for every compile (RuleCodeCheck).
                if (!options.drlAllowed() && RuleFileKind.of(file.getKey()) == RuleFileKind.DRL) {
                    messages.add(DecisionMessage.error("safety", file.getKey(), null,
                            "publishing DRL over HTTP is disabled on this server; DMN and spreadsheets are accepted"));
                }
            }
            if (messages.stream().anyMatch(DecisionMessage::blocking)) {
                return new PublishOutcome(ruleSetName, null, false, false, messages);
            }
        }
        RuleSetSource source = RuleSetSource.of(ruleSetName, files);
        Map<String, byte[]> models = new java.util.TreeMap<>();
        files.forEach((name, content) -> {
            if (RuleFileKind.of(name) == RuleFileKind.DMN) {
                models.put(name, content);
            }
        });
        long compileStarted = System.nanoTime();
        CompiledRuleSet compiled = compiler.compile(source);
        LOG.info("rule set {} ({}) compiled for publishing in {} ms", ruleSetName, source.hash(),
                (System.nanoTime() - compileStarted) / 1_000_000);
        messages.addAll(compiled.summary().messages());
        if (!compiled.serves()) {
            return new PublishOutcome(ruleSetName, null, false, false, messages);
        }
        // The new version starts answering as soon as it is compiled and stored; the table analysis (warnings for the
        // publisher) runs beside the store and switch, and the publisher waits for its findings.
        CompletableFuture<List<DecisionMessage>> analysis = CompletableFuture.supplyAsync(
                () -> DecisionTableAnalysis.of(models), TABLE_ANALYSIS);
        PublishOutcome outcome = storeAndActivate(versions, source, compiled, options);
        messages.addAll(analysis.join());
        return new PublishOutcome(outcome.ruleSet(), outcome.version(), outcome.created(), outcome.activated(),
                List.copyOf(messages));
    }

    /** Saves the compiled files as the next version and, if asked, makes it the one that answers. */
    private PublishOutcome storeAndActivate(RuleSetStore versions, RuleSetSource source, CompiledRuleSet compiled,
                                            PublishOptions options) {
        String ruleSetName = source.name();
        long started = System.nanoTime();
        synchronized (lifecycleLock) {
            boolean existed = versions.versions(ruleSetName).stream().anyMatch(v -> v.hash().equals(source.hash()));
            RuleSetVersion version = versions.save(ruleSetName, source.files(), options.author());
            CompiledRuleSet numbered = compiled.withVersion(String.valueOf(version.number()));
            compiledVersions.put(key(ruleSetName, version.number()), numbered);
            if (options.activate()) {
                versions.activate(ruleSetName, version.number());
                serve(numbered);
                LOG.info("rule set {} version {} ({}) published by {} and active ({} ms to store and switch)",
                        ruleSetName, version.number(), version.hash(), options.author(),
                        (System.nanoTime() - started) / 1_000_000);
                announce(new RuleSetActivation(version, source.files()));
            }
            return new PublishOutcome(ruleSetName, version, !existed, options.activate(), List.of());
        }
    }

    @Override
    public List<RuleSetVersion> versions(String ruleSetName) {
        List<RuleSetVersion> stored = requireStore().versions(ruleSetName);
        if (stored.isEmpty()) {
            registry.get(ruleSetName); // an unknown name is a 404, a known one without versions an empty list
        }
        return stored;
    }

    @Override
    public RuleSetSummary activate(String ruleSetName, int version) {
        RuleSetStore versions = requireStore();
        synchronized (lifecycleLock) {
            CompiledRuleSet compiled = compiledVersion(versions, ruleSetName, version);
            if (!compiled.serves()) {
                throw new RuleSetNotServingException("version " + version + " of '" + ruleSetName
                        + "' does not compile, so it cannot be activated", compiled.summary().messages());
            }
            versions.activate(ruleSetName, version);
            serve(compiled);
            LOG.info("rule set {} version {} activated", ruleSetName, version);
            announce(activation(versions, ruleSetName, version));
            return compiled.summary();
        }
    }

    /**
     * Makes a compiled version the one that answers. The version it replaces stays compiled in the cache, as does
     * this one, so that rolling back, or forward again, swaps at once instead of recompiling.
     */
    private void serve(CompiledRuleSet compiled) {
        CompiledRuleSet replaced = registry.find(compiled.name());
        registry.put(compiled);
        for (CompiledRuleSet kept : new CompiledRuleSet[] {replaced, compiled}) {
            if (kept != null && kept.serves() && kept.version().matches("\\d+")) {
                compiledVersions.put(key(kept.name(), Integer.parseInt(kept.version())), kept);
            }
        }
    }

    @Override
    public void onActivation(java.util.function.Consumer<RuleSetActivation> listener) {
        activationListeners.add(listener);
    }

    @Override
    public boolean adopt(RuleSetActivation activation) {
        RuleSetStore versions = requireStore();
        RuleSetVersion version = activation.version();
        synchronized (lifecycleLock) {
            CompiledRuleSet active = registry.find(version.ruleSet());
            if (active != null && active.version().equals(String.valueOf(version.number()))
                    && active.hash().equals(version.hash())) {
                return false;
            }
            versions.saveAs(version, activation.files());
            CompiledRuleSet compiled = compiledVersion(versions, version.ruleSet(), version.number());
            if (!compiled.serves()) {
                throw new RuleSetNotServingException("version " + version.number() + " of '" + version.ruleSet()
                        + "' does not compile here, so it is not activated", compiled.summary().messages());
            }
            versions.activate(version.ruleSet(), version.number());
            serve(compiled);
            LOG.info("rule set {} version {} adopted from another server", version.ruleSet(), version.number());
            return true;
        }
    }

    @Override
    public List<RuleSetActivation> activeVersions() {
        RuleSetStore versions = requireStore();
        List<RuleSetActivation> active = new ArrayList<>();
        for (CompiledRuleSet ruleSet : registry.all()) {
            versions.activeVersion(ruleSet.name()).ifPresent(number -> active.add(activation(versions, ruleSet.name(), number)));
        }
        return active;
    }

    private static RuleSetActivation activation(RuleSetStore versions, String ruleSetName, int number) {
        RuleSetVersion version = versions.versions(ruleSetName).stream().filter(v -> v.number() == number)
                .findFirst().orElseThrow(() -> new UnknownVersionException(ruleSetName, number));
        RuleSetSource source = versions.source(ruleSetName, number)
                .orElseThrow(() -> new UnknownVersionException(ruleSetName, number));
        return new RuleSetActivation(version, source.files());
    }

    private void announce(RuleSetActivation activation) {
        for (java.util.function.Consumer<RuleSetActivation> listener : activationListeners) {
            try {
                listener.accept(activation);
            } catch (RuntimeException e) {
                LOG.warn("activation listener failed for {} version {}: {}", activation.version().ruleSet(),
                        activation.version().number(), e.getMessage());
            }
        }
    }

    @Override
    public ImpactReport impactOfRequests(String ruleSetName, int candidateVersion,
                                         List<com.fasterxml.jackson.databind.JsonNode> requests) {
        CompiledRuleSet active = serving(ruleSetName);
        CompiledRuleSet candidate = compiledVersion(requireStore(), ruleSetName, candidateVersion);
        if (!candidate.serves()) {
            throw new RuleSetNotServingException("version " + candidateVersion + " of '" + ruleSetName
                    + "' does not compile", candidate.summary().messages());
        }
        if (active.dataModel() == null || candidate.dataModel() == null) {
            throw new RuleSetNotServingException("the active version and version " + candidateVersion + " of '"
                    + ruleSetName + "' must both declare a data model to be compared on its requests", List.of());
        }
        return DataModelImpact.compare(active, candidate, requests,
                (ruleSet, request) -> withinBudget(ruleSet.name(), () -> dataModelPipeline.decide(ruleSet, request)));
    }

    private CompiledRuleSet compiledVersion(RuleSetStore versions, String ruleSetName, int version) {
        CompiledRuleSet current = registry.all().stream()
                .filter(r -> r.name().equals(ruleSetName) && r.version().equals(String.valueOf(version)))
                .findFirst().orElse(null);
        if (current != null) {
            return current;
        }
        return compiledVersions.get(key(ruleSetName, version), k -> compiler.compile(versions.source(ruleSetName, version)
                .orElseThrow(() -> new UnknownVersionException(ruleSetName, version))));
    }

    private static Map<String, byte[]> activeFiles(RuleSetStore versions, String ruleSetName) {
        java.util.OptionalInt active = versions.activeVersion(ruleSetName);
        if (active.isEmpty()) {
            return Map.of();
        }
        return versions.source(ruleSetName, active.getAsInt()).<Map<String, byte[]>>map(RuleSetSource::files)
                .orElse(Map.of());
    }

    private RuleSetStore requireStore() {
        if (store == null) {
            throw new PublishingUnavailableException();
        }
        return store;
    }

    private static String key(String ruleSet, int version) {
        return ruleSet + "@" + version;
    }

    private CompiledRuleSet serving(String name) {
        CompiledRuleSet ruleSet = registry.get(name);
        if (!ruleSet.serves()) {
            throw new RuleSetNotServingException("rule set '" + name + "' did not compile; fix its files and reload",
                    ruleSet.summary().messages());
        }
        return ruleSet;
    }

    private static DMNModel findModel(CompiledRuleSet ruleSet, String requested) {
        Map<String, DMNModel> models = ruleSet.models();
        if (requested == null || requested.isBlank()) {
            if (models.size() == 1) {
                return models.values().iterator().next();
            }
            throw InvalidRequestException.of("model", "rule set '" + ruleSet.name() + "' has " + models.size()
                    + " models; name one of " + models.keySet());
        }
        DMNModel byName = models.get(requested);
        if (byName != null) {
            return byName;
        }
        for (DMNModel model : models.values()) {
            String file = model.getResource() == null ? null : ruleSet.fileOf(model.getResource().getSourcePath());
            if (file != null && (file.equals(requested) || file.equals(requested + ".dmn"))) {
                return model;
            }
        }
        throw InvalidRequestException.of("model", "rule set '" + ruleSet.name() + "' has no model '" + requested
                + "'; it has " + models.keySet());
    }

    /** The name of the decision a message's DMN element belongs to, if it belongs to one. */
    private static String owningDecision(DMNMessage message) {
        Object element = message.getSourceReference();
        int depth = 0;
        while (element instanceof org.kie.dmn.model.api.DMNModelInstrumentedBase node && depth++ < 64) {
            if (node instanceof org.kie.dmn.model.api.Decision decision) {
                return decision.getName();
            }
            element = node.getParent();
        }
        return null;
    }

    private static List<DecisionMessage> toMessages(List<DMNMessage> messages) {
        List<DecisionMessage> out = new ArrayList<>(messages.size());
        for (DMNMessage message : messages) {
            DecisionMessage.Severity severity = switch (message.getSeverity()) {
                case ERROR -> DecisionMessage.Severity.ERROR;
                case WARN -> DecisionMessage.Severity.WARNING;
                default -> DecisionMessage.Severity.INFO;
            };
            out.add(new DecisionMessage(severity, "evaluation", message.getSourceId(), null, message.getText()));
        }
        return out;
    }
}
