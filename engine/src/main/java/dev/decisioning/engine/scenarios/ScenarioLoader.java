package dev.decisioning.engine.scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads scenario files of every supported format. A malformed file is reported with its file and line and left out;
 * the others still load, so one typo does not hide the results of every other suite.
 */
public final class ScenarioLoader {

    private ScenarioLoader() {
    }

    /**
     * What loading a set of files gave.
     *
     * @param suites   the files that could be read
     * @param problems one per file that could not, with where and why
     */
    public record Loaded(List<ScenarioSuite> suites, List<SuiteProblem> problems) {
    }

    /** True for the file names scenario suites may have: {@code .yaml}, {@code .yml}, {@code .csv}, {@code .scesim}. */
    public static boolean isSuiteFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !lower.startsWith(".") && (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".csv")
                || lower.endsWith(".scesim"));
    }

    /** Parses one file, choosing the format by its extension. */
    public static ScenarioSuite parse(SuiteFile file) {
        String lower = file.name().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return YamlSuiteParser.parse(file);
        }
        if (lower.endsWith(".csv")) {
            return CsvSuiteParser.parse(file);
        }
        if (lower.endsWith(".scesim")) {
            return ScesimSuiteParser.parse(file);
        }
        throw new ScenarioFormatException(file.name(), null,
                "not a scenario file: use .yaml or .yml, .csv, or a Kogito .scesim file");
    }

    /** Parses every file; a file that fails becomes a problem instead of a suite. */
    public static Loaded load(List<SuiteFile> files) {
        List<ScenarioSuite> suites = new ArrayList<>();
        List<SuiteProblem> problems = new ArrayList<>();
        for (SuiteFile file : files) {
            try {
                suites.add(parse(file));
            } catch (ScenarioFormatException e) {
                problems.add(e.problem());
            }
        }
        return new Loaded(List.copyOf(suites), List.copyOf(problems));
    }

    /** The scenario files directly in {@code folder}, sorted by name; hidden files and sub-folders are left alone. */
    public static List<SuiteFile> readFolder(Path folder) {
        List<SuiteFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path path : entries.filter(Files::isRegularFile).filter(p -> isSuiteFile(p.getFileName().toString()))
                    .sorted().toList()) {
                files.add(new SuiteFile(path.getFileName().toString(), readText(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario folder " + folder, e);
        }
        return files;
    }

    private static String readText(Path path) throws IOException {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            // Older spreadsheets save CSV in Windows-1252; read it rather than fail on an accented name.
            return new String(Files.readAllBytes(path), java.nio.charset.Charset.forName("windows-1252"));
        }
    }
}
