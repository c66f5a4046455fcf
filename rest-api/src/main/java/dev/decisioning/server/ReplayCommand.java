package dev.decisioning.server;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.RuleSetNotServingException;
import dev.decisioning.engine.UnknownRuleSetException;
import dev.decisioning.engine.UnknownVersionException;
import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.store.DirectoryRuleSetStore;
import dev.decisioning.server.decisionlog.DecisionLog;
import dev.decisioning.server.decisionlog.Replay;
import dev.decisioning.server.http.ApiJson;
import dev.decisioning.server.settings.DecisionLogSettings;
import dev.decisioning.server.settings.ServerSettings;
import dev.decisioning.server.wire.ReplayReportV1;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code decisioning-server.jar replay}: decides logged decisions again with another version of their rule set and
 * prints what would change, as {@code POST /api/v1/rulesets/{ruleset}/replay} does, without a running server. It
 * reads the data directory and the decision log and changes neither: the stored versions of the rule set are copied
 * to a throwaway folder first, so it can run beside a server that uses them.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = ServerCommand.Version.class,
        sortOptions = false, usageHelpWidth = 110, synopsisHeading = "usage: ",
        customSynopsis = {ServerCommand.INVOCATION + " replay --ruleset=NAME --candidate=N [--data=DIR]"
                + " [--decision-log=DIR]",
                "           [--from=INSTANT] [--to=INSTANT] [--ids=ID,...] [--limit=N] [--json]"},
        descriptionHeading = "%n",
        description = {"Decides logged decisions of a rule set again with one of its stored versions and prints how"
                + " the answers would change from the active version's (see docs/decision-log.md)."},
        footerHeading = "%n",
        footer = "Exit status: 0 the replay ran, 1 it could not (no such rule set or version, or it does not compile),"
                + " 2 a wrong command line.")
public final class ReplayCommand implements Callable<Integer> {
    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int USAGE = ServerCommand.USAGE;

    @Spec
    CommandSpec spec;

    @Option(names = "--ruleset", paramLabel = "NAME", required = true, order = 1, description = "the rule set")
    String ruleSet;

    @Option(names = "--candidate", paramLabel = "N", required = true, order = 2,
            description = "the stored version to replay with; it is compared with the active one")
    int version;

    @Option(names = "--data", paramLabel = "DIR", order = 3,
            description = "the server's data directory (env " + ServerSettings.DATA_ENV + ", default: data)")
    Path data;

    @Option(names = "--decision-log", paramLabel = "DIR", order = 4,
            description = "the server's decision log (env " + DecisionLogSettings.DIRECTORY_ENV
                    + ", default: decision-log under the data directory)")
    Path decisionLog;

    @Option(names = "--from", paramLabel = "INSTANT", order = 5,
            description = "decisions logged at or after this moment, e.g. 2026-12-01T00:00:00Z")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", order = 6, description = "decisions logged at or before this moment")
    String to;

    @Option(names = "--ids", paramLabel = "ID,...", split = ",", order = 7,
            description = "these decisions (instead of a time range)")
    List<String> ids;

    @Option(names = "--limit", paramLabel = "N", order = 8,
            description = "the most decisions to replay, the newest (default: " + Replay.DEFAULT_LIMIT + ", at most "
                    + Replay.MAX_DECISIONS + ")")
    int limit = Replay.DEFAULT_LIMIT;

    @Option(names = "--json", order = 9, description = "print the report as JSON, as the HTTP endpoint answers it")
    boolean json;

    ReplayCommand() {
    }

