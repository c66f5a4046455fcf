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

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code decisioning-server.jar test}: runs scenario suites against rule sets loaded in-process, for CI outside
 * Maven. Exit code 0 when every case passes and coverage reaches the minimum, 1 otherwise, 2 for a wrong command line.
 */
public final class ScenarioCommand {
    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    static final Path DEFAULT_REPORT = Path.of("target", "rule-test-report");
    /** Folders a suites directory may hold that are not rule sets' suites: a Maven module's own. */
    private static final Set<String> NOT_SUITE_FOLDERS = Set.of("src", "target");

    private ScenarioCommand() {
    }

    /** Until the server's main dispatches {@code test} here: {@code java -cp decisioning-server.jar dev.decisioning.server.ScenarioCommand ...}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    private record Options(Path rules, Path suites, String ruleSet, Double minCoverage, Path report) {
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Runs the command; {@code args} may start with {@code test}. Everything it has to say goes to {@code out}.
     *
     * @return {@link #PASSED}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out) {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            out.println(e.getMessage());
            out.println(usage());
            return USAGE;
        }
        if (options == null) {
            out.println(usage());
            return PASSED;
        }
        DecisionEngine engine;
        try {
            engine = EmbeddedEngine.start(new FileSystemRuleSetLoader(options.rules()));
        } catch (RuntimeException e) {
            out.println("cannot load the rule sets under " + options.rules() + ": " + e.getMessage());
            return FAILED;
        }
        Map<String, Path> targets;
        try {
            targets = targets(engine, options, out);
        } catch (UsageException e) {
            out.println(e.getMessage());
            return USAGE;
        }
        if (targets.isEmpty()) {
            out.println("FAILED: no scenario suites under " + options.suites() + " for the rule sets under "
                    + options.rules() + " " + engine.ruleSets().stream().map(RuleSetSummary::name).toList()
                    + "; nothing was tested");
            return FAILED;
        }
        ScenarioRunner runner = new ScenarioRunner(engine);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Path> target : targets.entrySet()) {
            String ruleSet = target.getKey();
            List<SuiteFile> files = ScenarioLoader.readFolder(target.getValue());
            if (files.isEmpty()) {
                out.println("rule set " + ruleSet + ": no scenario files in " + target.getValue());
                failures.add(ruleSet + " has no scenario files");
                continue;
            }
            ScenarioReport report;
            try {
                report = runner.run(ruleSet, files);
            } catch (RuleSetNotServingException e) {
                out.println("rule set " + ruleSet + " cannot run: " + e.getMessage());
                e.messages().forEach(m -> out.println("  - " + m.source() + (m.line() == null ? "" : " line " + m.line())
                        + ": " + m.text()));
                failures.add(ruleSet + " does not compile");
                continue;
            }
            out.print(ScenarioText.summary(report, options.minCoverage()));
            Path reportDirectory = options.report().resolve(ruleSet);
            List<Path> written = ReportFiles.write(report, reportDirectory);
            out.println("reports: " + written.get(2) + " and " + written.get(0));
            out.println();
            if (!report.passed()) {
                failures.add(ruleSet + ": " + report.counts().failed() + " of " + report.counts().cases() + " cases failed"
                        + (report.counts().problems() > 0 ? ", " + report.counts().problems() + " file(s) could not run" : ""));
            }
            if (options.minCoverage() != null && !report.coverage().reaches(options.minCoverage())) {
                failures.add(ruleSet + ": coverage " + ScenarioText.percent(report.coverage().percentage())
                        + " is below the minimum " + ScenarioText.percent(options.minCoverage()));
            }
        }
        if (failures.isEmpty()) {
            out.println("PASSED: " + targets.size() + " rule set(s), every case passed"
                    + (options.minCoverage() == null ? "" : ", coverage at least " + ScenarioText.percent(options.minCoverage())));
            return PASSED;
        }
        out.println("FAILED:");
        failures.forEach(f -> out.println("  - " + f));
        return FAILED;
    }

    /** The rule sets to test and the folder of suites for each. */
    private static Map<String, Path> targets(DecisionEngine engine, Options options, PrintStream out) {
        Map<String, Path> targets = new LinkedHashMap<>();
        if (options.ruleSet() != null) {
            try {
                engine.ruleSet(options.ruleSet());
            } catch (UnknownRuleSetException e) {
                throw new UsageException("--ruleset: there is no rule set '" + options.ruleSet() + "' under " + options.rules()
                        + "; there are " + engine.ruleSets().stream().map(RuleSetSummary::name).toList());
            }
            Path folder = options.suites().resolve(options.ruleSet());
            // --suites may name the rule set's own folder as well as the folder of all rule sets' suites.
            targets.put(options.ruleSet(), Files.isDirectory(folder) ? folder : options.suites());
            return targets;
        }
        Set<String> known = new java.util.HashSet<>();
        engine.ruleSets().forEach(r -> known.add(r.name()));
        try (Stream<Path> folders = Files.list(options.suites())) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                if (name.startsWith(".") || NOT_SUITE_FOLDERS.contains(name)) {
                    continue;
                }
                if (known.contains(name)) {
                    targets.put(name, folder);
                } else {
                    out.println("note: skipped " + folder + ": no rule set named '" + name + "' under " + options.rules());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return targets;
    }

    private static Options parse(String[] args) {
        Path rules = null;
        Path suites = null;
        String ruleSet = null;
        Double minCoverage = null;
        Path report = DEFAULT_REPORT;
        int start = args.length > 0 && args[0].equals("test") ? 1 : 0;
        for (int i = start; i < args.length; i++) {
            switch (args[i]) {
                case "--rules" -> rules = Path.of(value(args, ++i, "--rules"));
                case "--suites" -> suites = Path.of(value(args, ++i, "--suites"));
                case "--ruleset" -> ruleSet = value(args, ++i, "--ruleset");
                case "--report" -> report = Path.of(value(args, ++i, "--report"));
                case "--min-coverage" -> minCoverage = percentage(value(args, ++i, "--min-coverage"));
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        if (rules == null || suites == null) {
            throw new UsageException("--rules and --suites are required");
        }
        if (!Files.isDirectory(rules)) {
            throw new UsageException("--rules: " + rules.toAbsolutePath() + " is not a directory");
        }
        if (!Files.isDirectory(suites)) {
            throw new UsageException("--suites: " + suites.toAbsolutePath() + " is not a directory");
        }
        return new Options(rules, suites, ruleSet, minCoverage, report);
    }

    private static Double percentage(String text) {
        try {
            double value = Double.parseDouble(text.trim().replace("%", ""));
            if (value >= 0 && value <= 100) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--min-coverage must be a percentage from 0 to 100, got '" + text + "'");
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args[index];
    }

    static String usage() {
        return String.join("\n",
                "usage: java -jar decisioning-server.jar test --rules DIR --suites DIR [--ruleset NAME] [--min-coverage PERCENT] [--report DIR]",
                "  --rules DIR           rules directory, one folder per rule set",
                "  --suites DIR          scenario suites, one folder per rule set (<DIR>/<ruleset>/*.yaml|*.csv|*.scesim);",
                "                        with --ruleset it may also be that rule set's folder itself",
                "  --ruleset NAME        test only this rule set (default: every rule set that has a suites folder)",
                "  --min-coverage P      fail when less than P percent of the rules and table rows were used (default: no minimum)",
                "  --report DIR          where to write <ruleset>/report.html, report.json and coverage.json (default "
                        + DEFAULT_REPORT + ")",
                "  exit code: 0 every case passed and coverage reached the minimum, 1 otherwise, 2 wrong command line");
    }
}
