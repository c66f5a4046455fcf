package dev.decisioning.engine.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.loading.RuleSetSource;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Stores versions on disk under a data directory:
 * <pre>
 * DATA/rulesets/NAME/versions/N/version.json   number, hash, time, author
 * DATA/rulesets/NAME/versions/N/files/...      the rule files as published
 * DATA/rulesets/NAME/active                    the active version number
 * </pre>
 * Every write goes to a temporary file or folder first and is renamed into place, so a crash (even kill -9) in the
 * middle of a publish leaves either the old state or the new one, never a half-written version. Leftover temporary
 * folders are ignored and removed on the next start.
 */
public final class DirectoryRuleSetStore implements RuleSetStore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}", Pattern.CASE_INSENSITIVE);
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public DirectoryRuleSetStore(Path dataDirectory) {
        this.root = dataDirectory.resolve("rulesets");
        try {
            Files.createDirectories(root);
            removeLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + dataDirectory.toAbsolutePath(), e);
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
        int number = versions(ruleSet).stream().mapToInt(RuleSetVersion::number).max().orElse(0) + 1;
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
        Path versionsDir = root.resolve(ruleSet).resolve("versions");
        try {
            Files.createDirectories(versionsDir);
            Path temp = versionsDir.resolve(TEMP_PREFIX + UUID.randomUUID());
            Path filesDir = Files.createDirectories(temp.resolve("files"));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = filesDir.resolve(file.getKey()).normalize();
                if (!target.getParent().equals(filesDir)) {
                    throw new IllegalArgumentException("file name '" + file.getKey() + "' is not a plain file name");
                }
                Files.write(target, file.getValue());
            }
            Files.write(temp.resolve("version.json"), json.writeValueAsBytes(version));
            fsync(temp);
            // The rename is what makes the version exist: before it there is nothing, after it everything.
            Files.move(temp, versionsDir.resolve(String.valueOf(number)), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store version " + number + " of " + ruleSet, e);
        }
    }

    @Override
    public synchronized void activate(String ruleSet, int version) {
        requireValidName(ruleSet);
        if (versions(ruleSet).stream().noneMatch(v -> v.number() == version)) {
            throw new IllegalArgumentException("rule set '" + ruleSet + "' has no version " + version);
        }
        Path dir = root.resolve(ruleSet);
        Path temp = dir.resolve(TEMP_PREFIX + "active-" + UUID.randomUUID());
        try {
            Files.writeString(temp, String.valueOf(version), StandardCharsets.UTF_8);
            moveAtomically(temp, dir.resolve("active"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot activate version " + version + " of " + ruleSet, e);
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
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                versions.add(json.readValue(dir.resolve("version.json").toFile(), RuleSetVersion.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read versions of " + ruleSet, e);
        }
        versions.sort(Comparator.comparingInt(RuleSetVersion::number));
        return versions;
    }

    @Override
    public OptionalInt activeVersion(String ruleSet) {
        Path active = root.resolve(ruleSet).resolve("active");
        if (!isValidName(ruleSet) || !Files.isRegularFile(active)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(active, StandardCharsets.UTF_8).trim()));
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
        return Optional.of(new RuleSetSource(ruleSet, files, String.valueOf(version)));
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
        try (Stream<Path> all = Files.walk(root, 3)) {
            for (Path leftover : all.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                deleteRecursively(leftover);
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
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
