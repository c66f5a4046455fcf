package dev.decisioning.engine.lifecycle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.EngineEvents;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.PublishOptions;
import dev.decisioning.engine.PublishOutcome;
import dev.decisioning.engine.PublishingUnavailableException;
import dev.decisioning.engine.RuleSetActivation;
import dev.decisioning.engine.RuleSetNotServingException;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.UnknownVersionException;
import dev.decisioning.engine.VersionNumber;
import dev.decisioning.engine.formats.RuleFileFormat;
import dev.decisioning.engine.formats.RuleFileFormats;
import dev.decisioning.engine.loading.RuleSetLoader;
import dev.decisioning.engine.loading.RuleSetSource;
import dev.decisioning.engine.store.DirectoryRuleSetStore;
import dev.decisioning.engine.store.FileNames;
import dev.decisioning.engine.store.RuleSetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The versions of every rule set and which one answers: loading them at start, publishing, activating and rolling
 * back, following another server's activations, and handing out compiled versions to decide with. Compiling is the
 * {@link RuleSetCompilation}'s; this class knows no Drools type.
 *
 * @param <C> the compiler's type of compiled version
 */
public final class VersionLifecycle<C extends CompiledVersion<C>> {
    private static final Logger LOG = LoggerFactory.getLogger(VersionLifecycle.class);
    /** Analysis of publishes, beside their store and switch; daemon, so it never holds the JVM open. */
    private static final Executor ANALYSIS = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "table-analysis");
        thread.setDaemon(true);
        return thread;
    });

    private final RuleSetCompilation<C> compilation;
    private final RuleSetStore store;
    private final ServingVersions<C> serving = new ServingVersions<>();
    /** Compiled versions other than the active ones (staged, recently replaced): rollback and previews skip compiling. */
    private final Cache<String, C> compiledVersions = Caffeine.newBuilder().maximumSize(32).build();
    /** One publish or activation at a time, so the store's active pointer and what serves agree. */
    private final Object lock = new Object();
    private final List<Consumer<RuleSetActivation>> activationListeners = new CopyOnWriteArrayList<>();
    private final EngineEvents events;
    /** Why the last change of a rule set's folder under the rules directory was refused, until a version replaces it. */
    private final Map<String, List<DecisionMessage>> refusedChanges = new ConcurrentHashMap<>();

    private VersionLifecycle(RuleSetCompilation<C> compilation, RuleSetLoader loader, EngineEvents events) {
        this.compilation = compilation;
        this.store = loader instanceof RuleSetStore versioned ? versioned : null;
        this.events = events;
    }

    /** Every rule set the loader provides, each compiled once, now; what it could not read is listed with why. */
    public static <C extends CompiledVersion<C>> VersionLifecycle<C> start(RuleSetCompilation<C> compilation,
                                                                         RuleSetLoader loader) {
        return start(compilation, loader, EngineEvents.NONE);
    }

    /** As {@link #start(RuleSetCompilation, RuleSetLoader)}, reporting compiles, publishes and activations to {@code events}. */
    public static <C extends CompiledVersion<C>> VersionLifecycle<C> start(RuleSetCompilation<C> compilation,
                                                                         RuleSetLoader loader, EngineEvents events) {
        VersionLifecycle<C> lifecycle = new VersionLifecycle<>(compilation, loader, events);
        Map<String, List<DecisionMessage>> problems = loader.problems();
        Set<String> loaded = new HashSet<>();
        for (RuleSetSource source : loader.loadAll()) {
            lifecycle.load(source, problems.getOrDefault(source.name(), List.of()));
            loaded.add(source.name());
        }
        problems.forEach((name, messages) -> {
            if (!loaded.contains(name)) {
                lifecycle.serving.put(compilation.failed(name, null, "", List.of(), messages));
            }
        });
        return lifecycle;
    }

    /** Compiles and serves a rule set; {@code notes} (what the loader repaired) come with its summary. */
    private void load(RuleSetSource source, List<DecisionMessage> notes) {
        long started = System.nanoTime();
        C compiled = compile(source);
        if (!notes.isEmpty()) {
            compiled = compiled.withMessages(notes);
        }
        serve(compiled);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (compiled.serves()) {
            LOG.info("rule set {} version {} compiled in {} ms", compiled.name(), compiled.version(), millis);
        } else {
            List<DecisionMessage> errors = compiled.summary().messages().stream().filter(DecisionMessage::blocking)
                    .distinct().toList();
            LOG.warn("rule set {} version {} failed to compile, {} error(s):", compiled.name(), compiled.version(),
                    errors.size());
            for (DecisionMessage error : errors) {
                LOG.atWarn().addKeyValue("ruleset", compiled.name()).addKeyValue("file", error.source())
                        .addKeyValue("line", error.line())
                        .log("rule set {}: {}", compiled.name(), error.describe());
            }
        }
    }

    /** Compiles a version, telling the events how long it took. */
    private C compile(RuleSetSource source) {
        long started = System.nanoTime();
        C compiled = compilation.compile(source);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        tell(() -> events.compiled(source.name(), took, compiled.serves()));
        return compiled;
    }

    private void tell(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("an engine event listener failed: {}", e.toString());
        }
    }

    /**
     * Why the last change of a rule set's folder under the rules directory was not published, as warnings (the
     * active version keeps serving); empty when none was refused since a version of it was last published or
     * activated.
     */
    public List<DecisionMessage> refusedChange(String name) {
        return refusedChanges.getOrDefault(name, List.of());
    }

    private void refusedFromRulesDirectory(String name, List<DecisionMessage> messages) {
        C active = serving.find(name);
        String keeps = active != null && active.serves() && active.version() != null
                ? "version " + active.version() + " keeps serving" : "no version of it serves";
        List<DecisionMessage> refused = new ArrayList<>();
        refused.add(new DecisionMessage(DecisionMessage.Severity.WARNING, REFUSED_CHANGE, null, null,
                "the files changed under the rules directory at " + Instant.now() + " were not published: " + keeps));
        // Drools reports some errors once for every rule they touch: each is listed once.
        messages.stream().filter(DecisionMessage::blocking).distinct().forEach(message -> refused.add(
                new DecisionMessage(DecisionMessage.Severity.WARNING, REFUSED_CHANGE, message.source(), message.line(),
                        message.text())));
        refusedChanges.put(name, List.copyOf(refused));
    }

    /** The type of the messages that say why a change under the rules directory was not published. */
    public static final String REFUSED_CHANGE = "refused-change";

    /** Every rule set's answering version, compiled or not, sorted by name. */
    public List<C> all() {
        return serving.all();
    }

    /**
     * @throws dev.decisioning.engine.UnknownRuleSetException when there is none of that name
     */
    public C current(String name) {
        return serving.get(name);
    }

    /** The version that answers a rule set's calls, or the stored version asked for (null for the active one). */
    public C serving(String name, Integer version) {
        if (version != null) {
            return servingVersion(name, version);
        }
        C ruleSet = serving.get(name);
        if (!ruleSet.serves()) {
            throw new RuleSetNotServingException("rule set '" + name + "' did not compile; fix its files and reload",
                    ruleSet.summary().messages());
        }
        return ruleSet;
    }

    /** A stored version, compiled once and cached like previews' candidates; the active one is not touched. */
    private C servingVersion(String name, int version) {
        serving.get(name); // an unknown name is reported as such, before any version lookup
        C compiled = compiledVersion(requireStore(), name, version);
        if (!compiled.serves()) {
            throw new RuleSetNotServingException("version " + version + " of '" + name + "' does not compile",
                    compiled.summary().messages());
        }
        return compiled;
    }

    /**
     * Validates, compiles and stores files as a new version of a rule set, activating it unless told not to. A version
     * that does not compile is refused: nothing is stored, nothing changes, and the outcome carries the messages.
     */
    public PublishOutcome publish(String name, Map<String, byte[]> files, PublishOptions options) {
        RuleSetStore versions = requireStore();
        if (!DirectoryRuleSetStore.isValidName(name)) {
            throw InvalidRequestException.of("ruleset", "'" + name
                    + "' is not a valid rule set name: use letters, digits, '.', '_' and '-'");
        }
        if (files.isEmpty()) {
            throw InvalidRequestException.of("files", "no rule files to publish");
        }
        for (String file : files.keySet()) {
            Optional<String> problem = FileNames.problem(file);
            if (problem.isPresent()) {
                throw InvalidRequestException.of("files", problem.get());
            }
        }
        List<DecisionMessage> messages = new ArrayList<>(refusedFromOutside(versions, name, files, options));
        if (messages.stream().anyMatch(DecisionMessage::blocking)) {
            return refused(new PublishOutcome(name, null, false, false, messages), options);
        }
        RuleSetSource source = RuleSetSource.of(name, files);
        long compileStarted = System.nanoTime();
        C compiled = compile(source);
        LOG.info("rule set {} ({}) compiled for publishing in {} ms", name, source.hash(),
                (System.nanoTime() - compileStarted) / 1_000_000);
        messages.addAll(compiled.summary().messages());
        if (!compiled.serves()) {
            return refused(new PublishOutcome(name, null, false, false, messages), options);
        }
        // The new version starts answering as soon as it is compiled and stored; the analysis (warnings for the
        // publisher) runs beside the store and switch, and the publisher waits for its findings.
        CompletableFuture<List<DecisionMessage>> analysis =
                CompletableFuture.supplyAsync(() -> compilation.analyse(compiled), ANALYSIS);
        PublishOutcome outcome = storeAndActivate(versions, source, compiled, options);
        messages.addAll(analysis.join());
        PublishOutcome published = new PublishOutcome(outcome.ruleSet(), outcome.version(), outcome.created(),
                outcome.activated(), List.copyOf(messages));
        tell(() -> events.published(published));
        return published;
    }

    /** A publish that was refused: told to the events and, for the rules directory's files, kept for the summary. */
    private PublishOutcome refused(PublishOutcome outcome, PublishOptions options) {
        if (options.fromRulesDirectory()) {
            refusedFromRulesDirectory(outcome.ruleSet(), outcome.messages());
        }
        tell(() -> events.published(outcome));
        return outcome;
    }

    /** Files a publisher from outside may not send on this server (DRL where it is off), other than those unchanged. */
    private static List<DecisionMessage> refusedFromOutside(RuleSetStore versions, String name, Map<String, byte[]> files,
                                                            PublishOptions options) {
        if (!options.untrusted() || options.drlAllowed()) {
            return List.of();
        }
        Map<String, byte[]> accepted = activeFiles(versions, name);
        List<DecisionMessage> refused = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (Arrays.equals(file.getValue(), accepted.get(file.getKey()))) {
                continue; // unchanged from the active version, which was accepted already
            }
            // What rule code may call is checked for every compile; this is a policy of the server's own.
            if (RuleFileFormats.of(file.getKey()).map(RuleFileFormat::handWrittenCode).orElse(false)) {
                refused.add(DecisionMessage.error("safety", file.getKey(), null,
                        "publishing DRL over HTTP is disabled on this server; DMN and spreadsheets are accepted"));
            }
        }
        return refused;
    }

    /** Saves the compiled files as the next version and, if asked, makes it the one that answers. */
    private PublishOutcome storeAndActivate(RuleSetStore versions, RuleSetSource source, C compiled,
                                            PublishOptions options) {
        String name = source.name();
        long started = System.nanoTime();
        synchronized (lock) {
            boolean existed = versions.versions(name).stream().anyMatch(v -> v.hash().equals(source.hash()));
            RuleSetVersion version = versions.save(name, source.files(), options.author());
            C numbered = compiled.withVersion(VersionNumber.of(version.number()));
            compiledVersions.put(key(name, version.number()), numbered);
            if (options.activate()) {
                versions.activate(name, version.number());
                serve(numbered);
                LOG.info("rule set {} version {} ({}) published by {} and active ({} ms to store and switch)",
                        name, version.number(), version.hash(), options.author(),
                        (System.nanoTime() - started) / 1_000_000);
                activated(name, version.number(), EngineEvents.Activation.PUBLISH);
                announce(new RuleSetActivation(version, source.files()));
            }
            return new PublishOutcome(name, version, !existed, options.activate(), List.of());
        }
    }

    /** The stored versions of a rule set, oldest first. */
    public List<RuleSetVersion> versions(String name) {
        List<RuleSetVersion> stored = requireStore().versions(name);
        if (stored.isEmpty()) {
            serving.get(name); // an unknown name is a 404, a known one without versions an empty list
        }
        return stored;
    }

    /** Makes a stored version the one that answers: activation and rollback are the same call. */
    public C activate(String name, int version) {
        RuleSetStore versions = requireStore();
        synchronized (lock) {
            C compiled = compiledVersion(versions, name, version);
            if (!compiled.serves()) {
                throw new RuleSetNotServingException("version " + version + " of '" + name
                        + "' does not compile, so it cannot be activated", compiled.summary().messages());
            }
            versions.activate(name, version);
            serve(compiled);
            LOG.info("rule set {} version {} activated", name, version);
            activated(name, version, EngineEvents.Activation.ACTIVATE);
            announce(activation(versions, name, version));
            return compiled;
        }
    }

    /**
     * Makes a compiled version the one that answers. The version it replaces stays compiled in the cache, as does
     * this one, so that rolling back, or forward again, swaps at once instead of recompiling.
     */
    private void serve(C compiled) {
        C replaced = serving.find(compiled.name());
        serving.put(compiled);
        for (C kept : List.of(compiled, replaced == null ? compiled : replaced)) {
            if (kept.serves() && kept.version() != null) {
                compiledVersions.put(key(kept.name(), kept.version().value()), kept);
            }
        }
    }

    /** A version answers now: what was refused from the rules directory before it no longer applies. */
    private void activated(String name, int version, EngineEvents.Activation how) {
        refusedChanges.remove(name);
        tell(() -> events.activated(name, version, how));
    }

    /** Called after every activation made here; the returned handle stops the calls. */
    public AutoCloseable onActivation(Consumer<RuleSetActivation> listener) {
        activationListeners.add(listener);
        return () -> activationListeners.remove(listener);
    }

    /**
     * Stores a version exactly as another server numbered it, and activates it, unless it is already the active one.
     *
     * @return true when it changed which version answers here
     */
    public boolean follow(RuleSetActivation activation) {
        RuleSetStore versions = requireStore();
        RuleSetVersion version = activation.version();
        synchronized (lock) {
            C active = serving.find(version.ruleSet());
            if (active != null && active.version() != null && active.version().is(version.number())
                    && active.hash().equals(version.hash())) {
                return false;
            }
            versions.saveAs(version, activation.files());
            C compiled = compiledVersion(versions, version.ruleSet(), version.number());
            if (!compiled.serves()) {
                throw new RuleSetNotServingException("version " + version.number() + " of '" + version.ruleSet()
                        + "' does not compile here, so it is not activated", compiled.summary().messages());
            }
            versions.activate(version.ruleSet(), version.number());
            serve(compiled);
            LOG.info("rule set {} version {} activated as another server did", version.ruleSet(), version.number());
            activated(version.ruleSet(), version.number(), EngineEvents.Activation.FOLLOW);
            return true;
        }
    }

    /** The active version of every stored rule set, with its files. */
    public List<RuleSetActivation> activeVersions() {
        RuleSetStore versions = requireStore();
        List<RuleSetActivation> active = new ArrayList<>();
        for (C ruleSet : serving.all()) {
            versions.activeVersion(ruleSet.name()).ifPresent(number -> active.add(activation(versions, ruleSet.name(), number)));
        }
        return active;
    }

    /** The files of the active version of a rule set; empty when it has none stored. */
    public SortedMap<String, byte[]> activeFiles(String name) {
        return new TreeMap<>(activeFiles(requireStore(), name));
    }

    /** A stored version compiled to compare with the active one, which must serve too. */
    public C candidate(String name, int version) {
        serving(name, null);
        C candidate = compiledVersion(requireStore(), name, version);
        if (!candidate.serves()) {
            throw new RuleSetNotServingException("version " + version + " of '" + name + "' does not compile",
                    candidate.summary().messages());
        }
        return candidate;
    }

    private static RuleSetActivation activation(RuleSetStore versions, String name, int number) {
        RuleSetVersion version = versions.versions(name).stream().filter(v -> v.number() == number)
                .findFirst().orElseThrow(() -> new UnknownVersionException(name, number));
        RuleSetSource source = versions.source(name, number)
                .orElseThrow(() -> new UnknownVersionException(name, number));
        return new RuleSetActivation(version, source.files());
    }

    private void announce(RuleSetActivation activation) {
        for (Consumer<RuleSetActivation> listener : activationListeners) {
            try {
                listener.accept(activation);
            } catch (RuntimeException e) {
                LOG.warn("activation listener failed for {} version {}: {}", activation.version().ruleSet(),
                        activation.version().number(), e.getMessage());
            }
        }
    }

    private C compiledVersion(RuleSetStore versions, String name, int version) {
        C current = serving.find(name);
        if (current != null && current.version() != null && current.version().is(version)) {
            return current;
        }
        return compiledVersions.get(key(name, version), k -> compile(versions.source(name, version)
                .orElseThrow(() -> new UnknownVersionException(name, version))));
    }

    private static Map<String, byte[]> activeFiles(RuleSetStore versions, String name) {
        OptionalInt active = versions.activeVersion(name);
        if (active.isEmpty()) {
            return Map.of();
        }
        return versions.source(name, active.getAsInt()).<Map<String, byte[]>>map(RuleSetSource::files).orElse(Map.of());
    }

    private RuleSetStore requireStore() {
        if (store == null) {
            throw new PublishingUnavailableException();
        }
        return store;
    }

    private static String key(String name, int version) {
        return name + "@" + version;
    }
}
