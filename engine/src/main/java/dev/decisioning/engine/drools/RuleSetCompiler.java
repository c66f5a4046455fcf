package dev.decisioning.engine.drools;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.datamodel.DataModel;
import dev.decisioning.engine.loading.RuleSetSource;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
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
 * memory: no Maven build of the rules is involved. Problems come back as messages naming file and line.
 */
final class RuleSetCompiler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RuleSetCompiler.class);
    private static final String RESOURCES = "src/main/resources/";
    private static final java.util.regex.Pattern SPREADSHEET_RULE_IN_TEXT = java.util.regex.Pattern.compile("[\\w-]+_(\\d+)\\b");

    private static final Object RULE_BUILD_LOCK = new Object();
    private static final Object MODEL_BUILD_LOCK = new Object();
    private static final java.util.concurrent.ExecutorService MODEL_BUILDS = java.util.concurrent.Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "decisioning-model-build");
        thread.setDaemon(true);
        return thread;
    });

    static {
        // Drools reads its DMN options from system properties too; a deployment can still name its own factory.
        if (System.getProperty(RepeatedEntryReuse.PROPERTY) == null) {
            System.setProperty(RepeatedEntryReuse.PROPERTY, RepeatedEntryReuse.class.getName());
        }
    }

    private final KieServices kieServices = KieServices.get();
    private final boolean indexTables;

    RuleSetCompiler() {
        this(true);
    }

    /**
     * @param indexTables whether decision tables run through {@link TableIndexing} and repeated entries are compiled
     *                    once ({@link RepeatedEntryReuse}); off only to compare with Drools' own
     */
    RuleSetCompiler(boolean indexTables) {
        this.indexTables = indexTables;
    }

    CompiledRuleSet compile(RuleSetSource source) {
        String name = source.name();
        String version = source.version();
        String hash = source.hash();
        List<String> files = List.copyOf(source.files().keySet());
        List<DecisionMessage> messages = new ArrayList<>();
        Map<String, String> pathToFile = new HashMap<>();

        // Drools path -> the rule set's file name, for each of the two parts.
        Map<String, String> ruleFiles = new TreeMap<>();
        Map<String, String> modelFiles = new TreeMap<>();
        for (String file : source.files().keySet()) {
            RuleFileKind kind = RuleFileKind.of(file);
            if (kind == RuleFileKind.NOT_A_RULE_FILE) {
                continue;
            }
            String path = RESOURCES + artifactId(name) + "/" + RuleFileKind.droolsName(file);
            pathToFile.put(path, file);
            pathToFile.put(path.substring(RESOURCES.length()), file);
            (kind == RuleFileKind.DMN ? modelFiles : ruleFiles).put(path, file);
        }
        DataModel.Read dataModel = DataModel.read(source.files());
        if (!dataModel.problems().isEmpty()) {
            return CompiledRuleSet.failed(name, version, hash, files, dataModel.problems());
        }
        if (ruleFiles.isEmpty() && modelFiles.isEmpty()) {
            messages.add(DecisionMessage.error("compilation", name, null,
                    "the rule set has no rule files (.dmn, .drl, .xlsx, .xls or .csv)"));
            return CompiledRuleSet.failed(name, version, hash, files, messages);
        }

        // DMN models never see DRL rules (the pipeline passes values between them), so the two build as separate
        // modules, at the same time: on a cold JVM each takes seconds, mostly in different compilers.
        CompletableFuture<Module> modelBuild = modelFiles.isEmpty() ? CompletableFuture.completedFuture(null)
                : ruleFiles.isEmpty() ? CompletableFuture.completedFuture(checkAndBuild(source, "models", modelFiles, MODEL_BUILD_LOCK))
                : CompletableFuture.supplyAsync(() -> checkAndBuild(source, "models", modelFiles, MODEL_BUILD_LOCK), MODEL_BUILDS);
        Module ruleModule = ruleFiles.isEmpty() ? null : checkAndBuild(source, "rules", ruleFiles, RULE_BUILD_LOCK);
        Module modelModule = modelBuild.join();
        List<Module> built = java.util.stream.Stream.of(ruleModule, modelModule).filter(java.util.Objects::nonNull).toList();
        List<DecisionMessage> problems = new ArrayList<>();
        built.forEach(module -> problems.addAll(module.problems()));
        if (!problems.isEmpty()) {
            // Drools reports unreadable XML only as a null model, and a sheet that is no decision table by failing the
            // whole build: say which file, and where.
            problems.sort(Comparator.comparingInt(m -> files.indexOf(m.source())));
            return CompiledRuleSet.failed(name, version, hash, files, problems);
        }
        for (Module module : built) {
            module.messages().forEach(m -> messages.add(toMessage(m, pathToFile)));
            if (module.thrown() != null) {
                // Some malformed inputs (a corrupt spreadsheet, say) make the builder throw instead of reporting.
                messages.add(DecisionMessage.error("compilation", name, null, module.thrown()));
            }
        }
        if (messages.stream().anyMatch(DecisionMessage::blocking)) {
            return CompiledRuleSet.failed(name, version, hash, files, messages);
        }

        KieBase kieBase = ruleModule == null ? null : ruleModule.container().getKieBase();
        boolean hasRules = kieBase != null && kieBase.getKiePackages().stream().anyMatch(p -> !p.getRules().isEmpty());
        boolean hasModels = modelModule != null;

        DMNRuntime dmnRuntime = null;
        Map<String, DMNModel> models = new TreeMap<>();
        Map<String, CompiledRuleSet.TableRow> tableRows = new HashMap<>();
        if (hasModels) {
            dmnRuntime = KieRuntimeFactory.of(modelModule.container().getKieBase()).get(DMNRuntime.class);
            // Standard DMN semantics: a value that does not fit its declared type is an error, not silently accepted.
            // A rule set with its own data model has its requests checked against its schema before they reach the
            // model, which makes the runtime's check of every input at every decision that reads it (for a member with
            // a hundred flights, about a third of the decision's time) a second check of the same values.
            ((DMNRuntimeImpl) dmnRuntime).setOption(new RuntimeTypeCheckOption(dataModel.model() == null));
            for (DMNModel model : dmnRuntime.getModels()) {
                models.put(model.getName(), model);
                String file = model.getResource() == null ? null : fileOfPath(model.getResource().getSourcePath(), pathToFile);
                collectTableRows(model, file, tableRows);
                model.getMessages().stream()
                        .filter(m -> m.getSeverity() != org.kie.dmn.api.core.DMNMessage.Severity.TRACE)
                        .forEach(m -> messages.add(new DecisionMessage(severity(m.getSeverity()), "compilation",
                                file == null ? model.getName() : file + (m.getSourceId() == null ? "" : " › " + m.getSourceId()),
                                null, m.getText())));
            }
            if (messages.stream().anyMatch(DecisionMessage::blocking)) {
                return CompiledRuleSet.failed(name, version, hash, files, messages);
            }
            if (indexTables) {
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
        if (dataModel.model() != null) {
            List<DecisionMessage> unanswerable = new ArrayList<>(answerableBy(dataModel.model(), models));
            unanswerable.addAll(DeclaredFacts.check(dataModel.model().manifest(), hasRules ? kieBase : null));
            if (!unanswerable.isEmpty()) {
                return CompiledRuleSet.failed(name, version, hash, files, unanswerable);
            }
        }
        RuleSetSummary summary = new RuleSetSummary(name, version, hash, RuleSetState.ACTIVE, files, modelSummaries,
                List.copyOf(messages), Instant.now());
        // Sessions are reset and reused rather than built per decision: building one costs more than most decisions.
        KieSessionsPool sessions = hasRules ? ruleModule.container().newKieSessionsPool(Runtime.getRuntime().availableProcessors()) : null;
        CompiledRuleSet compiled = new CompiledRuleSet(summary, hasRules ? kieBase : null, sessions, dmnRuntime,
                Map.copyOf(models), Map.copyOf(pathToFile), Map.copyOf(tableRows), dataModel.model());
        if (dmnRuntime != null) {
            dmnRuntime.addListener(DecisionTrace.dmnListener());
        }
        return compiled;
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
     * before building, Drools' messages, or what the builder threw).
     */
    private record Module(KieContainer container, List<Message> messages, String thrown, List<DecisionMessage> problems) {
    }

    /** Checks the part's files as Drools would not, then builds them (on the part's own thread). */
    private Module checkAndBuild(RuleSetSource source, String part, Map<String, String> pathToFile, Object lock) {
        List<DecisionMessage> problems = new ArrayList<>();
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, String> spreadsheetDrl = new HashMap<>();
        pathToFile.forEach((path, file) -> {
            byte[] content = source.files().get(file);
            if (RuleFileKind.of(file) == RuleFileKind.DMN) {
                DmnXmlCheck.problem(file, content).ifPresent(problems::add);
                content = DmnCompatibility.normalize(content);
            } else if (RuleFileKind.of(file) == RuleFileKind.DECISION_TABLE) {
                spreadsheetProblem(file, content, spreadsheetDrl).ifPresent(problems::add);
            }
            files.put(path, content);
        });
        if (!problems.isEmpty()) {
            return new Module(null, List.of(), null, problems);
        }
        Module module = build(source.name(), source.hash(), part, files, lock);
        if (module.container() == null || modelPart(pathToFile)) {
            return module;
        }
        // What the rule code may call is checked on what Drools compiled it to, for every compile: publishing, the
        // rules folder at start-up and watch mode alike.
        long started = System.nanoTime();
        Map<String, String> paths = new HashMap<>(pathToFile);
        pathToFile.forEach((path, file) -> paths.put(path.substring(RESOURCES.length()), file));
        List<DecisionMessage> refused = RuleCodeCheck.check(module.container().getKieBase(),
                path -> fileOfPath(path, paths), source.files(), spreadsheetDrl);
        LOG.debug("rule code of {} ({}) checked in {} us", source.name(), part, (System.nanoTime() - started) / 1_000);
        if (refused.isEmpty()) {
            return module;
        }
        module.container().dispose();
        return new Module(null, module.messages(), null, refused);
    }

    private static boolean modelPart(Map<String, String> pathToFile) {
        return pathToFile.values().stream().allMatch(file -> RuleFileKind.of(file) == RuleFileKind.DMN);
    }

    private Module build(String ruleSetName, String hash, String part, Map<String, byte[]> files, Object lock) {
        KieFileSystem kfs = kieServices.newKieFileSystem();
        ReleaseId releaseId = kieServices.newReleaseId("dev.decisioning.rulesets", artifactId(ruleSetName) + "-" + part,
                "1.0.0-" + hash);
        // No kmodule.xml: Drools' default module is all a rule set needs (DMN type checking is switched on in the
        // runtime instead), and parsing one back costs an XML round trip on every build.
        kfs.generateAndWritePomXML(releaseId);
        files.forEach(kfs::write);
        KieBuilder builder;
        try {
            // One build of each kind at a time: Drools' first builds in a fresh JVM are not thread-safe (two DRL
            // builds at once can fail with "Unknown resource type"), and builds are rare next to decisions.
            synchronized (lock) {
                RepeatedEntryReuse.PLAIN.set(!indexTables);
                try {
                    builder = kieServices.newKieBuilder(kfs).buildAll();
                } finally {
                    RepeatedEntryReuse.PLAIN.remove();
                }
            }
        } catch (RuntimeException e) {
            return new Module(null, List.of(), rootMessage(e), List.of());
        }
        List<Message> messages = builder.getResults().getMessages();
        if (messages.stream().anyMatch(m -> m.getLevel() == Message.Level.ERROR)) {
            return new Module(null, messages, null, List.of());
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

    /** Whether a spreadsheet is a decision table; if it is, the DRL it stands for goes into {@code drl}. */
    private static java.util.Optional<DecisionMessage> spreadsheetProblem(String fileName, byte[] content,
                                                                          Map<String, String> drl) {
        try {
            org.drools.decisiontable.InputType type = fileName.toLowerCase(Locale.ROOT).endsWith(".csv")
                    ? org.drools.decisiontable.InputType.CSV : org.drools.decisiontable.InputType.XLS;
            drl.put(fileName, new org.drools.decisiontable.SpreadsheetCompiler().compile(new java.io.ByteArrayInputStream(content), type));
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.of(DecisionMessage.error("compilation", fileName, null,
                    "not a Drools decision table: " + rootMessage(e)));
        }
    }

    private static DecisionMessage toMessage(Message message, Map<String, String> pathToFile) {
        DecisionMessage.Severity severity = switch (message.getLevel()) {
            case ERROR -> DecisionMessage.Severity.ERROR;
            case WARNING -> DecisionMessage.Severity.WARNING;
            case INFO -> DecisionMessage.Severity.INFO;
        };
        String file = fileOfPath(message.getPath(), pathToFile);
        Integer line = message.getLine() > 0 ? message.getLine() : null;
        String text = message.getText().strip();
        if (file != null && RuleFileKind.of(file) == RuleFileKind.DECISION_TABLE) {
            // Drools counts lines of the rules it generates from the sheet; the sheet row is in the rule's name.
            java.util.regex.Matcher row = SPREADSHEET_RULE_IN_TEXT.matcher(text);
            line = row.find() ? Integer.valueOf(row.group(1)) : null;
            text = line == null ? text : "row " + line + ": " + text;
        }
        return new DecisionMessage(severity, "compilation", file, line, text);
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

    private static DecisionMessage.Severity severity(org.kie.dmn.api.core.DMNMessage.Severity severity) {
        return switch (severity) {
            case ERROR -> DecisionMessage.Severity.ERROR;
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
