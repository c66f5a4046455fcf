package dev.decisioning.engine.lifecycle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.decisioning.engine.ActivationRecord;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.ExpectedVersion;
import dev.decisioning.engine.FilesDroppedException;
import dev.decisioning.engine.EngineEvents;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.PublishOptions;
import dev.decisioning.engine.PublishOutcome;
import dev.decisioning.engine.PublishingUnavailableException;
import dev.decisioning.engine.RuleSetActivation;
import dev.decisioning.engine.RuleSetArchivedException;
import dev.decisioning.engine.RuleSetNotServingException;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.UnknownRuleSetException;
import dev.decisioning.engine.UnknownVersionException;
import dev.decisioning.engine.VersionConflictException;
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
 * back, following another server's activations, archiving, and handing out compiled versions to decide with. Every
 * change of the active version is recorded in the rule set's activation log, with who made it. Compiling is the
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
    private final List<Consumer<ActivationRecord>> archiveListeners = new CopyOnWriteArrayList<>();
    /**
     * The archived rule sets, with the log entry that archived each. Their entry in {@link #serving} is a stand-in
     * that lists their active version without its compiled rules: they are not compiled while archived.
     */
    private final Map<String, ActivationRecord> archived = new ConcurrentHashMap<>();
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
            Optional<ActivationRecord> archivedBy = lifecycle.store == null ? Optional.empty()
                    : lifecycle.store.archived(source.name());
            if (archivedBy.isPresent()) {
                lifecycle.archived.put(source.name(), archivedBy.get());
                lifecycle.serving.put(lifecycle.standIn(source));
                LOG.info("rule set {} is archived (version {} kept, not compiled)", source.name(), source.version());
            } else {
                lifecycle.load(source, problems.getOrDefault(source.name(), List.of()));
            }
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
        String which = compiled.version() == null ? "(" + compiled.hash() + ")" : "version " + compiled.version();
        if (compiled.serves()) {
            LOG.info("rule set {} {} compiled in {} ms", compiled.name(), which, millis);
        } else {
            List<DecisionMessage> errors = compiled.summary().messages().stream().filter(DecisionMessage::blocking)
                    .distinct().toList();
            LOG.warn("rule set {} {} failed to compile, {} error(s):", compiled.name(), which, errors.size());
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
        refuseIfArchived(name);
        if (!ruleSet.serves()) {
            refuseIfArchived(name); // archived while this call started
            throw new RuleSetNotServingException("rule set '" + name + "' did not compile; fix its files and reload",
                    ruleSet.summary().messages());
        }
        return ruleSet;
    }

    /** The entry that archived a rule set, while it is archived. */
    public Optional<ActivationRecord> archived(String name) {
        return Optional.ofNullable(archived.get(name));
    }

    private void refuseIfArchived(String name) {
        ActivationRecord mark = archived.get(name);
        if (mark != null) {
            throw new RuleSetArchivedException(name, mark, "rule set '" + name + "' is archived (by " + mark.by()
                    + (mark.at() == null ? "" : " at " + mark.at()) + ") and answers no calls; its versions are kept");
        }
    }

    /** A stored version, compiled once and cached like previews' candidates; the active one is not touched. */
    private C servingVersion(String name, int version) {
        serving.get(name); // an unknown name is reported as such, before any version lookup
        refuseIfArchived(name);
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
        // Checked before compiling, so a refused publish costs nothing; checked again where it is stored.
        checkPreconditions(versions, name, options);
        Integer base = baseVersion(versions, name, options);
        SortedMap<String, byte[]> baseFiles = base == null ? new TreeMap<>() : versions.source(name, base)
                .map(RuleSetSource::files).orElseThrow(() -> new UnknownVersionException(name, base));
        List<String> dropped = baseFiles.keySet().stream().filter(file -> !files.containsKey(file)).toList();
        if (!dropped.isEmpty() && !options.dropFilesAllowed()) {
            throw new FilesDroppedException(name, base, dropped);
        }
        List<DecisionMessage> messages = new ArrayList<>();
        for (String file : dropped) {
            messages.add(new DecisionMessage(DecisionMessage.Severity.WARNING, "files", file, null, file
                    + " of version " + base + " is not in this version: it is dropped"));
        }
        messages.addAll(refusedFromOutside(versions, name, files, baseFiles, options));
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
        PublishOutcome outcome;
        try {
            outcome = storeAndActivate(versions, source, compiled, options);
        } catch (RuntimeException e) {
            analysis.cancel(false);
            throw e;
        }
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

    /**
     * Whether the rule set may be created or must exist, is not archived, and is still at the version the publisher
     * built on: each refused with its exception, nothing changed.
     */
    private void checkPreconditions(RuleSetStore versions, String name, PublishOptions options) {
        boolean exists = serving.find(name) != null || !versions.versions(name).isEmpty();
        if (!exists && options.creation() == PublishOptions.Creation.NEVER) {
            throw new UnknownRuleSetException(name);
        }
        if (exists && options.creation() == PublishOptions.Creation.ONLY) {
            List<RuleSetVersion> stored = versions.versions(name);
            RuleSetVersion newest = stored.isEmpty() ? null : stored.get(stored.size() - 1);
            throw new VersionConflictException(name, VersionConflictException.Kind.EXISTS, "rule set '" + name
                    + "' exists already" + (newest == null ? "" : " (its newest version is " + newest.number()
                    + ", published by " + newest.author() + " at " + newest.createdAt() + ")")
                    + "; nothing changed", newest, newest == null ? List.of()
                    : ChangesSince.published(versions, name, 0));
        }
        refuseIfArchived(name);
        ExpectedVersion expected = options.expectedNewest();
        if (expected != null) {
            List<RuleSetVersion> stored = versions.versions(name);
            RuleSetVersion newest = stored.isEmpty() ? null : stored.get(stored.size() - 1);
            if (!expected.matches(newest)) {
                throw conflict(versions, name, expected, newest, stored);
            }
        }
    }

    private static VersionConflictException conflict(RuleSetStore versions, String name, ExpectedVersion expected,
                                                     RuleSetVersion newest, List<RuleSetVersion> stored) {
        Optional<RuleSetVersion> named = stored.stream().filter(v -> v.number() == expected.number()).findFirst();
        String why;
        if (named.isEmpty()) {
            why = "it has no version " + expected.number();
        } else if (!expected.matches(named.get())) {
            why = "its version " + expected.number() + " has the hash " + named.get().hash() + ", not "
                    + expected.hash() + " (a version of another store)";
        } else {
            why = "version " + expected.number() + " is no longer its newest";
        }
        String message = "rule set '" + name + "' changed since the version this publish builds on: " + why
                + (newest == null ? "" : "; its newest is version " + newest.number() + " (published by "
                + newest.author() + " at " + newest.createdAt() + ")") + "; nothing changed";
        return new VersionConflictException(name, VersionConflictException.Kind.NEWEST, message, newest,
                named.isPresent() ? ChangesSince.published(versions, name, expected.number()) : List.of());
    }

    /** The version the files build on: the one named, else the active one; null for a rule set without versions. */
    private static Integer baseVersion(RuleSetStore versions, String name, PublishOptions options) {
        Integer named = options.namedBase();
        if (named != null) {
            return named;
        }
        OptionalInt active = versions.activeVersion(name);
        return active.isPresent() ? active.getAsInt() : null;
    }

    /**
     * Files a publisher from outside may not send on this server (DRL where it is off), other than those unchanged
     * from the active version or from the version the files build on, both of which were accepted already.
     */
    private static List<DecisionMessage> refusedFromOutside(RuleSetStore versions, String name, Map<String, byte[]> files,
                                                            Map<String, byte[]> baseFiles, PublishOptions options) {
        if (!options.untrusted() || options.drlAllowed()) {
            return List.of();
        }
        Map<String, byte[]> accepted = activeFiles(versions, name);
        List<DecisionMessage> refused = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (Arrays.equals(file.getValue(), accepted.get(file.getKey()))
                    || Arrays.equals(file.getValue(), baseFiles.get(file.getKey()))) {
                continue; // unchanged from a version that was accepted already
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
            // Another publish may have been stored while this one compiled.
            checkPreconditions(versions, name, options);
            boolean existed = versions.versions(name).stream().anyMatch(v -> v.hash().equals(source.hash()));
            RuleSetVersion version = versions.save(name, source.files(), options.author());
            C numbered = compiled.withVersion(VersionNumber.of(version.number()));
            compiledVersions.put(key(name, version.number()), numbered);
            if (options.activate()) {
                activateRecorded(versions, name, version, ActivationRecord.Action.PUBLISHED, options.author());
                serve(numbered);
                LOG.info("rule set {} version {} ({}) published by {} and active ({} ms to store and switch)",
                        name, version.number(), version.hash(), options.author(),
                        (System.nanoTime() - started) / 1_000_000);
                activated(name, version.number(), EngineEvents.Activation.PUBLISH);
                announce(new RuleSetActivation(version, source.files(), options.author()));
            }
            return new PublishOutcome(name, version, !existed, options.activate(), List.of());
        }
    }

    /**
     * Points the store at {@code version} and records who did it in the activation log, unless it was active already.
     * When the log cannot be written, the pointer goes back to the version before, so that no activation goes
     * unrecorded.
     *
     * @param action what to record; {@link ActivationRecord.Action#ACTIVATED} becomes
     *               {@link ActivationRecord.Action#ROLLED_BACK} when {@code version} is older than the active one
     */
    private void activateRecorded(RuleSetStore versions, String name, RuleSetVersion version,
                                  ActivationRecord.Action action, String by) {
        OptionalInt before = versions.activeVersion(name);
        if (before.isPresent() && before.getAsInt() == version.number()) {
            return;
        }
        Integer previous = before.isPresent() ? before.getAsInt() : null;
        if (action == ActivationRecord.Action.ACTIVATED && previous != null && version.number() < previous) {
            action = ActivationRecord.Action.ROLLED_BACK;
        }
        versions.activate(name, version.number());
        try {
            versions.record(new ActivationRecord(name, action, version.number(), version.hash(), previous, by,
                    Instant.now()));
        } catch (RuntimeException e) {
            if (previous != null) {
                try {
                    versions.activate(name, previous);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                    LOG.warn("version {} of {} is active but its activation could not be recorded, nor undone: {}",
                            version.number(), name, again.getMessage());
                }
            }
            throw e;
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

    /**
     * Makes a stored version the one that answers: activation and rollback are the same call, recorded as {@code by}'s.
     *
     * @param expectedActive the version the caller believes is active; null: not checked
     */
    public C activate(String name, int version, String by, ExpectedVersion expectedActive) {
        RuleSetStore versions = requireStore();
        synchronized (lock) {
            if (serving.find(name) == null && versions.versions(name).isEmpty()) {
                throw new UnknownRuleSetException(name);
            }
            refuseIfArchived(name);
            List<RuleSetVersion> stored = versions.versions(name);
            RuleSetVersion target = stored.stream().filter(v -> v.number() == version).findFirst()
                    .orElseThrow(() -> new UnknownVersionException(name, version));
            if (expectedActive != null) {
                OptionalInt active = versions.activeVersion(name);
                RuleSetVersion current = active.isEmpty() ? null : stored.stream()
                        .filter(v -> v.number() == active.getAsInt()).findFirst().orElse(null);
                if (!expectedActive.matches(current)) {
                    throw new VersionConflictException(name, VersionConflictException.Kind.ACTIVE, "rule set '"
                            + name + "': version " + expectedActive.number() + ", which this activation expects to "
                            + "replace, is not the active one: " + (current == null ? "no version is active"
                            : "version " + current.number() + " is") + "; nothing changed", current,
                            ChangesSince.activated(versions, name, expectedActive.number()));
                }
            }
            C compiled = compiledVersion(versions, name, version);
            if (!compiled.serves()) {
                throw new RuleSetNotServingException("version " + version + " of '" + name
                        + "' does not compile, so it cannot be activated", compiled.summary().messages());
            }
            activateRecorded(versions, name, target, ActivationRecord.Action.ACTIVATED, by);
            serve(compiled);
            LOG.info("rule set {} version {} activated by {}", name, version, by);
            activated(name, version, EngineEvents.Activation.ACTIVATE);
            announce(activation(versions, name, version, by));
            return compiled;
        }
    }

    /**
     * Stops a rule set serving until it is unarchived, here and after restarts; its versions and log are kept. Its
     * compiled rules leave memory (they stay in the cache of recent versions, so unarchiving soon after is quick).
     *
     * @return the stand-in that lists it while archived
     */
    public C archive(String name, String by) {
        synchronized (lock) {
            C current = serving.get(name);
            if (archived.containsKey(name)) {
                return current;
            }
            C standIn = archive(current, by, Instant.now());
            announce(archived.get(name), archiveListeners);
            return standIn;
        }
    }

    /** Has an archived rule set serve its active version again, compiling it unless it is still in memory. */
    public C unarchive(String name, String by) {
        synchronized (lock) {
            C current = serving.get(name);
            if (!archived.containsKey(name)) {
                return current;
            }
            ActivationRecord entry = new ActivationRecord(name, ActivationRecord.Action.UNARCHIVED, null, null, null,
                    by, Instant.now());
            C restored = unarchive(current, entry);
            announce(entry, archiveListeners);
            return restored;
        }
    }

    /**
     * Archives or unarchives as another server did, recording its entry's who and when; not announced again.
     *
     * @return true when it changed whether the rule set serves here
     */
    public boolean followArchive(ActivationRecord change) {
        synchronized (lock) {
            C current = serving.find(change.ruleSet());
            if (current == null) {
                return false;
            }
            boolean isArchived = archived.containsKey(change.ruleSet());
            if (change.action() == ActivationRecord.Action.ARCHIVED && !isArchived) {
                archive(current, change.by(), change.at() == null ? Instant.now() : change.at());
                return true;
            }
            if (change.action() == ActivationRecord.Action.UNARCHIVED && isArchived) {
                unarchive(current, change);
                return true;
            }
            return false;
        }
    }

    /** For each rule set ever archived, the last archiving or unarchiving entry of its log. */
    public List<ActivationRecord> archiveStates() {
        RuleSetStore versions = requireStore();
        List<ActivationRecord> states = new ArrayList<>();
        for (C ruleSet : serving.all()) {
            ActivationRecord mark = archived.get(ruleSet.name());
            if (mark != null) {
                states.add(mark);
                continue;
            }
            List<ActivationRecord> log = versions.activations(ruleSet.name());
            for (int i = log.size() - 1; i >= 0; i--) {
                if (log.get(i).action() == ActivationRecord.Action.UNARCHIVED) {
                    states.add(log.get(i));
                    break;
                }
                if (log.get(i).action() == ActivationRecord.Action.ARCHIVED) {
                    break; // archived in the log but not here: the mark was removed by hand; say nothing
                }
            }
        }
        return states;
    }

    /** Called after every archiving and unarchiving made here; the returned handle stops the calls. */
    public AutoCloseable onArchive(Consumer<ActivationRecord> listener) {
        archiveListeners.add(listener);
        return () -> archiveListeners.remove(listener);
    }

    /** Archives {@code current}'s rule set as {@code by} at {@code at}: marked, logged, its compiled rules let go. */
    private C archive(C current, String by, Instant at) {
        RuleSetStore versions = requireStore();
        String name = current.name();
        OptionalInt active = versions.activeVersion(name);
        Integer number = active.isPresent() ? active.getAsInt() : null;
        ActivationRecord mark = new ActivationRecord(name, ActivationRecord.Action.ARCHIVED, number,
                number == null ? null : current.hash(), number, by, at);
        versions.markArchived(name, mark);
        try {
            versions.record(mark);
        } catch (RuntimeException e) {
            versions.markArchived(name, null);
            throw e;
        }
        archived.put(name, mark);
        if (current.serves() && current.version() != null) {
            compiledVersions.put(key(name, current.version().value()), current);
        }
        C standIn = compilation.failed(name, current.version(), current.hash(), current.summary().files(), List.of());
        serving.put(standIn);
        LOG.info("rule set {} archived by {}; version {} kept", name, by, number);
        return standIn;
    }

    /** Unarchives {@code current}'s rule set, logging {@code entry}'s who and when with the active version. */
    private C unarchive(C current, ActivationRecord entry) {
        RuleSetStore versions = requireStore();
        String name = current.name();
        ActivationRecord mark = archived.get(name);
        OptionalInt active = versions.activeVersion(name);
        Integer number = active.isPresent() ? active.getAsInt() : null;
        versions.markArchived(name, null);
        try {
            versions.record(new ActivationRecord(name, ActivationRecord.Action.UNARCHIVED, number,
                    number == null ? null : current.hash(), number, entry.by(),
                    entry.at() == null ? Instant.now() : entry.at()));
        } catch (RuntimeException e) {
            versions.markArchived(name, mark);
            throw e;
        }
        C restored = number == null ? current : compiledVersions.get(key(name, number), k -> compile(
                versions.source(name, number).orElseThrow(() -> new UnknownVersionException(name, number))));
        serving.put(restored);
        archived.remove(name);
        LOG.info("rule set {} unarchived by {}; version {} serves again", name, entry.by(), number);
        return restored;
    }

    /** The activation log of a rule set, oldest first. */
    public List<ActivationRecord> activations(String name) {
        RuleSetStore versions = requireStore();
        if (serving.find(name) == null && versions.versions(name).isEmpty()) {
            throw new UnknownRuleSetException(name);
        }
        return versions.activations(name);
    }

    /** The files of a stored version, archived rule sets' included. */
    public SortedMap<String, byte[]> files(String name, int version) {
        RuleSetStore versions = requireStore();
        if (serving.find(name) == null && versions.versions(name).isEmpty()) {
            throw new UnknownRuleSetException(name);
        }
        return new TreeMap<>(versions.source(name, version).map(RuleSetSource::files)
                .orElseThrow(() -> new UnknownVersionException(name, version)));
    }

    /** What lists an archived rule set: its active version's name, hash and files, nothing compiled. */
    private C standIn(RuleSetSource source) {
        return compilation.failed(source.name(), source.version(), source.hash(), List.copyOf(source.files().keySet()),
                List.of());
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
        String name = version.ruleSet();
        synchronized (lock) {
            C active = serving.find(name);
            if (active != null && active.version() != null && active.version().is(version.number())
                    && active.hash().equals(version.hash())) {
                return false;
            }
            versions.saveAs(version, activation.files());
            String by = activation.activatedBy() == null ? "another server" : activation.activatedBy();
            if (archived.containsKey(name)) {
                // Archived here: the version is stored and made the active one, to serve once unarchived.
                activateRecorded(versions, name, version, ActivationRecord.Action.REPLICATED, by);
                serving.put(standIn(new RuleSetSource(name, activation.files(), VersionNumber.of(version.number()))));
                LOG.info("rule set {} version {} stored and active as another server did; archived here, so it does "
                        + "not serve", name, version.number());
                return true;
            }
            C compiled = compiledVersion(versions, name, version.number());
            if (!compiled.serves()) {
                throw new RuleSetNotServingException("version " + version.number() + " of '" + name
                        + "' does not compile here, so it is not activated", compiled.summary().messages());
            }
            activateRecorded(versions, name, version, ActivationRecord.Action.REPLICATED, by);
            serve(compiled);
            LOG.info("rule set {} version {} activated as another server did", name, version.number());
            activated(name, version.number(), EngineEvents.Activation.FOLLOW);
            return true;
        }
    }

    /** The active version of every stored rule set, with its files. */
    public List<RuleSetActivation> activeVersions() {
        RuleSetStore versions = requireStore();
        List<RuleSetActivation> active = new ArrayList<>();
        for (C ruleSet : serving.all()) {
            versions.activeVersion(ruleSet.name())
                    .ifPresent(number -> active.add(activation(versions, ruleSet.name(), number, null)));
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

    private static RuleSetActivation activation(RuleSetStore versions, String name, int number, String by) {
        RuleSetVersion version = versions.versions(name).stream().filter(v -> v.number() == number)
                .findFirst().orElseThrow(() -> new UnknownVersionException(name, number));
        RuleSetSource source = versions.source(name, number)
                .orElseThrow(() -> new UnknownVersionException(name, number));
        return new RuleSetActivation(version, source.files(), by);
    }

    private void announce(RuleSetActivation activation) {
        announce(activation, activationListeners);
    }

    private static <T> void announce(T change, List<Consumer<T>> listeners) {
        for (Consumer<T> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("a listener failed for {}: {}", change instanceof RuleSetActivation activation
                        ? activation.version().ruleSet() + " version " + activation.version().number() : change,
                        e.getMessage());
            }
        }
    }

    private C compiledVersion(RuleSetStore versions, String name, int version) {
        C current = serving.find(name);
        if (current != null && current.version() != null && current.version().is(version)
                && !archived.containsKey(name)) {
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
