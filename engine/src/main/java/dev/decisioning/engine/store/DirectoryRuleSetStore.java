package dev.decisioning.engine.store;

import dev.decisioning.engine.VersionNumber;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.decisioning.engine.ActivationRecord;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.loading.RuleSetSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Stores versions on disk under a data directory:
 * <pre>
 * DATA/rulesets/NAME/versions/N/version.json   number, hash, time, author
 * DATA/rulesets/NAME/versions/N/files/...      the rule files as published
 * DATA/rulesets/NAME/active                    the active version number ("none" while nothing was activated)
 * DATA/rulesets/NAME/activations.jsonl         the activation log: one JSON object a line, only ever appended to
 * DATA/rulesets/NAME/archived                  present while the rule set is archived: who archived it and when
 * DATA/rulesets/NAME/damaged/...               versions and pointers found damaged at start, set aside
 * </pre>
 * Every write goes to a temporary file or folder first and is renamed into place, so a crash (even kill -9) in the
 * middle of a publish leaves either the old state or the new one, never a half-written version. A write that fails
 * (a full disk) removes what it wrote before it reports the failure; leftovers of a crash are removed on the next
 * start.
 * <p>
 * Opening the store checks every stored version: one whose {@code version.json} cannot be read, or whose files are
 * missing or differ from its hash, is moved to {@code damaged/} (never deleted) and the others serve. An active
 * pointer that is missing, not a number, or names a version that is not stored (or was just set aside) is replaced by
 * the newest good version. Each repair is logged as a warning and kept in {@link #problems()}.
 */
public final class DirectoryRuleSetStore implements RuleSetStore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}", Pattern.CASE_INSENSITIVE);
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryRuleSetStore.class);
    private static final String TEMP_PREFIX = ".tmp-";
    private static final String DAMAGED = "damaged";
    /** The active pointer of a rule set that has versions but none activated yet. */
    private static final String NONE_ACTIVE = "none";
    private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");
    private static final String ACTIVATIONS = "activations.jsonl";
    private static final String ARCHIVED = "archived";

    private final Path root;
    private final FileWrites writes;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Log entries and archive marks written by a later release may carry more fields: they are read all the same. */
    private final ObjectReader records = json.readerFor(ActivationRecord.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, List<DecisionMessage>> problems = new TreeMap<>();

    public DirectoryRuleSetStore(Path dataDirectory) {
        this(dataDirectory, FileWrites.DIRECT);
    }

    /**
     * Opens (or creates) the store, removes what crashed writes left behind and sets damaged versions aside.
     *
     * @param writes how file contents are written: {@link FileWrites#DIRECT} outside tests
     * @throws UncheckedIOException when the folder cannot be created, read or repaired
     */
    public DirectoryRuleSetStore(Path dataDirectory, FileWrites writes) {
        this.root = dataDirectory.toAbsolutePath().normalize().resolve("rulesets");
        this.writes = Objects.requireNonNull(writes);
        try {
            Files.createDirectories(root);
            removeLeftovers();
            for (String name : names()) {
                repair(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + dataDirectory.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Rule set names become folder names, so only plain names are allowed. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    @Override
    public synchronized RuleSetVersion save(String ruleSet, SortedMap<String, byte[]> files, String author) {
        requireValidName(ruleSet);
        RuleSetSource candidate = RuleSetSource.of(ruleSet, files);
        String hash = candidate.hash();
        for (RuleSetVersion existing : versions(ruleSet)) {
            if (existing.hash().equals(hash)) {
                return existing;
            }
        }
        // A number once used stays used, also by a version set aside as damaged: it may be known elsewhere.
        int number = Math.max(versions(ruleSet).stream().mapToInt(RuleSetVersion::number).max().orElse(0),
                highestSetAside(ruleSet)) + 1;
        RuleSetVersion version = new RuleSetVersion(ruleSet, number, hash, Instant.now(), author,
                List.copyOf(files.keySet()));
        write(version, files);
        return version;
    }

    @Override
    public synchronized void saveAs(RuleSetVersion version, SortedMap<String, byte[]> files) {
        requireValidName(version.ruleSet());
        String hash = RuleSetSource.of(version.ruleSet(), files).hash();
        if (!hash.equals(version.hash())) {
            throw new IllegalArgumentException("files of version " + version.number() + " of " + version.ruleSet()
                    + " hash to " + hash + ", not " + version.hash());
        }
        for (RuleSetVersion existing : versions(version.ruleSet())) {
            if (existing.number() == version.number()) {
                if (existing.hash().equals(hash)) {
                    return;
                }
                throw new IllegalStateException("version " + version.number() + " of " + version.ruleSet()
                        + " is stored here with hash " + existing.hash() + ", not " + hash);
            }
        }
        write(version, files);
    }

    private void write(RuleSetVersion version, SortedMap<String, byte[]> files) {
        String ruleSet = version.ruleSet();
        int number = version.number();
        for (String name : files.keySet()) {
            FileNames.problem(name).ifPresent(problem -> {
                throw new IllegalArgumentException("file name not accepted: " + problem);
            });
        }
        Path dir = root.resolve(ruleSet);
        boolean newRuleSet = !Files.exists(dir);
        Path versionsDir = dir.resolve("versions");
        Path temp = versionsDir.resolve(TEMP_PREFIX + UUID.randomUUID());
        boolean stored = false;
        try {
            Files.createDirectories(versionsDir);
            Path filesDir = Files.createDirectories(temp.resolve("files"));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = filesDir.resolve(file.getKey()).normalize();
                if (!filesDir.equals(target.getParent())) {
                    throw new IllegalArgumentException("file name '" + file.getKey() + "' is not a plain file name");
                }
                writes.write(target, file.getValue());
            }
            writes.write(temp.resolve("version.json"), json.writeValueAsBytes(version));
            fsync(temp);
            // The rename is what makes the version exist: before it there is nothing, after it everything.
            Files.move(temp, versionsDir.resolve(String.valueOf(number)), StandardCopyOption.ATOMIC_MOVE);
            stored = true;
        } catch (IOException e) {
            throw new StoreWriteException("cannot store version " + number + " of " + ruleSet, versionsDir, e);
        } finally {
            if (!stored) {
                removeQuietly(temp);
                removeEmptyQuietly(versionsDir, newRuleSet ? dir : null);
            }
        }
        if (!Files.exists(dir.resolve("active"))) {
            // Says "stored, nothing activated yet", so that a later start does not take the missing pointer for a
            // damaged one. The version is stored even if this small write fails.
            try {
                writePointer(ruleSet, NONE_ACTIVE);
            } catch (IOException e) {
                LOG.warn("version {} of {} is stored, but its empty active pointer could not be written: {}", number,
                        ruleSet, e.getMessage());
            }
        }
    }

    @Override
    public synchronized void activate(String ruleSet, int version) {
        requireValidName(ruleSet);
        if (versions(ruleSet).stream().noneMatch(v -> v.number() == version)) {
            throw new IllegalArgumentException("rule set '" + ruleSet + "' has no version " + version);
        }
        try {
            writePointer(ruleSet, String.valueOf(version));
        } catch (IOException e) {
            throw new StoreWriteException("cannot activate version " + version + " of " + ruleSet,
                    root.resolve(ruleSet), e);
        }
        List<DecisionMessage> noted = problems.get(ruleSet);
        if (noted != null && noted.removeIf(DecisionMessage::blocking)) {
            noted.add(new DecisionMessage(DecisionMessage.Severity.WARNING, "store", root.resolve(ruleSet).toString(),
                    null, "rule set '" + ruleSet + "' had no readable version at start; version " + version
                    + " is active now"));
        }
    }

    /** Replaces the active pointer through a temporary file; the temporary file is gone whatever happens. */
    private void writePointer(String ruleSet, String content) throws IOException {
        Path dir = root.resolve(ruleSet);
        Path temp = dir.resolve(TEMP_PREFIX + "active-" + UUID.randomUUID());
        try {
            writes.write(temp, content.getBytes(StandardCharsets.UTF_8));
            moveAtomically(temp, dir.resolve("active"));
        } finally {
            removeQuietly(temp);
        }
    }

    @Override
    public List<RuleSetVersion> versions(String ruleSet) {
        if (!isValidName(ruleSet)) {
            return List.of();
        }
        Path versionsDir = root.resolve(ruleSet).resolve("versions");
        if (!Files.isDirectory(versionsDir)) {
            return List.of();
        }
        List<RuleSetVersion> versions = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(versionsDir)) {
            for (Path dir : dirs.filter(d -> NUMBER.matcher(d.getFileName().toString()).matches()).toList()) {
                try {
                    versions.add(json.readValue(dir.resolve("version.json").toFile(), RuleSetVersion.class));
                } catch (IOException e) {
                    // Checked and set aside at start; one that became unreadable since is skipped, not fatal.
                    LOG.warn("skipping {}: its version.json cannot be read ({})", dir, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read versions of " + ruleSet, e);
        }
        versions.sort(Comparator.comparingInt(RuleSetVersion::number));
        return versions;
    }

    @Override
    public OptionalInt activeVersion(String ruleSet) {
        if (!isValidName(ruleSet)) {
            return OptionalInt.empty();
        }
        Path active = root.resolve(ruleSet).resolve("active");
        if (!Files.isRegularFile(active)) {
            return OptionalInt.empty();
        }
        try {
            String content = Files.readString(active, StandardCharsets.UTF_8).trim();
            return content.equals(NONE_ACTIVE) ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(content));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("unreadable active version of " + ruleSet + " in " + active, e);
        }
    }

    @Override
    public Optional<RuleSetSource> source(String ruleSet, int version) {
        Path filesDir = root.resolve(ruleSet).resolve("versions").resolve(String.valueOf(version)).resolve("files");
        if (!isValidName(ruleSet) || !Files.isDirectory(filesDir)) {
            return Optional.empty();
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(filesDir)) {
            for (Path file : paths.toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version " + version + " of " + ruleSet, e);
        }
        return Optional.of(new RuleSetSource(ruleSet, files, VersionNumber.of(version)));
    }

    @Override
    public synchronized void record(ActivationRecord entry) {
        requireValidName(entry.ruleSet());
        Path dir = root.resolve(entry.ruleSet());
        try {
            Files.createDirectories(dir);
            byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            writes.append(dir.resolve(ACTIVATIONS), line);
        } catch (IOException e) {
            throw new StoreWriteException("cannot record the activation of version " + entry.version() + " of "
                    + entry.ruleSet(), dir, e);
        }
    }

    @Override
    public synchronized List<ActivationRecord> activations(String ruleSet) {
        if (!isValidName(ruleSet)) {
            return List.of();
        }
        Path log = root.resolve(ruleSet).resolve(ACTIVATIONS);
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        List<ActivationRecord> entries = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the activation log of " + ruleSet, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                entries.add(records.readValue(line));
            } catch (IOException e) {
                // A line a crash cut short: the entries around it still count.
                LOG.warn("skipping line {} of {}: not an activation entry ({})", i + 1, log, firstLine(e.getMessage()));
            }
        }
        return entries;
    }

    @Override
    public synchronized void markArchived(String ruleSet, ActivationRecord archived) {
        requireValidName(ruleSet);
        Path dir = root.resolve(ruleSet);
        Path marker = dir.resolve(ARCHIVED);
        try {
            if (archived == null) {
                Files.deleteIfExists(marker);
                return;
            }
            Files.createDirectories(dir);
            Path temp = dir.resolve(TEMP_PREFIX + "archived-" + UUID.randomUUID());
            try {
                writes.write(temp, json.writeValueAsBytes(archived));
                moveAtomically(temp, marker);
            } finally {
                removeQuietly(temp);
            }
        } catch (IOException e) {
            throw new StoreWriteException("cannot " + (archived == null ? "unarchive " : "archive ") + ruleSet, dir, e);
        }
    }

    @Override
    public Optional<ActivationRecord> archived(String ruleSet) {
        if (!isValidName(ruleSet)) {
            return Optional.empty();
        }
        Path marker = root.resolve(ruleSet).resolve(ARCHIVED);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        try {
            return Optional.of(records.readValue(Files.readAllBytes(marker)));
        } catch (IOException e) {
            // The mark is there, so the rule set stays archived, even if who did it can no longer be read.
            LOG.warn("{} cannot be read ({}); the rule set stays archived", marker, firstLine(e.getMessage()));
            return Optional.of(new ActivationRecord(ruleSet, ActivationRecord.Action.ARCHIVED, null, null, null,
                    "unknown", null));
        }
    }

    @Override
    public synchronized Map<String, List<DecisionMessage>> problems() {
        Map<String, List<DecisionMessage>> copy = new LinkedHashMap<>();
        problems.forEach((name, messages) -> copy.put(name, List.copyOf(messages)));
        return copy;
    }

    /** The active version of every rule set that has one. */
    @Override
    public List<RuleSetSource> loadAll() {
        List<RuleSetSource> sources = new ArrayList<>();
        for (String name : names()) {
            OptionalInt active = activeVersion(name);
            if (active.isPresent()) {
                source(name, active.getAsInt()).ifPresent(sources::add);
            }
        }
        return sources;
    }

    public List<String> names() {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(DirectoryRuleSetStore::isValidName).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static void requireValidName(String ruleSet) {
        if (!isValidName(ruleSet)) {
            throw new IllegalArgumentException("'" + ruleSet + "' is not a valid rule set name: use letters, digits, '.', '_' and '-'");
        }
    }

    private void removeLeftovers() throws IOException {
        List<Path> leftovers;
        try (Stream<Path> all = Files.walk(root, 3)) {
            leftovers = all.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList();
        }
        for (Path leftover : leftovers) {
            deleteRecursively(leftover);
        }
        if (!leftovers.isEmpty()) {
            LOG.info("removed {} half-written leftover(s) of an interrupted publish under {}", leftovers.size(), root);
        }
    }

    /**
     * Checks every stored version of a rule set and its active pointer at start. Damaged versions and pointers are
     * moved to {@code damaged/}; a damaged or missing pointer falls back to the newest good version.
     */
    private void repair(String ruleSet) throws IOException {
        Path dir = root.resolve(ruleSet);
        Path versionsDir = dir.resolve("versions");
        TreeSet<Integer> good = new TreeSet<>();
        TreeSet<Integer> setAside = new TreeSet<>();
        if (Files.isDirectory(versionsDir)) {
            List<Path> stored;
            try (Stream<Path> entries = Files.list(versionsDir)) {
                stored = entries.filter(d -> NUMBER.matcher(d.getFileName().toString()).matches()).sorted().toList();
            }
            for (Path version : stored) {
                int number = Integer.parseInt(version.getFileName().toString());
                Optional<String> damage = damage(ruleSet, number, version);
                if (damage.isEmpty()) {
                    good.add(number);
                    continue;
                }
                Path moved = setAside(dir, version);
                setAside.add(number);
                warn(ruleSet, moved, "version " + number + " of rule set '" + ruleSet + "' is damaged ("
                        + damage.get() + "); moved to " + moved + " (kept, not deleted); it no longer serves");
            }
        }

        Path active = dir.resolve("active");
        String pointerProblem = null;
        if (!Files.exists(active)) {
            pointerProblem = good.isEmpty() ? null : "its active pointer " + active + " is missing";
        } else {
            String content = null;
            try {
                content = Files.readString(active, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                pointerProblem = "its active pointer " + active + " cannot be read (" + e.getMessage() + ")";
            }
            if (content != null && !content.equals(NONE_ACTIVE)) {
                if (!NUMBER.matcher(content).matches()) {
                    pointerProblem = "its active pointer " + active + " holds '" + printable(content)
                            + "', not a version number";
                } else if (setAside.contains(Integer.parseInt(content))) {
                    pointerProblem = "its active version " + content + " is damaged and was set aside";
                } else if (!good.contains(Integer.parseInt(content))) {
                    pointerProblem = "its active pointer " + active + " names version " + content
                            + ", which is not stored";
                }
            }
        }
        if (pointerProblem != null && !good.isEmpty()) {
            int newest = good.last();
            Path movedPointer = Files.exists(active) ? setAside(dir, active) : null;
            writePointer(ruleSet, String.valueOf(newest));
            warn(ruleSet, active, "rule set '" + ruleSet + "': " + pointerProblem + "; version " + newest
                    + ", the newest good version, is active instead"
                    + (movedPointer == null ? "" : " (the old pointer is kept as " + movedPointer + ")"));
        } else if (good.isEmpty() && (pointerProblem != null || !setAside.isEmpty() || Files.exists(active)
                || Files.isDirectory(versionsDir))) {
            String text = "rule set '" + ruleSet + "' has no readable version in " + dir
                    + "; it does not serve until a version of it is published"
                    + (pointerProblem == null ? "" : " (" + pointerProblem + ")");
            LOG.warn(text);
            problems.computeIfAbsent(ruleSet, k -> new ArrayList<>()).add(
                    DecisionMessage.error("store", dir.toString(), null, text));
        }
    }

    private void warn(String ruleSet, Path where, String text) {
        LOG.warn(text);
        problems.computeIfAbsent(ruleSet, k -> new ArrayList<>()).add(
                new DecisionMessage(DecisionMessage.Severity.WARNING, "store", where.toString(), null, text));
    }

    /** What is wrong with a stored version folder, or empty when it is whole. */
    private Optional<String> damage(String ruleSet, int number, Path version) {
        if (!Files.isDirectory(version)) {
            return Optional.of("it is not a folder");
        }
        Path descriptor = version.resolve("version.json");
        if (!Files.isRegularFile(descriptor)) {
            return Optional.of("version.json is missing");
        }
        RuleSetVersion described;
        try {
            described = json.readValue(descriptor.toFile(), RuleSetVersion.class);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException unparsable
                    ? unparsable.getOriginalMessage() : e.getMessage();
            why = why == null ? null : why.replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]",
                    "line $1, column $2");
            return Optional.of("version.json cannot be read: " + firstLine(why));
        }
        if (described == null || described.number() != number || !ruleSet.equals(described.ruleSet())
                || described.hash() == null || described.files() == null) {
            return Optional.of("version.json does not describe version " + number + " of " + ruleSet);
        }
        Path filesDir = version.resolve("files");
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (String file : described.files()) {
            Path path = FileNames.problem(file).isEmpty() ? filesDir.resolve(file) : null;
            if (path == null || !Files.isRegularFile(path)) {
                return Optional.of("file " + file + " is missing");
            }
            try {
                files.put(file, Files.readAllBytes(path));
            } catch (IOException e) {
                return Optional.of("file " + file + " cannot be read: " + e.getMessage());
            }
        }
        String hash = RuleSetSource.of(ruleSet, files).hash();
        if (!hash.equals(described.hash())) {
            return Optional.of("its files hash to " + hash + ", not " + described.hash());
        }
        return Optional.empty();
    }

    /** Moves a damaged version folder or pointer into the rule set's {@code damaged/} folder, under a free name. */
    private static Path setAside(Path ruleSetDir, Path damaged) throws IOException {
        Path target = Files.createDirectories(ruleSetDir.resolve(DAMAGED));
        String name = damaged.getFileName().toString();
        Path free = target.resolve(name);
        for (int i = 2; Files.exists(free, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) {
            free = target.resolve(name + "-" + i);
        }
        Files.move(damaged, free);
        return free;
    }

    /** The highest number among the versions set aside as damaged, 0 when none. */
    private int highestSetAside(String ruleSet) {
        Path damaged = root.resolve(ruleSet).resolve(DAMAGED);
        if (!Files.isDirectory(damaged)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(damaged)) {
            return entries.map(p -> p.getFileName().toString().replaceFirst("-\\d+$", ""))
                    .filter(n -> NUMBER.matcher(n).matches()).mapToInt(Integer::parseInt).max().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Removes what a failed write left; a failure here is logged, the write's own failure is what gets reported. */
    private static void removeQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove {} after a failed write: {}", path, e.getMessage());
        }
    }

    /** Removes the versions folder (and the rule set's folder) a failed first write created, if they are empty. */
    private static void removeEmptyQuietly(Path versionsDir, Path ruleSetDir) {
        if (ruleSetDir == null) {
            return;
        }
        try {
            Files.deleteIfExists(versionsDir);
            Files.deleteIfExists(ruleSetDir);
        } catch (IOException e) {
            // not empty: something else lives there, leave it
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Flushes the new version's files to disk before the rename publishes them. */
    private static void fsync(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
    }
}
