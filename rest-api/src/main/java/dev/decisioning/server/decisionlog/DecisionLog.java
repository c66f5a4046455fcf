package dev.decisioning.server.decisionlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.decisioning.engine.Decisions;
import dev.decisioning.engine.RequestFields;
import dev.decisioning.server.settings.DecisionLogSettings;
import dev.decisioning.server.wire.DecisionLogStatusV1;
import dev.decisioning.server.wire.DecisionV1;
import dev.decisioning.server.wire.ExplanationEntryV1;
import dev.decisioning.server.wire.LoggedDecisionV1;
import dev.decisioning.server.wire.ModelEvaluationV1;
import dev.decisioning.server.wire.RuleSetRefV1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decision log of one server. Handlers hand it each answered decision and model evaluation ({@link #decision},
 * {@link #evaluation}); that costs them a place in a bounded queue and nothing else: masking, writing and rotating
 * happen on the log's one writer thread. When the queue is full the call is not logged and counted as dropped, and
 * the decision is answered all the same. What was written is flushed (and synced to the disk) at least every
 * {@link DecisionLogSettings#flushInterval() flush interval}, so a crash loses at most that much.
 *
 * <p>Looking a decision up ({@link #find}) first has the writer write and sync what was answered before it, then
 * takes the place the writer noted for the decision in a bounded index of the most recent ones; an older one is
 * searched for in the files, newest first, up to a bound, by at most two look-ups at once. Both read files, so they
 * are for worker threads, never an event loop. Nothing of a line is kept in memory once it is written.
 */
public final class DecisionLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    private static final long MIB = 1024L * 1024;
    /** Writes reach the file in pieces of about this size between flushes. */
    private static final int WRITE_CHUNK = 256 * 1024;
    /** The writer removes files past their retention this often, besides at start and after each rotation. */
    private static final Duration HOUSEKEEPING = Duration.ofMinutes(10);
    /** Problems (a full queue, a failing disk) are logged at most this often. */
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    /** The writer looks at least this often whether a look-up waits for it. */
    private static final Duration POLL = Duration.ofMillis(50);
    /** Searches of the files at once; more wait, up to {@link #SEARCH_WAIT_SECONDS}. */
    private static final int SEARCHES = 2;
    private static final int SEARCH_WAIT_SECONDS = 10;
    /** How much earlier than its file's start a line's time may be (the call waited in the queue). */
    private static final Duration SELECT_MARGIN = Duration.ofMinutes(1);
    /** Replays read at most this many times the look-up bound. */
    private static final int SELECT_FACTOR = 4;

    /** Opens a new log file for appending; tests slow it down or fail it. */
    @FunctionalInterface
    public interface Opener {
        FileChannel open(Path file) throws IOException;

        Opener DIRECT = file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Who made a call and when it started ({@link System#nanoTime()}), for its log line. */
    public record Call(String caller, String requestId, long startedNanos) {
    }

    /** A look-up: the logged decision, or why there is none. */
    public record Lookup(LoggedDecisionV1 decision, String missing) {
        public boolean found() {
            return decision != null;
        }
    }

    /** Logged decisions picked for a replay, oldest first. */
    public record Selection(List<LoggedDecisionV1> decisions, List<String> notFound, Map<String, String> skipped,
                            boolean limited) {
    }

    /** Too many searches of the files are running; try again shortly. */
    public static final class BusyException extends RuntimeException {
        BusyException() {
            super("the decision log is busy with other searches; try again shortly");
        }
    }

    /** Where a line is: for the index. */
    private record Location(String file, long offset, int length) {
    }

    /** A call waiting for the writer. */
    private record Pending(String kind, String decisionId, Instant time, RuleSetRefV1 ruleset, String caller,
                           String requestId, long latencyNanos, Object input, Object answer, String subjectIdName) {
    }

    private static final Pending CLOSE = new Pending(null, null, null, null, null, null, 0, null, null, null);

    private final DecisionLogSettings settings;
    private final Path directory;
    private final Decisions engine;
    private final Opener opener;
    private final boolean writing;
    private final BlockingQueue<Pending> queue;
    private final LinkedHashMap<String, Location> index;
    private boolean indexEvicted;
    private final Set<String> writtenHere = ConcurrentHashMap.newKeySet();
    private final Map<String, RequestFields> fieldsByVersion = new ConcurrentHashMap<>();
    private final Semaphore searches = new Semaphore(SEARCHES);
    private final AtomicLong logged = new AtomicLong();
    private final AtomicLong sampledOut = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    /** Calls the writer has written and synced (or failed to): look-ups wait for what was enqueued before them. */
    private volatile long durable;
    /** Set by a look-up that waits: the writer flushes at once rather than at its next interval. */
    private volatile boolean flushRequested;
    private final AtomicLong lastDropWarning = new AtomicLong();
    private volatile boolean closing;
    private final Thread writer;

    private DecisionLog(DecisionLogSettings settings, Path directory, Decisions engine, Opener opener,
                        boolean writing) {
        this.settings = settings;
        this.directory = directory;
        this.engine = engine;
        this.opener = opener;
        this.writing = writing;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        int capacity = settings.indexCapacity();
        this.index = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Location> eldest) {
                boolean evict = size() > capacity;
                indexEvicted |= evict;
                return evict;
            }
        };
        this.writer = writing ? new Thread(new Writer(), "decision-log-writer") : null;
    }

    /**
     * Starts the log of a server: creates its folder (unless nothing is to be logged) and its writer thread.
     *
     * @param directory where the files go
     * @param engine    what says which fields of a rule set's requests are personal
     * @throws UncheckedIOException when the folder cannot be created
     */
    public static DecisionLog open(DecisionLogSettings settings, Path directory, Decisions engine, Opener opener) {
        if (!settings.enabled()) {
            return new DecisionLog(settings, directory, engine, opener, false);
        }
        if (settings.sampleRate() > 0) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        DecisionLog log = new DecisionLog(settings, directory, engine, opener, true);
        log.writer.setDaemon(true);
        log.writer.start();
        return log;
    }

    /** A log that only reads the files of {@code directory}, written before by a server: for replays outside one. */
    public static DecisionLog reader(Path directory) {
        DecisionLogSettings unbounded = DecisionLogSettings.DEFAULT.withIndex(0, Long.MAX_VALUE / SELECT_FACTOR);
        DecisionLog log = new DecisionLog(unbounded, directory, null, Opener.DIRECT, false);
        log.indexEvicted = true; // nothing of it was written here: every file is searched
        return log;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public DecisionLogSettings settings() {
        return settings;
    }

    /** Logs a decision as it was answered; {@code input} is the request as it was read. */
    public void decision(DecisionV1 answer, String subjectIdName, JsonNode input, Call call) {
        offer(call, () -> new Pending(LoggedDecisionV1.DECISION, answer.decisionId(), Instant.now(), answer.ruleset(),
                call.caller(), call.requestId(), System.nanoTime() - call.startedNanos(), input, answer,
                subjectIdName));
    }

    /** Logs a model evaluation under {@code decisionId}, with the model, decision service and inputs it was asked for. */
    public void evaluation(String decisionId, ModelEvaluationV1 answer, String model, String decisionService,
                           Map<String, Object> inputs, Call call) {
        offer(call, () -> {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("model", model);
            input.put("decisionService", decisionService);
            input.put("inputs", inputs);
            return new Pending(LoggedDecisionV1.EVALUATION, decisionId, Instant.now(), answer.ruleset(), call.caller(),
                    call.requestId(), System.nanoTime() - call.startedNanos(), input, answer, null);
        });
    }

    private void offer(Call call, java.util.function.Supplier<Pending> pending) {
        if (!writing) {
            return;
        }
        double rate = settings.sampleRate();
        if (rate < 1 && (rate == 0 || ThreadLocalRandom.current().nextDouble() >= rate)) {
            sampledOut.incrementAndGet();
            return;
        }
        if (closing || !queue.offer(pending.get())) {
            long drops = dropped.incrementAndGet();
            warnAtMostEveryMinute(lastDropWarning, () -> LOG.warn("decision log: {} call(s) not logged so far: the "
                    + "writer's queue ({} calls) was full; the calls were answered all the same", drops,
                    settings.queueCapacity()));
            return;
        }
        enqueued.incrementAndGet();
    }

    /** Flushes what is waiting and stops the writer; calls logged after this are dropped. Safe to call again. */
    @Override
    public void close() {
        if (writer == null || closing) {
            return;
        }
        closing = true;
        queue.offer(CLOSE);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("decision log: the writer did not finish within 10 s; {} call(s) may not be logged", queue.size());
        }
    }

    /** What the log has done since the server started. */
    public DecisionLogStatusV1 status() {
        List<LogFiles.LogFile> files = settings.enabled() ? LogFiles.list(directory) : List.of();
        long bytes = 0;
        for (LogFiles.LogFile file : files) {
            bytes += sizeOf(file.path());
        }
        return new DecisionLogStatusV1(settings.enabled(), directory.toAbsolutePath().normalize().toString(),
                settings.sampleRate(), logged.get(), sampledOut.get(), dropped.get(), failed.get(), queue.size(),
                files.size(), bytes, files.isEmpty() ? null : files.get(0).started());
    }

    // ---------------------------------------------------------------------------------------------- looking up

    /**
     * The logged decision or evaluation of that id, or why there is none. Reads files: not for an event loop.
     *
     * @throws BusyException when other searches of the files keep it waiting too long
     */
    public Lookup find(String decisionId) {
        if (!settings.enabled()) {
            return new Lookup(null, "the decision log is off on this server (--decision-log=off), so no decision can "
                    + "be looked up");
        }
        // A call answered just before this look-up may still wait for the writer: have it written first.
        awaitDurable(enqueued.get());
        Lookup known = fromIndex(decisionId);
        if (known != null) {
            return known;
        }
        return search(decisionId);
    }

    /** Waits (up to 2 s) until the first {@code target} calls enqueued are written and synced. */
    private void awaitDurable(long target) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (writing && !closing && durable < target && System.nanoTime() < deadline) {
            flushRequested = true;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** From the place the writer noted; null when the index does not know the id. */
    private Lookup fromIndex(String decisionId) {
        Location at;
        synchronized (index) {
            at = index.get(decisionId);
        }
        if (at == null) {
            return null;
        }
        try {
            LoggedDecisionV1 read = LogJson.read(LogFiles.readAt(directory.resolve(at.file()), at.offset(), at.length()));
            if (read != null && decisionId.equals(read.decisionId())) {
                return new Lookup(read, null);
            }
        } catch (NoSuchFileException e) {
            return new Lookup(null, removedMessage(decisionId, at.file()));
        } catch (IOException e) {
            LOG.warn("decision log: cannot read {}: {}", at.file(), e.getMessage());
        }
        return null;
    }

    private Lookup search(String decisionId) {
        acquireSearch();
        try {
            byte[] prefix = ("{\"decisionId\":" + quoted(decisionId) + ",").getBytes(StandardCharsets.UTF_8);
            long budget = settings.maxSearchBytes();
            boolean allIndexed;
            synchronized (index) {
                allIndexed = !indexEvicted;
            }
            List<LogFiles.LogFile> files = new ArrayList<>(LogFiles.list(directory));
            Collections.reverse(files);
            boolean cut = false;
            for (LogFiles.LogFile file : files) {
                // While the index has lost nothing, it knows every line this server wrote: only older files are read.
                if (allIndexed && writtenHere.contains(file.name())) {
                    continue;
                }
                if (budget <= 0) {
                    cut = true;
                    break;
                }
                LoggedDecisionV1[] found = new LoggedDecisionV1[1];
                try {
                    budget -= LogFiles.forEachLine(file.path(), budget, (buffer, start, length, offset) -> {
                        if (LogFiles.startsWith(buffer, start, length, prefix)) {
                            found[0] = LogJson.read(java.util.Arrays.copyOfRange(buffer, start, start + length));
                            return found[0] == null;
                        }
                        return true;
                    });
                } catch (NoSuchFileException e) {
                    continue; // removed by retention meanwhile
                } catch (IOException e) {
                    LOG.warn("decision log: cannot read {}: {}", file.name(), e.getMessage());
                    continue;
                }
                if (found[0] != null) {
                    return new Lookup(found[0], null);
                }
            }
            return new Lookup(null, notFoundMessage(decisionId, cut));
        } finally {
            searches.release();
        }
    }

    private void acquireSearch() {
        try {
            if (!searches.tryAcquire(SEARCH_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
    }

    private String notFoundMessage(String decisionId, boolean cut) {
        StringBuilder why = new StringBuilder("no decision '").append(decisionId)
                .append("' in this server's decision log. It may have been made on another server (each server logs "
                        + "its own calls), ");
        if (settings.sampleRate() < 1) {
            why.append("left out by sampling (this server logs ").append(percent(settings.sampleRate()))
                    .append(" of its calls), ");
        }
        if (dropped.get() > 0) {
            why.append("dropped while the log's queue was full (").append(dropped.get()).append(" calls so far), ");
        }
        why.append("or be older than the log keeps (").append(retentionText());
        if (cut) {
            why.append("; a look-up reads the newest ").append(size(settings.maxSearchBytes())).append(" of them");
        }
        return why.append(")").toString();
    }

    private String removedMessage(String decisionId, String file) {
        return "decision '" + decisionId + "' was logged in " + file + ", which the log has since removed ("
                + retentionText() + ")";
    }

    private String retentionText() {
        return "closed files are kept " + settings.retention().toDays() + " day(s), at most "
                + size(settings.maxTotalBytes()) + " in all";
    }

    private static String size(long bytes) {
        return bytes >= MIB ? bytes / MIB + " MiB" : (bytes + 1023) / 1024 + " KiB";
    }

    private static String percent(double rate) {
        return BigDecimal.valueOf(rate * 100).stripTrailingZeros().toPlainString() + "%";
    }

    // ------------------------------------------------------------------------------------------- selecting

    /**
     * The decisions of {@code ruleSet} logged between {@code from} and {@code to} (either may be null: no bound), the
     * newest {@code limit} of them, oldest first.
     */
    public Selection select(String ruleSet, Instant from, Instant to, int limit) {
        if (!settings.enabled()) {
            return new Selection(List.of(), List.of(), Map.of(), false);
        }
        awaitDurable(enqueued.get());
        Instant lower = from == null ? Instant.MIN : from;
        Instant upper = to == null ? Instant.MAX : to;
        byte[] ruleSetField = ("\"ruleset\":{\"name\":" + quoted(ruleSet) + ",").getBytes(StandardCharsets.UTF_8);
        byte[] decisionKind = ("\"kind\":\"" + LoggedDecisionV1.DECISION + "\"").getBytes(StandardCharsets.UTF_8);
        PriorityQueue<LoggedDecisionV1> newest = new PriorityQueue<>(Comparator.comparing(LoggedDecisionV1::time));
        Set<String> seen = new HashSet<>();
        boolean[] limited = {false};
        java.util.function.Consumer<LoggedDecisionV1> take = line -> {
            if (line == null || !line.isDecision() || !ruleSet.equals(line.ruleset().name())
                    || line.time().isBefore(lower) || line.time().isAfter(upper) || !seen.add(line.decisionId())) {
                return;
            }
            newest.add(line);
            if (newest.size() > limit) {
                newest.poll();
                limited[0] = true;
            }
        };
        acquireSearch();
        try {
            long budget = settings.maxSearchBytes() * SELECT_FACTOR;
            List<LogFiles.LogFile> files = LogFiles.list(directory);
            for (int i = files.size() - 1; i >= 0; i--) {
                LogFiles.LogFile file = files.get(i);
                Instant ends = i + 1 < files.size() ? files.get(i + 1).started() : Instant.MAX;
                // a line's time is taken when its call is answered, which may be a little before its file was started
                if (file.started().minus(SELECT_MARGIN).isAfter(upper)) {
                    continue;
                }
                if (ends.isBefore(lower) || newest.size() >= limit && ends.isBefore(newest.peek().time())) {
                    break; // this file and all older ones hold nothing newer than what is kept
                }
                if (budget <= 0) {
                    limited[0] = true;
                    break;
                }
                try {
                    budget -= LogFiles.forEachLine(file.path(), budget, (buffer, start, length, offset) -> {
                        if (LogFiles.containsNear(buffer, start, length, ruleSetField, 512)
                                && LogFiles.containsNear(buffer, start, length, decisionKind, 512)) {
                            take.accept(LogJson.read(java.util.Arrays.copyOfRange(buffer, start, start + length)));
                        }
                        return true;
                    });
                } catch (NoSuchFileException e) {
                    // removed by retention meanwhile
                } catch (IOException e) {
                    LOG.warn("decision log: cannot read {}: {}", file.name(), e.getMessage());
                }
            }
        } finally {
            searches.release();
        }
        List<LoggedDecisionV1> chosen = new ArrayList<>(newest);
        chosen.sort(Comparator.comparing(LoggedDecisionV1::time));
        return new Selection(chosen, List.of(), Map.of(), limited[0]);
    }

    /** The decisions of {@code ids}, in that order; ids not logged, and those of another rule set, are reported. */
    public Selection select(String ruleSet, List<String> ids) {
        List<LoggedDecisionV1> found = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String id : new LinkedHashSet<>(ids)) {
            Lookup lookup = find(id);
            if (!lookup.found()) {
                notFound.add(id);
            } else if (!lookup.decision().isDecision()) {
                skipped.put(id, "a model evaluation; only decisions are replayed");
            } else if (!ruleSet.equals(lookup.decision().ruleset().name())) {
                skipped.put(id, "a decision of rule set '" + lookup.decision().ruleset().name() + "'");
            } else {
                found.add(lookup.decision());
            }
        }
        return new Selection(found, notFound, skipped, false);
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** What the data model of the version that answered says is personal; null when that cannot be known. */
    private RequestFields fieldsOf(RuleSetRefV1 ref) {
        String key = ref.name() + '\u0000' + ref.version() + '\u0000' + ref.hash();
        RequestFields known = fieldsByVersion.get(key);
        if (known != null) {
            return known;
        }
        try {
            RequestFields fields = engine.requestFields(ref.name(), ref.version());
            if (fieldsByVersion.size() > 1_000) {
                fieldsByVersion.clear();
            }
            fieldsByVersion.put(key, fields);
            return fields;
        } catch (RuntimeException e) {
            LOG.warn("decision log: cannot tell which fields of {} version {} are personal ({}); its input is logged "
                    + "masked whole", ref.name(), ref.version(), e.getMessage());
            return null;
        }
    }

    private LoggedDecisionV1 line(Pending call) {
        RequestFields fields = fieldsOf(call.ruleset());
        JsonNode input;
        List<String> masked;
        ObjectNode answer = LogJson.MAPPER.valueToTree(call.answer());
        answer.remove(List.of("decisionId", "ruleset", "explanation"));
        if (fields == null) {
            input = TextNode.valueOf(LoggedDecisionV1.MASK);
            masked = List.of("*");
        } else if (call.kind().equals(LoggedDecisionV1.DECISION)) {
            PersonalData.Masked personal = PersonalData.byPath((JsonNode) call.input(), fields.personal());
            input = personal.value();
            masked = personal.paths();
            if (fields.subjectIdPersonal() && call.subjectIdName() != null && answer.hasNonNull(call.subjectIdName())) {
                answer.put(call.subjectIdName(), LoggedDecisionV1.MASK);
            }
        } else {
            ObjectNode evaluation = LogJson.MAPPER.valueToTree(call.input());
            PersonalData.Masked personal = PersonalData.byName(evaluation.get("inputs"),
                    PersonalData.names(fields.personal()));
            if (personal.value() != null) {
                evaluation.set("inputs", personal.value());
            }
            input = evaluation;
            masked = personal.paths();
        }
        List<ExplanationEntryV1> explanation = call.answer() instanceof DecisionV1 decision
                ? decision.explanation() : ((ModelEvaluationV1) call.answer()).explanation();
        return new LoggedDecisionV1(call.decisionId(), call.time(), call.kind(), call.ruleset(), call.caller(),
                call.requestId(), BigDecimal.valueOf(call.latencyNanos() / 1_000, 3), masked, input, answer,
                explanation);
    }

    /** The one thread that writes the files. */
    private final class Writer implements Runnable {
        private FileChannel channel;
        private LogFiles.LogFile current;
        private long size;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(WRITE_CHUNK + 64 * 1024);
        private final List<Map.Entry<String, Location>> unindexed = new ArrayList<>();
        private final AtomicLong lastFailureWarning = new AtomicLong();
        private long nextHousekeeping;

        @Override
        public void run() {
            housekeeping();
            long flushNanos = settings.flushInterval().toNanos();
            long nextFlush = System.nanoTime() + flushNanos;
            while (true) {
                Pending call;
                try {
                    long wait = Math.min(nextFlush - System.nanoTime(), POLL.toNanos());
                    call = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                } catch (InterruptedException e) {
                    closing = true;
                    call = null;
                }
                for (int batch = 0; call != null && batch < 1_000; batch++) {
                    if (call != CLOSE) {
                        write(call);
                    }
                    call = queue.poll();
                }
                if (call != null && call != CLOSE) {
                    write(call);
                }
                if (flushRequested) {
                    flushRequested = false;
                    flush();
                }
                if (System.nanoTime() - nextFlush >= 0 || closing) {
                    flush();
                    if (channel != null && tooOld()) {
                        rotate();
                    }
                    if (System.nanoTime() - nextHousekeeping >= 0) {
                        housekeeping();
                    }
                    nextFlush = System.nanoTime() + flushNanos;
                }
                if (closing && queue.isEmpty()) {
                    flush();
                    closeFile();
                    return;
                }
            }
        }

        private boolean tooOld() {
            return current != null && !Instant.now().isBefore(current.started().plus(settings.maxFileAge()));
        }

        private void write(Pending call) {
            byte[] line;
            try {
                line = LogJson.write(line(call));
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                processed.incrementAndGet();
                LOG.warn("decision log: decision {} could not be written as JSON", call.decisionId(), e);
                return;
            }
            try {
                if (channel != null && size > 0 && (size + line.length + 1 > settings.maxFileBytes() || tooOld())) {
                    rotate();
                }
                if (channel == null) {
                    openFile();
                }
                unindexed.add(Map.entry(call.decisionId(), new Location(current.name(), size, line.length)));
                buffer.write(line);
                buffer.write('\n');
                size += line.length + 1;
                if (buffer.size() >= WRITE_CHUNK) {
                    writeBuffer();
                }
            } catch (IOException e) {
                failed(e, 1);
            } finally {
                processed.incrementAndGet();
            }
        }

        private void openFile() throws IOException {
            Instant started = Instant.now();
            Path path = directory.resolve(LogFiles.name(started));
            while (Files.exists(path)) {
                started = started.plusMillis(1);
                path = directory.resolve(LogFiles.name(started));
            }
            Files.createDirectories(directory);
            channel = opener.open(path);
            current = new LogFiles.LogFile(path, started);
            writtenHere.add(current.name());
            size = 0;
        }

        private void writeBuffer() throws IOException {
            if (buffer.size() == 0) {
                return;
            }
            ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
            buffer.reset();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        /** Writes and syncs what waits, then indexes it. */
        private void flush() {
            if (channel == null || unindexed.isEmpty() && buffer.size() == 0) {
                durable = processed.get();
                return;
            }
            try {
                writeBuffer();
                channel.force(false);
            } catch (IOException e) {
                failed(e, 0);
                return;
            }
            synchronized (index) {
                for (Map.Entry<String, Location> entry : unindexed) {
                    index.put(entry.getKey(), entry.getValue());
                }
            }
            logged.addAndGet(unindexed.size());
            unindexed.clear();
            durable = processed.get();
        }

        private void rotate() {
            flush();
            closeFile();
            housekeeping();
        }

        private void closeFile() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.warn("decision log: closing {} failed: {}", current.name(), e.getMessage());
                }
                channel = null;
            }
        }

        /** What waited to be written is lost; the next call starts a new file. */
        private void failed(IOException e, int more) {
            long lost = unindexed.size() + more;
            failed.addAndGet(lost);
            unindexed.clear();
            durable = processed.get();
            buffer.reset();
            closeFile();
            warnAtMostEveryMinute(lastFailureWarning, () -> LOG.warn("decision log: {} call(s) could not be written "
                    + "to {} ({}); {} so far", lost, directory, e.getMessage(), failed.get()));
        }

        /** Removes closed files past their retention, then the oldest while all together are too large. */
        private void housekeeping() {
            nextHousekeeping = System.nanoTime() + HOUSEKEEPING.toNanos();
            try {
                List<LogFiles.LogFile> files = new ArrayList<>(LogFiles.list(directory));
                Instant cutoff = Instant.now().minus(settings.retention());
                long total = 0;
                for (LogFiles.LogFile file : files) {
                    total += sizeOf(file.path());
                }
                for (LogFiles.LogFile file : files) {
                    if (current != null && channel != null && file.name().equals(current.name())) {
                        continue;
                    }
                    long fileSize = sizeOf(file.path());
                    boolean expired = Files.getLastModifiedTime(file.path()).toInstant().isBefore(cutoff);
                    if (expired || total > settings.maxTotalBytes()) {
                        Files.deleteIfExists(file.path());
                        total -= fileSize;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("decision log: removing old files of {} failed: {}", directory, e.getMessage());
            }
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void warnAtMostEveryMinute(AtomicLong last, Runnable warning) {
        long now = System.nanoTime();
        long previous = last.get();
        if ((previous == 0 || now - previous >= WARN_EVERY.toNanos()) && last.compareAndSet(previous, now == 0 ? 1 : now)) {
            warning.run();
        }
    }

    private static String quoted(String text) {
        try {
            return LogJson.MAPPER.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
