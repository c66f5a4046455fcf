package dev.decisioning.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisioning.engine.datamodel.DataModel;
import dev.decisioning.server.settings.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code decisioning-server.jar self-check}: starts the server on a rules directory (a throwaway data directory, a free
 * port), asks it over HTTP what an operator and a channel app would, prints what it saw and stops. Exit code 0 when
 * every rule set compiled and every answer was the expected one, 1 otherwise, 2 for a wrong command line.
 *
 * <p>The build also runs it once under {@code -XX:ArchiveClassesAtExit}: the classes a working server loads then go
 * into a class-data archive, which takes seconds off every later start.
 */
@Command(name = "self-check", mixinStandardHelpOptions = true, versionProvider = ServerCommand.Version.class,
        sortOptions = false, usageHelpWidth = 110, synopsisHeading = "usage: ",
        customSynopsis = ServerCommand.INVOCATION + " self-check [--rules=DIR]",
        descriptionHeading = "%n",
        description = {"Starts the server on the rules (a throwaway data directory, a free port), asks it over HTTP"
                + " what an operator and a channel app would, prints what it saw and stops."},
        footerHeading = "%n",
        footer = "Exit status: 0 every rule set compiled and answered as expected, 1 otherwise, 2 a wrong command line.")
public final class SelfCheckCommand implements Callable<Integer> {
    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int USAGE = ServerCommand.USAGE;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR", description = "rules directory, one folder per rule set (default: rules)")
    Path rules = Path.of("rules");

    SelfCheckCommand() {
    }

    /**
     * Runs the check; {@code args} may start with {@code self-check}. Everything it has to say goes to {@code out}.
     *
     * @return {@link #PASSED}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out) {
        return ServerCommand.runSubcommand("self-check", args, out);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(rules)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--rules': no rules directory at "
                    + rules.toAbsolutePath().normalize());
        }
        DecisioningServer.RunningServer server = null;
        Path data = null;
        try {
            int port = freePort();
            data = Files.createTempDirectory("decisioning-self-check-");
            ServerSettings settings = new ServerSettings(rules, port, Runtime.getRuntime().availableProcessors(), data);
            long started = System.nanoTime();
            server = DecisioningServer.startAlone(settings).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.MINUTES);
            out.printf("started on port %d in %d ms%n", port, (System.nanoTime() - started) / 1_000_000);
            return check(URI.create("http://127.0.0.1:" + port), rules, out) ? PASSED : FAILED;
        } catch (Exception e) {
            out.println("the server did not start: " + rootMessage(e));
            return FAILED;
        } finally {
            if (server != null) {
                server.close().toCompletionStage().toCompletableFuture().join();
            }
            deleteQuietly(data);
        }
    }

    /** The throwaway data directory goes with the check; a file that will not go is left, not reported. */
    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // nothing to do: it is under the system's temporary directory
        }
    }

    private static boolean check(URI base, Path rules, PrintWriter out) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> problems = new ArrayList<>();

        HttpResponse<String> health = get(http, base.resolve("/health"));
        report(out, problems, "GET /health", health, 200);

        HttpResponse<String> listing = get(http, base.resolve("/api/v1/rulesets"));
        report(out, problems, "GET /api/v1/rulesets", listing, 200);
        JsonNode ruleSets = listing.statusCode() == 200 ? JSON.readTree(listing.body()).path("rulesets") : JSON.nullNode();
        for (JsonNode ruleSet : ruleSets) {
            String name = ruleSet.path("name").asText();
            if (!"COMPILED".equals(ruleSet.path("state").asText())) {
                problems.add(name + " does not compile");
                out.printf("rule set %s: %s%n", name, ruleSet.path("state").asText());
                continue;
            }
            JsonNode example = declaresDataModel(ruleSet) ? firstExample(rules.resolve(name)) : null;
            if (example != null) {
                // The rule set's own sample request (the first of its schema's examples) must be answered.
                report(out, problems, "POST /api/v1/decisions/" + name,
                        post(http, base.resolve("/api/v1/decisions/" + name), JSON.writeValueAsString(example)), 200);
                report(out, problems, "POST /api/v1/decisions/" + name + " (malformed JSON)",
                        post(http, base.resolve("/api/v1/decisions/" + name), "{\"request\": "), 400);
            } else if (declaresDataModel(ruleSet)) {
                // Its requests are whatever its schema says, which this check cannot make up: it checks that the
                // schema is in force (an empty object is refused, naming the fields it lacks).
                HttpResponse<String> empty = post(http, base.resolve("/api/v1/decisions/" + name), "{}");
                report(out, problems, "POST /api/v1/decisions/" + name + " (a request its data model refuses)", empty, 400);
                if (empty.statusCode() == 400 && !empty.body().contains("\"invalid_request\"")) {
                    problems.add(name + " answered an empty request without naming the fields it lacks: " + empty.body());
                }
            } else {
                out.printf("rule set %s: no customer decision model, version %s serving%n", name,
                        ruleSet.path("version").asText());
            }
        }
        out.println(problems.isEmpty() ? "self-check passed" : "self-check FAILED: " + String.join("; ", problems));
        return problems.isEmpty();
    }

    private static boolean declaresDataModel(JsonNode ruleSet) {
        for (JsonNode file : ruleSet.path("files")) {
            if (DataModel.MANIFEST_FILE.equals(file.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first of the {@code examples} the rule set's schema gives for its requests (JSON Schema's own keyword), or
     * null when it gives none or cannot be read here.
     */
    private static JsonNode firstExample(Path ruleSetFolder) {
        try {
            JsonNode examples = JSON.readTree(ruleSetFolder.resolve(DataModel.SCHEMA_FILE).toFile()).path("examples");
            return examples.isArray() && !examples.isEmpty() && examples.get(0).isObject() ? examples.get(0) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void report(PrintWriter out, List<String> problems, String call, HttpResponse<String> response,
                               int expected) {
        out.printf("%s -> %d%n", call, response.statusCode());
        if (response.statusCode() != expected) {
            problems.add(call + " answered " + response.statusCode() + " (expected " + expected + "): " + response.body());
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