    /**
     * Runs the command; {@code args} may start with {@code replay}. Everything it has to say goes to {@code out}.
     *
     * @return {@link #DONE}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out) {
        return ServerCommand.runSubcommand("replay", args, out);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> env = System.getenv();
        Path dataDirectory = data != null ? data : Path.of(env.getOrDefault(ServerSettings.DATA_ENV, "data"));
        Path logDirectory = decisionLog != null ? decisionLog
                : env.containsKey(DecisionLogSettings.DIRECTORY_ENV) ? Path.of(env.get(DecisionLogSettings.DIRECTORY_ENV))
                : DecisionLogSettings.DEFAULT.directoryUnder(dataDirectory);
        Instant lower = instant(from, "--from");
        Instant upper = instant(to, "--to");
        if (limit < 1 || limit > Replay.MAX_DECISIONS) {
            throw invalid("--limit", "'" + limit + "' is not from 1 to " + Replay.MAX_DECISIONS);
        }
        if (ids != null && (lower != null || upper != null)) {
            throw invalid("--ids", "give decision ids or a time range (--from, --to), not both");
        }
        Path stored = dataDirectory.resolve("rulesets").resolve(ruleSet);
        if (!DirectoryRuleSetStore.isValidName(ruleSet) || !Files.isDirectory(stored)) {
            throw invalid("--ruleset", "no stored versions of '" + ruleSet + "' under "
                    + dataDirectory.toAbsolutePath().normalize() + "; name the server's data directory with --data");
        }
        if (!Files.isDirectory(logDirectory)) {
            throw invalid("--decision-log", "no decision log at " + logDirectory.toAbsolutePath().normalize());
        }
        Path copy = null;
        try {
            copy = Files.createTempDirectory("decisioning-replay-");
            copyTree(stored, copy.resolve("rulesets").resolve(ruleSet));
            DecisionEngine engine = EmbeddedEngine.start(new DirectoryRuleSetStore(copy));
            DecisionLog log = DecisionLog.reader(logDirectory);
            DecisionLog.Selection selected = ids != null ? log.select(ruleSet, ids) : log.select(ruleSet, lower, upper, limit);
            ReplayReportV1 report = Replay.run(engine, ruleSet, version, selected, new ReplayReportV1.Selection(lower,
                    upper, ids == null ? null : ids.size(), limit, selected.limited()));
            if (json) {
                out.println(ApiJson.write(report).toString(StandardCharsets.UTF_8));
            } else {
                print(report, out);
            }
            return DONE;
        } catch (UnknownRuleSetException | UnknownVersionException | RuleSetNotServingException e) {
            out.println("cannot replay: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            out.println("cannot replay: " + e.getMessage());
            return FAILED;
        } finally {
            deleteQuietly(copy);
        }
    }

    private static void print(ReplayReportV1 report, PrintWriter out) {
        out.printf("replayed %d of %d logged decision(s) of %s with version %d, against active version %s%n",
                report.replayed(), report.found(), report.ruleSet(), report.candidateVersion(), report.activeVersion());
        if (report.impact() != null) {
            out.printf("changed: %d of %d%n", report.impact().changed(), report.impact().customers());
            report.impact().changes().forEach((field, transitions) -> transitions.forEach((transition, count) ->
                    out.printf("  %s: %s  (%d)%n", field, transition, count)));
        }
        if (!report.maskedFields().isEmpty()) {
            out.println("masked personal fields: " + String.join(", ", report.maskedFields()));
        }
        ReplayReportV1.Reproduction reproduction = report.reproduction();
        if (reproduction.checked() > 0) {
            out.printf("reproduced by their own version: %d of %d%s%n", reproduction.reproduced(), reproduction.checked(),
                    reproduction.differingOutputs().isEmpty() ? "" : " (differing: " + reproduction.differingOutputs() + ")");
        }
        report.skipped().forEach(s -> out.println("skipped " + s.decisionId() + ": " + s.reason()));
        report.notFound().forEach(id -> out.println("not in the log: " + id));
        report.notes().forEach(note -> out.println("note: " + note));
    }

    private Instant instant(String text, String option) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw invalid(option, "'" + text + "' is not an instant such as 2026-12-01T00:00:00Z");
        }
    }

    private ParameterException invalid(String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is not worth failing the replay for
        }
    }
}
