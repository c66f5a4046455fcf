package dev.decisioning.engine.drools;

import dev.decisioning.engine.workarounds.AcceptedModelErrors;
import dev.decisioning.engine.workarounds.TableIndexing;
import dev.decisioning.engine.pipeline.DataModelPipeline;
import dev.decisioning.engine.workarounds.RepeatedEntryReuse;
import dev.decisioning.engine.pipeline.DecisionTrace;
import dev.decisioning.engine.validation.RuleCodeCheck;
import dev.decisioning.engine.pipeline.DeclaredFacts;
import dev.decisioning.engine.formats.PreparedFile;
import dev.decisioning.engine.formats.RuleFileFormat;
import dev.decisioning.engine.formats.RuleFileFormats;
import dev.decisioning.engine.lifecycle.RuleSetCompilation;
import dev.decisioning.engine.validation.DecisionTableAnalysis;
import dev.decisioning.engine.pipeline.CompiledRuleSet;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.VersionNumber;
import dev.decisioning.engine.datamodel.DataModel;
import dev.decisioning.engine.loading.RuleSetSource;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNRuntime;
import org.kie.dmn.api.core.ast.DecisionNode;
import org.kie.dmn.core.compiler.RuntimeTypeCheckOption;
import org.kie.dmn.core.impl.DMNRuntimeImpl;
import org.kie.dmn.model.api.DecisionRule;
import org.kie.dmn.model.api.DecisionTable;
import org.kie.dmn.model.api.RuleAnnotation;
import org.kie.api.runtime.KieRuntimeFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Compiles a rule set's files (DRL, DMN, spreadsheet decision tables) into one KieBase and DMN runtime, from
 * memory: no Maven build of the rules is involved. Each file goes through its {@link RuleFileFormat} first. Problems
 * come back as messages naming file and line.
 */
