package dev.decisioning.server;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.RuleSetNotServingException;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.UnknownRuleSetException;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import dev.decisioning.engine.scenarios.ReportFiles;
import dev.decisioning.engine.scenarios.ScenarioLoader;
import dev.decisioning.engine.scenarios.ScenarioReport;
import dev.decisioning.engine.scenarios.ScenarioRunner;
import dev.decisioning.engine.scenarios.ScenarioText;
import dev.decisioning.engine.scenarios.SuiteFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code decisioning-server.jar test}: runs scenario suites against rule sets loaded in-process, for CI outside
 * Maven. Exit code 0 when every case passes and coverage reaches the minimum, 1 otherwise, 2 for a wrong command line.
 */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = ServerCommand.Version.class,
        sortOptions = false, usageHelpWidth = 110, synopsisHeading = "usage: ",
        customSynopsis = {ServerCommand.INVOCATION + " test --rules=DIR --suites=DIR [--ruleset=NAME]",
                "           [--min-coverage=PERCENT] [--report=DIR]"},
        descriptionHeading = "%n",
        description = "Runs scenario suites against the rule sets, in-process, and writes their reports (for CI).",
        footerHeading = "%n",
        footer = "Exit status: 0 every case passed and coverage reached the minimum, 1 otherwise,"
                + " 2 a wrong command line.")
public final class ScenarioCommand implements Callable<Integer> {
    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int USAGE = ServerCommand.USAGE;
    static final Path DEFAULT_REPORT = Path.of("target", "rule-test-report");
    /** Folders a suites directory may hold that are not rule sets' suites: a Maven module's own. */
    private static final Set<String> NOT_SUITE_FOLDERS = Set.of("src", "target");

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR", required = true, order = 1,
            description = "rules directory, one folder per rule set")
    Path rules;

    @Option(names = "--suites", paramLabel = "DIR", required = true, order = 2,
            description = {"scenario suites, one folder per rule set (<DIR>/<ruleset>/*.yaml|*.csv|*.scesim);",
                    "with --ruleset it may also be that rule set's folder itself"})
    Path suites;

    @Option(names = "--ruleset", paramLabel = "NAME", order = 3,
            description = "test only this rule set (default: every rule set that has a suites folder)")
    String ruleSet;

    @Option(names = "--min-coverage", paramLabel = "PERCENT", order = 4, converter = Percentage.class,
            description = "fail when less than this percentage of the rules and table rows was used (default: no"
                    + " minimum)")
    Double minCoverage;

    @Option(names = "--report", paramLabel = "DIR", order = 5,
            description = "where to write <ruleset>/report.html, report.json, coverage.json and junit.xml (JUnit XML,"
                    + " for CI test views) (default: target/rule-test-report)")
    Path report = DEFAULT_REPORT;

    ScenarioCommand() {
    }

    /** {@code java -cp decisioning-server.jar dev.decisioning.server.ScenarioCommand [test] ...}: the same command. */
    public static void main(String[] args) {
        DecisioningServer.main(args.length > 0 && args[0].equals("test") ? args : prepend("test", args));
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /**
     * Runs the command; {@code args} may start with {@code test}. Everything it has to say goes to {@code out}.
     *
     * @return {@link #PASSED}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out) {
        return ServerCommand.runSubcommand("test", args, out);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(rules)) {
            throw invalid("--rules", rules.toAbsolutePath() + " is not a directory");
        }
        if (!Files.isDirectory(suites)) {
            throw invalid("--suites", suites.toAbsolutePath() + " is not a directory");
        }
        DecisionEngine engine;
        try {
            engine = EmbeddedEngine.start(new FileSystemRuleSetLoader(rules));
        } catch (RuntimeException e) {
            out.println("cannot load the rule sets under " + rules + ": " + e.getMessage());
            return FAILED;
        }
        Map<String, Path> targets = targets(engine, out);
        if (targets.isEmpty()) {
            out.println("FAILED: no scenario suites under " + suites + " for the rule sets under "
                    + rules + " " + engine.ruleSets().stream().map(RuleSetSummary::name).toList()
                    + "; nothing was tested");
            return FAILED;
        }
        ScenarioRunner runner = new ScenarioRunner(engine);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Path> target : targets.entrySet()) {
            String name = target.getKey();
            List<SuiteFile> files = ScenarioLoader.readFolder(target.getValue());
            if (files.isEmpty()) {
                out.println("rule set " + name + ": no scenario files in " + target.getValue());
                failures.add(name + " has no scenario files");
                continue;
            }
            ScenarioReport result;
            try {
                result = runner.run(name, files);
            } catch (RuleSetNotServingException e) {
                out.println("rule set " + name + " cannot run: " + e.getMessage());
                e.messages().forEach(m -> out.println("  - " + m.source() + (m.line() == null ? "" : " line " + m.line())
                        + ": " + m.text()));
                failures.add(name + " does not compile");
                continue;
            }
            out.print(ScenarioText.summary(result, minCoverage));
            List<Path> written = ReportFiles.write(result, report.resolve(name));
            out.println("reports: " + written.get(2) + ", " + written.get(0) + " and " + written.get(3));
            out.println();
            if (!result.passed()) {
                failures.add(name + ": " + result.counts().failed() + " of " + result.counts().cases() + " cases failed"
                        + (result.counts().problems() > 0 ? ", " + result.counts().problems() + " file(s) could not run" : ""));
            }
            if (minCoverage != null && !result.coverage().reaches(minCoverage)) {
                failures.add(name + ": coverage " + ScenarioText.percent(result.coverage().percentage())
                        + " is below the minimum " + ScenarioText.percent(minCoverage));
            }
        }
        if (failures.isEmpty()) {
            out.println("PASSED: " + targets.size() + " rule set(s), every case passed"
                    + (minCoverage == null ? "" : ", coverage at least " + ScenarioText.percent(minCoverage)));
            return PASSED;
        }
        out.println("FAILED:");
        failures.forEach(f -> out.println("  - " + f));
        return FAILED;
    }

    /** The rule sets to test and the folder of suites for each. */
    private Map<String, Path> targets(DecisionEngine engine, PrintWriter out) {
        Map<String, Path> targets = new LinkedHashMap<>();
        if (ruleSet != null) {
            try {
                engine.ruleSet(ruleSet);
            } catch (UnknownRuleSetException e) {
                throw invalid("--ruleset", "there is no rule set '" + ruleSet + "' under " + rules + "; there are "
                        + engine.ruleSets().stream().map(RuleSetSummary::name).toList());
            }
            Path folder = suites.resolve(ruleSet);
            // --suites may name the rule set's own folder as well as the folder of all rule sets' suites.
            targets.put(ruleSet, Files.isDirectory(folder) ? folder : suites);
            return targets;
        }
        Set<String> known = new java.util.HashSet<>();
        engine.ruleSets().forEach(r -> known.add(r.name()));
        try (Stream<Path> folders = Files.list(suites)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                if (name.startsWith(".") || NOT_SUITE_FOLDERS.contains(name)) {
                    continue;
                }
                if (known.contains(name)) {
                    targets.put(name, folder);
                } else {
                    out.println("note: skipped " + folder + ": no rule set named '" + name + "' under " + rules);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return targets;
    }

    private ParameterException invalid(String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }

    /** A percentage from 0 to 100, with or without a % sign. */
    static final class Percentage implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            try {
                double value = Double.parseDouble(text.trim().replace("%", ""));
                if (value >= 0 && value <= 100) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not a percentage from 0 to 100");
        }
    }
}
