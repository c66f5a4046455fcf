package dev.decisioning.engine.loading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads every folder under a rules directory as one rule set named after the folder. Files directly in the rules
 * directory, hidden files and sub-folders are not rule files and are left alone, so a README can sit beside them.
 */
public final class FileSystemRuleSetLoader implements RuleSetLoader {
    private final Path rulesDirectory;

    public FileSystemRuleSetLoader(Path rulesDirectory) {
        this.rulesDirectory = rulesDirectory;
    }

    @Override
    public List<RuleSetSource> loadAll() {
        if (!Files.isDirectory(rulesDirectory)) {
            throw new IllegalArgumentException("rules directory " + rulesDirectory.toAbsolutePath() + " does not exist");
        }
        List<RuleSetSource> sources = new ArrayList<>();
        try (Stream<Path> folders = Files.list(rulesDirectory)) {
            for (Path folder : folders.filter(Files::isDirectory).filter(p -> !isHidden(p)).sorted().toList()) {
                sources.add(RuleSetSource.of(folder.getFileName().toString(), readFiles(folder)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules directory " + rulesDirectory, e);
        }
        return sources;
    }

    private static Map<String, byte[]> readFiles(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.filter(Files::isRegularFile).filter(p -> !isHidden(p)).toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }
}