public final class RuleSetCompiler implements RuleSetCompilation<CompiledRuleSet> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RuleSetCompiler.class);
    private static final String RESOURCES = "src/main/resources/";

    private static final Object RULE_BUILD_LOCK = new Object();
    private static final Object MODEL_BUILD_LOCK = new Object();
    private static final java.util.concurrent.ExecutorService MODEL_BUILDS = java.util.concurrent.Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "decisioning-model-build");
        thread.setDaemon(true);
        return thread;
    });

    private final KieServices kieServices = KieServices.get();
    private final boolean speedUps;

    public RuleSetCompiler() {
        this(true);
    }

    /**
     * @param speedUps whether decision tables run through {@link TableIndexing} and repeated entries are compiled
     *                 once ({@link RepeatedEntryReuse}); off only to compare with Drools' own
     */
    RuleSetCompiler(boolean speedUps) {
        this.speedUps = speedUps;
    }

    @Override
    public CompiledRuleSet failed(String name, VersionNumber version, String hash, List<String> files,
                                  List<DecisionMessage> messages) {
        return CompiledRuleSet.failed(name, version, hash, files, messages);
    }

    @Override
    public List<DecisionMessage> analyse(CompiledRuleSet compiled) {
        return DecisionTableAnalysis.of(compiled.preparedModels());
    }

    /** The files of one of the two Drools modules, by their Drools path, as their formats prepared them. */
    private record Part(String name, Map<String, PreparedFile> files) {
        boolean isEmpty() {
            return files.isEmpty();
        }
    }

    @Override
    public CompiledRuleSet compile(RuleSetSource source) {
        String name = source.name();
        List<String> files = List.copyOf(source.files().keySet());
        java.util.function.Function<List<DecisionMessage>, CompiledRuleSet> failure =
                messages -> CompiledRuleSet.failed(name, source.version(), source.hash(), files, messages);

        DataModel.Read dataModel = DataModel.read(source.files());
        if (!dataModel.problems().isEmpty()) {
            return failure.apply(dataModel.problems());
        }
        Map<String, String> pathToFile = new HashMap<>();
        Part rules = new Part("rules", new TreeMap<>());
        Part models = new Part("models", new TreeMap<>());
        List<DecisionMessage> problems = new ArrayList<>();
        source.files().forEach((file, content) -> RuleFileFormats.of(file).ifPresent(format -> {
            PreparedFile prepared = format.prepare(file, content);
            if (prepared.problem() != null) {
                problems.add(prepared.problem());
                return;
            }
            String path = RESOURCES + artifactId(name) + "/" + prepared.droolsName();
            pathToFile.put(path, file);
            pathToFile.put(path.substring(RESOURCES.length()), file);
            (format.module() == RuleFileFormat.Module.MODELS ? models : rules).files().put(path, prepared);
        }));
        if (!problems.isEmpty()) {
            return failure.apply(problems); // in file order: a sheet that is no table, XML that is not well-formed
        }
        if (rules.isEmpty() && models.isEmpty()) {
            return failure.apply(List.of(DecisionMessage.error("compilation", name, null,
                    "the rule set has no rule files (" + RuleFileFormats.extensions() + ")")));
        }

        // DMN models never see DRL rules (the pipeline passes values between them), so the two build as separate
        // modules, at the same time: on a cold JVM each takes seconds, mostly in different compilers.
        CompletableFuture<Module> modelBuild = models.isEmpty() ? CompletableFuture.completedFuture(null)
                : rules.isEmpty() ? CompletableFuture.completedFuture(build(source, models, MODEL_BUILD_LOCK))
                : CompletableFuture.supplyAsync(() -> build(source, models, MODEL_BUILD_LOCK), MODEL_BUILDS);
        Module ruleModule = rules.isEmpty() ? null : checkRuleCode(source, rules, build(source, rules, RULE_BUILD_LOCK));
        Module modelModule = modelBuild.join();

        List<DecisionMessage> messages = new ArrayList<>();
        for (Module module : java.util.stream.Stream.of(ruleModule, modelModule).filter(java.util.Objects::nonNull).toList()) {
            problems.addAll(module.problems());
            module.messages().forEach(m -> messages.add(toMessage(m, pathToFile, module.built())));
            if (module.thrown() != null) {
                // Some malformed inputs make the builder throw instead of reporting.
                messages.add(DecisionMessage.error("compilation", name, null, module.thrown()));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(m -> files.indexOf(m.source())));
            return failure.apply(problems);
        }
        if (messages.stream().anyMatch(DecisionMessage::blocking)) {
            return failure.apply(messages);
        }
        return assemble(source, ruleModule, modelModule, models, pathToFile, dataModel.model(), messages);
    }

    /** The compiled parts put together: DMN runtime, table rows, summaries, and the data model checked against them. */
    private CompiledRuleSet assemble(RuleSetSource source, Module ruleModule, Module modelModule, Part modelPart,
                                     Map<String, String> pathToFile, DataModel dataModel, List<DecisionMessage> messages) {
        String name = source.name();
        List<String> files = List.copyOf(source.files().keySet());
        KieBase kieBase = ruleModule == null ? null : ruleModule.kieBase();
        boolean hasRules = kieBase != null && kieBase.getKiePackages().stream().anyMatch(p -> !p.getRules().isEmpty());

        DMNRuntime dmnRuntime = null;
        Map<String, DMNModel> models = new TreeMap<>();
        Map<String, CompiledRuleSet.TableRow> tableRows = new HashMap<>();
        Map<String, byte[]> preparedModels = new TreeMap<>();
        modelPart.files().values().forEach(prepared -> preparedModels.put(prepared.fileName(), prepared.content()));
        if (modelModule != null) {
            dmnRuntime = KieRuntimeFactory.of(modelModule.kieBase()).get(DMNRuntime.class);
            // Standard DMN semantics: a value that does not fit its declared type is an error, not silently accepted.
            // A rule set with its own data model has its requests checked against its schema before they reach the
            // model, which makes the runtime's check of every input at every decision that reads it (for a member with
            // a hundred flights, about a third of the decision's time) a second check of the same values.
            ((DMNRuntimeImpl) dmnRuntime).setOption(new RuntimeTypeCheckOption(dataModel == null));
            // Drools' build reports a model's errors and warnings itself, with their lines: those are not repeated.
            java.util.Set<List<Object>> reported = modelModule.messages().stream()
                    .filter(org.kie.dmn.api.core.DMNMessage.class::isInstance).map(org.kie.dmn.api.core.DMNMessage.class::cast)
                    .map(RuleSetCompiler::messageKey).collect(Collectors.toSet());
            for (DMNModel model : dmnRuntime.getModels()) {
                models.put(model.getName(), model);
                String file = model.getResource() == null ? null : fileOfPath(model.getResource().getSourcePath(), pathToFile);
                collectTableRows(model, file, tableRows);
                model.getMessages().stream()
                        .filter(m -> m.getSeverity() != org.kie.dmn.api.core.DMNMessage.Severity.TRACE && !reported.contains(messageKey(m)))
                        .forEach(m -> messages.add(new DecisionMessage(severity(m), "compilation",
                                file == null ? model.getName() : file + (m.getSourceId() == null ? "" : " › " + m.getSourceId()),
                                null, m.getText())));
            }
            if (messages.stream().anyMatch(DecisionMessage::blocking)) {
                return CompiledRuleSet.failed(name, source.version(), source.hash(), files, messages);
            }
            if (speedUps) {
                models.values().forEach(TableIndexing::install);
            }
        }

        List<RuleSetSummary.ModelSummary> modelSummaries = models.values().stream()
                .map(m -> new RuleSetSummary.ModelSummary(m.getName(),
                        m.getResource() == null ? null : fileOfPath(m.getResource().getSourcePath(), pathToFile),
                        m.getNamespace(),
                        m.getInputs().stream().map(i -> i.getName()).sorted().toList(),
                        m.getDecisions().stream().map(DecisionNode::getName).sorted().toList(),
                        m.getDecisionServices().stream().map(s -> s.getName()).sorted().toList()))
                .toList();
        if (dataModel != null) {
            List<DecisionMessage> unanswerable = new ArrayList<>(answerableBy(dataModel, models));
            unanswerable.addAll(DeclaredFacts.check(dataModel.manifest(), hasRules ? kieBase : null));
            if (!unanswerable.isEmpty()) {
                return CompiledRuleSet.failed(name, source.version(), source.hash(), files, unanswerable);
            }
        }
        RuleSetSummary summary = new RuleSetSummary(name, source.version(), source.hash(), RuleSetState.COMPILED, files,
                modelSummaries, List.copyOf(messages), Instant.now());
        // Sessions are reset and reused rather than built per decision: building one costs more than most decisions.
        KieSessionsPool sessions = hasRules ? ruleModule.container().newKieSessionsPool(Runtime.getRuntime().availableProcessors()) : null;
        if (dmnRuntime != null) {
            dmnRuntime.addListener(DecisionTrace.dmnListener());
        }
        return new CompiledRuleSet(summary, hasRules ? kieBase : null, sessions, dmnRuntime, Map.copyOf(models),
                Map.copyOf(pathToFile), Map.copyOf(tableRows), dataModel, Map.copyOf(preparedModels));
    }

    /** What keeps a data model's manifest from being answered by the compiled models: an unknown model or decision. */
    private static List<DecisionMessage> answerableBy(DataModel dataModel, Map<String, DMNModel> models) {
        DataModel.Manifest manifest = dataModel.manifest();
        DMNModel model = DataModelPipeline.modelOf(manifest, models);
        if (model == null) {
            return List.of(DecisionMessage.error("data-model", DataModel.MANIFEST_FILE, null, manifest.model() == null
                    ? "the rule set has " + models.size() + " DMN models " + models.keySet()
                    + "; name the one that decides with 'model'"
                    : "'model' names '" + manifest.model() + "', but the rule set's DMN models are " + models.keySet()));
        }
        List<DecisionMessage> problems = new ArrayList<>();
        for (String output : manifest.outputs()) {
            if (model.getDecisionByName(output) == null && !manifest.derived().containsKey(output)) {
                problems.add(DecisionMessage.error("data-model", DataModel.MANIFEST_FILE, null, "output '" + output
                        + "' is no decision of model '" + model.getName() + "' and no derived value; its decisions are "
                        + model.getDecisions().stream().map(DecisionNode::getName).sorted().toList()));
            }
        }
        return problems;
    }

    /**
     * One Drools module built from some of a rule set's files: its container, or why there is none (problems found
     * before building, Drools' messages, or what the builder threw). DMN models whose only errors are ones the DMN
     * standard accepts ({@link AcceptedModelErrors}) have no container but the KieBase Drools compiled anyway.
     */
    private record Module(KieContainer container, KieBase builtDespiteErrors, List<Message> messages, String thrown,
                          List<DecisionMessage> problems) {
        Module(KieContainer container, List<Message> messages, String thrown, List<DecisionMessage> problems) {
            this(container, null, messages, thrown, problems);
        }

        KieBase kieBase() {
            return container != null ? container.getKieBase() : builtDespiteErrors;
        }

        boolean built() {
            return container != null || builtDespiteErrors != null;
        }
    }

    /**
     * What the rule code may call is checked on what Drools compiled it to, for every compile: publishing, the rules
     * folder at start-up and watch mode alike. A module whose code is refused is thrown away.
     */
    private static Module checkRuleCode(RuleSetSource source, Part rules, Module module) {
        if (module.container() == null) {
            return module;
        }
        long started = System.nanoTime();
        Map<String, String> paths = new HashMap<>();
        Map<String, String> drl = new HashMap<>();
        rules.files().forEach((path, prepared) -> {
            paths.put(path, prepared.fileName());
            paths.put(path.substring(RESOURCES.length()), prepared.fileName());
            if (prepared.drl() != null) {
                drl.put(prepared.fileName(), prepared.drl());
            }
        });
        List<DecisionMessage> refused = RuleCodeCheck.check(module.container().getKieBase(),
                path -> fileOfPath(path, paths), source.files(), drl);
        LOG.debug("rule code of {} checked in {} us", source.name(), (System.nanoTime() - started) / 1_000);
        if (refused.isEmpty()) {
            return module;
        }
        module.container().dispose();
        return new Module(null, module.messages(), null, refused);
    }

    private Module build(RuleSetSource source, Part part, Object lock) {
        KieFileSystem kfs = kieServices.newKieFileSystem();
        ReleaseId releaseId = kieServices.newReleaseId("dev.decisioning.rulesets",
                artifactId(source.name()) + "-" + part.name(), "1.0.0-" + source.hash());
        kfs.generateAndWritePomXML(releaseId);
        if (speedUps && part.name().equals("models")) {
            // Drools takes its DMN compiler from the module's configuration: this module's, not the whole JVM's.
            KieModuleModel module = kieServices.newKieModuleModel();
            module.setConfigurationProperty(RepeatedEntryReuse.PROPERTY, RepeatedEntryReuse.class.getName());
            kfs.writeKModuleXML(module.toXML());
        }
        part.files().forEach((path, prepared) -> kfs.write(path, prepared.content()));
        KieBuilder builder;
        try {
            // One build of each kind at a time: Drools' first builds in a fresh JVM are not thread-safe (two DRL
            // builds at once can fail with "Unknown resource type"), and builds are rare next to decisions.
            synchronized (lock) {
                builder = kieServices.newKieBuilder(kfs).buildAll();
            }
        } catch (RuntimeException e) {
            return new Module(null, List.of(), rootMessage(e), List.of());
        }
        List<Message> messages = builder.getResults().getMessages();
        if (messages.stream().anyMatch(m -> m.getLevel() == Message.Level.ERROR)) {
            KieBase despite = part.name().equals("models") ? AcceptedModelErrors.kieBaseDespiteErrors(builder) : null;
            return new Module(null, despite, messages, null, List.of());
        }
        KieContainer container = kieServices.newKieContainer(builder.getKieModule().getReleaseId());
        container.getKieBase(); // built here, on this thread, while the other part may still be building
        // The container is all we keep; leaving every published module in Drools' global repository would leak.
        kieServices.getRepository().removeKieModule(builder.getKieModule().getReleaseId());
        return new Module(container, messages, null, List.of());
    }

    /**
     * Rows of every decision table in decisions and business knowledge models, nested ones included, for explanations
     * and coverage.
     */
    private static void collectTableRows(DMNModel model, String file, Map<String, CompiledRuleSet.TableRow> rows) {
        TableIndexing.tablesOf(model, (owner, table) -> collectTableRows(table, owner, file, rows));
    }

    private static void collectTableRows(DecisionTable table, String owner, String file,
                                         Map<String, CompiledRuleSet.TableRow> rows) {
        // DMN events name a table by its output label when it has one, else by the element that owns it.
        String tableName = table.getOutputLabel() != null && !table.getOutputLabel().isBlank() ? table.getOutputLabel() : owner;
        int position = 0;
        for (DecisionRule rule : table.getRule()) {
            position++;
            String note = rule.getAnnotationEntry().stream().map(RuleAnnotation::getText)
                    .filter(t -> t != null && !t.isBlank()).collect(Collectors.joining("; "));
            if (note.isEmpty() && rule.getDescription() != null && !rule.getDescription().isBlank()) {
                note = rule.getDescription().strip(); // where Camunda Modeler keeps a row's annotation
            }
            if (rule.getId() != null) {
                rows.put(rule.getId(), new CompiledRuleSet.TableRow(file, note.isEmpty() ? null : note, tableName, position));
            }
        }
    }

    /** @param built whether the module was built, which makes the errors the DMN standard accepts warnings */
    private static DecisionMessage toMessage(Message message, Map<String, String> pathToFile, boolean built) {
        DecisionMessage.Severity severity = switch (message.getLevel()) {
            case ERROR -> built && AcceptedModelErrors.accepted(message) ? DecisionMessage.Severity.WARNING
                    : DecisionMessage.Severity.ERROR;
            case WARNING -> DecisionMessage.Severity.WARNING;
            case INFO -> DecisionMessage.Severity.INFO;
        };
        String file = fileOfPath(message.getPath(), pathToFile);
        Integer line = message.getLine() > 0 ? message.getLine() : null;
        String text = message.getText().strip();
        return RuleFileFormats.of(file).map(format -> format.compileMessage(severity, file, line, text))
                .orElseGet(() -> new DecisionMessage(severity, "compilation", file, line, text));
    }

    private static String fileOfPath(String path, Map<String, String> pathToFile) {
        if (path == null) {
            return null;
        }
        String found = pathToFile.get(path);
        if (found != null) {
            return found;
        }
        return pathToFile.entrySet().stream().filter(e -> path.endsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue).orElse(path);
    }

    /** What tells one DMN message from another: Drools' build copies them. */
    private static List<Object> messageKey(org.kie.dmn.api.core.DMNMessage message) {
        return java.util.Arrays.asList(message.getSeverity(), message.getMessageType(), message.getSourceId(),
                message.getText() == null ? null : message.getText().strip());
    }

    private static DecisionMessage.Severity severity(org.kie.dmn.api.core.DMNMessage message) {
        return switch (message.getSeverity()) {
            case ERROR -> AcceptedModelErrors.accepted(message) ? DecisionMessage.Severity.WARNING : DecisionMessage.Severity.ERROR;
            case WARN -> DecisionMessage.Severity.WARNING;
            default -> DecisionMessage.Severity.INFO;
        };
    }

    private static String artifactId(String ruleSetName) {
        return ruleSetName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
