package dev.decisioning.bench;

import dev.decisioning.server.DecisioningServer;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every benchmark and writes one markdown report with each figure beside the floor it is measured against, in
 * the same run: engine vs raw Drools (JMH), decision endpoint vs a bare Vert.x endpoint (HTTP), and the lifecycle
 * timings. Usage, from the repository root after {@code mvn -B -Pbench -DskipTests package}:
 * {@code java -jar bench/target/benchmarks.jar [--quick] [--only engine|http|lifecycle] [--rules rules]
 * [--out bench/target/benchmark-report.md]}.
 */
public final class BenchmarkReport {
    private static final String TOKEN = "benchmark-token";
    private static final Duration PUBLISH_AFTER_START = Duration.ofSeconds(10);
    /** Set in the JVM that measures, once it runs with the server's launch settings. */
    private static final String WITH_SERVER_SETTINGS = "decisioning.bench.server-settings";

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        boolean quick = options.containsKey("--quick");
        Path rules = Path.of(options.getOrDefault("--rules", "rules")).toAbsolutePath();
        Path out = Path.of(options.getOrDefault("--out", "bench/target/benchmark-report.md"));
        Path serverJar = Path.of(options.getOrDefault("--server-jar", "rest-api/target/decisioning-server.jar"));
        Path launchOptions = launchOptionsOf(serverJar);
        if (System.getProperty(WITH_SERVER_SETTINGS) == null && Files.isRegularFile(launchOptions)) {
            // The HTTP section's server runs in this JVM: it measures with the collector and sizes the server is
            // launched with, and the bare endpoint beside it with the same.
            System.exit(relaunchWith(serverSettings(launchOptions), args));
        }

        StringBuilder report = new StringBuilder();
        report.append("# Benchmark report\n\n")
                .append("- Run: ").append(Instant.now()).append(quick ? " (quick: short iterations, wide error)" : "").append('\n')
                .append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append('\n')
                .append("- JVM settings (the server's launch options, for this JVM and the JMH forks): `")
                .append(String.join(" ", serverSettingsInUse())).append("`\n")
                .append("- Command: `mvn -B -Pbench -DskipTests package && java -jar bench/target/benchmarks.jar")
                .append(quick ? " --quick" : "").append("`\n\n");

        String only = options.getOrDefault("--only", "all");
        if (only.equals("all") || only.equals("engine")) {
            engineSection(report, rules, quick);
        }
        if (only.equals("all") || only.equals("http")) {
            httpSection(report, rules, quick);
        }
        if (only.equals("all") || only.equals("lifecycle")) {
            lifecycleSection(report, rules, serverJar);
        }

        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);
        System.out.println("written to " + out.toAbsolutePath());
        System.exit(0);
    }

    private static void engineSection(StringBuilder report, Path rules, boolean quick) throws Exception {
        ChainedOptionsBuilder jmh = new OptionsBuilder()
                .include(DecisionBenchmarks.class.getName())
                .include(TableScalingBenchmarks.class.getName())
                .include(AirlineBenchmarks.class.getName())
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Ddecisioning.rules=" + rules, "-Xmx1g")
                .shouldFailOnError(true);
        if (quick) {
            jmh.warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(3)
                    .measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(jmh.build()).run();
        Map<String, double[]> scores = new LinkedHashMap<>();
        report.append("## Engine, in process (JMH, one thread)\n\n")
                .append("| benchmark | µs/op | ± (99.9%) | allocated B/op |\n|---|---:|---:|---:|\n");
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            String rows = result.getParams().getParam("rows");
            String placement = result.getParams().getParam("placement");
            String inFunction = "knowledge-model".equals(placement) ? ", in a business knowledge model"
                    : "boxed-context".equals(placement) ? ", in a boxed context" : "";
            String label = rows == null ? name : name + " (" + rows + " rows" + inFunction + ")";
            double score = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            var alloc = result.getSecondaryResults().get("·gc.alloc.rate.norm");
            if (alloc == null) {
                alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            }
            scores.put(label, new double[] {score, error});
            report.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s |%n", label, score, error,
                    alloc == null ? "-" : String.format(Locale.ROOT, "%.0f", alloc.getScore())));
        }
        double engine = score(scores, "engineDecision");
        double raw = score(scores, "rawDroolsDecision");
        double engine100 = score(scores, "engineEvaluate (100 rows)");
        double engine10k = score(scores, "engineEvaluate (10000 rows)");
        double raw100 = score(scores, "rawDmnEvaluate (100 rows)");
        double raw10k = score(scores, "rawDmnEvaluate (10000 rows)");
        double function100 = score(scores, "engineEvaluate (100 rows, in a business knowledge model)");
        double function10k = score(scores, "engineEvaluate (10000 rows, in a business knowledge model)");
        double context100 = score(scores, "engineEvaluate (100 rows, in a boxed context)");
        double context10k = score(scores, "engineEvaluate (10000 rows, in a boxed context)");
        report.append("\n| ratio | value | target | met |\n|---|---:|---:|:---:|\n");
        ratio(report, "our engine / raw Drools, full decision", engine / raw, "<= 1.2", engine / raw <= 1.2);
        double airline = score(scores, "engineAirlineDecision");
        double rawAirline = score(scores, "rawDroolsAirlineDecision");
        ratio(report, "our engine / raw Drools, airline decision (own data model, DMN only)", airline / rawAirline,
                "<= 1.2", airline / rawAirline <= 1.2);
        ratio(report, "our engine, 10,000-row table / 100-row table", engine10k / engine100, "<= 5", engine10k / engine100 <= 5);
        ratio(report, "our engine, 10,000-row table in a business knowledge model / 100-row one", function10k / function100,
                "<= 5", function10k / function100 <= 5);
        ratio(report, "our engine, 10,000-row table in a boxed context / 100-row one", context10k / context100,
                "<= 5", context10k / context100 <= 5);
        ratio(report, "raw DMN, 10,000-row table / 100-row table", raw10k / raw100, "(reference)", true);
        report.append('\n');
    }

    private static void httpSection(StringBuilder report, Path rules, boolean quick) throws Exception {
        Path ruleDir = Files.createTempDirectory("bench-rules-");
        copy(rules.resolve("retail-loyalty"), ruleDir.resolve("retail-loyalty"));
        Files.createDirectories(ruleDir.resolve("generated-100"));
        Files.writeString(ruleDir.resolve("generated-100").resolve("generated-table.dmn"), GeneratedTable.model(100));
        int cores = Runtime.getRuntime().availableProcessors();
        int port = freePort();
        int barePort = freePort();
        Vertx server = Vertx.vertx();
        DecisioningServer.start(server, new ServerSettings(ruleDir, port, cores, Files.createTempDirectory("bench-data-"))).await();

        List<String> customers = CustomerMix.bodies(256);
        List<Buffer> decisionBodies = customers.stream().map(Buffer::buffer).toList();
        List<Buffer> evaluateBodies = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            evaluateBodies.add(Buffer.buffer("{\"inputs\":{\"score\":" + (i * 7 % 200) + ",\"category\":\"c" + (i % 5) + "\"}}"));
        }
        HttpClient http = HttpClient.newHttpClient();
        int answerSize = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/decisions/retail-loyalty"))
                .POST(HttpRequest.BodyPublishers.ofString(customers.get(3))).build(), HttpResponse.BodyHandlers.ofString()).body().length();
        Buffer bareAnswer = Buffer.buffer("{\"pad\":\"" + "x".repeat(Math.max(0, answerSize - 10)) + "\"}");
        server.deployVerticle(() -> new BareEndpoint(barePort, bareAnswer), new DeploymentOptions().setInstances(cores)).await();

        Duration warmUp = Duration.ofSeconds(quick ? 10 : 150);
        Duration maxPhase = Duration.ofSeconds(quick ? 5 : 10);
        Duration leadIn = Duration.ofSeconds(quick ? 3 : 10);
        Duration ratePhase = Duration.ofSeconds(quick ? 5 : 15);
        int connections = 32;
        List<HttpLoad.Result> results = new ArrayList<>();
        try (HttpLoad bare = new HttpLoad(barePort, connections); HttpLoad api = new HttpLoad(port, connections)) {
            results.add(bare.measure("bare Vert.x endpoint (floor)", "/bare", decisionBodies, warmUp, maxPhase, leadIn, ratePhase));
            // Each endpoint starts from a collected heap: the load generator's backlog of one endpoint's overloaded
            // phases, promoted to the old generation, would otherwise lengthen the next endpoint's collections.
            System.gc();
            results.add(api.measure("POST /api/v1/decisions/retail-loyalty", "/api/v1/decisions/retail-loyalty",
                    decisionBodies, warmUp, maxPhase, leadIn, ratePhase));
            System.gc();
            results.add(api.measure("POST /api/v1/rulesets/generated-100/evaluate", "/api/v1/rulesets/generated-100/evaluate",
                    evaluateBodies, warmUp, maxPhase, leadIn, ratePhase));
        }
        server.close().await();

        double floor = results.get(0).maxPerSecond();
        report.append("## HTTP on loopback (load generator in the same JVM, ").append(connections)
                .append(" connections, customers with 0 to 200 orders)\n\n")
                .append("Each endpoint first gets traffic in 5 s windows until its throughput stops rising (at most ")
                .append(warmUp.toSeconds()).append(" s), so the figures are the steady state of a running server. ")
                .append("Latency is measured at a fixed rate of half the measured maximum, from each request's scheduled send time, ")
                .append("for ").append(ratePhase.toSeconds()).append(" s after ").append(leadIn.toSeconds())
                .append(" s at that rate unmeasured (the change from saturation to a fixed rate recompiles the hot paths).\n\n")
                .append("| endpoint | warm-up s | max req/s | × bare | fixed rate req/s | p50 ms | p99 ms | p99.9 ms | errors |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (HttpLoad.Result r : results) {
            report.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.0f | %.2f | %.2f | %.2f | %d |%n", r.endpoint(),
                    r.warmUpSeconds(), r.maxPerSecond(), r.maxPerSecond() / floor, r.fixedRate(), r.p50Micros() / 1000.0,
                    r.p99Micros() / 1000.0, r.p999Micros() / 1000.0, r.errors()));
        }
        HttpLoad.Result decision = results.get(1);
        report.append("\n| ratio | value | target | met |\n|---|---:|---:|:---:|\n");
        ratio(report, "decision endpoint throughput / bare endpoint", decision.maxPerSecond() / floor, ">= 0.5",
                decision.maxPerSecond() / floor >= 0.5);
        ratio(report, "decision endpoint p99 at half max rate (ms)", decision.p99Micros() / 1000.0, "<= 5",
                decision.p99Micros() <= 5000);
        report.append('\n');
    }

    private static void lifecycleSection(StringBuilder report, Path rules, Path serverJar) throws Exception {
        report.append("## Lifecycle\n\n| measurement | value | target | met |\n|---|---:|---:|:---:|\n");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        String customer = CustomerMix.bodies(4).get(2);
        Path launchOptions = launchOptionsOf(serverJar);
        if (Files.isRegularFile(serverJar) && Files.isRegularFile(launchOptions)) {
            String withOptions = "@" + launchOptions;
            serverProcess(report, http, customer, rules, serverJar, List.of(withOptions), "launch options", true);
            serverProcess(report, http, customer, rules, serverJar, List.of(withOptions, "-Xmx256m"),
                    "launch options, -Xmx256m", false);
            serverProcess(report, http, customer, rules, serverJar, List.of(), "plain java -jar", false);
        } else {
            report.append("| process start to first answered decision | not measured: build ").append(serverJar)
                    .append(" and its launch options first | <= 3 s | |\n");
        }

        Path emptyRules = Files.createTempDirectory("bench-publish-rules-");
        copy(rules.resolve("retail-loyalty"), emptyRules.resolve("retail-loyalty"));
        int port = freePort();
        Vertx server = Vertx.vertx();
        DecisioningServer.start(server, new ServerSettings(emptyRules, port, 2, Files.createTempDirectory("bench-publish-"),
                TOKEN, false, false)).await();
        try {
            // Publishes happen on a running server, not in its first seconds: give it the time it takes to settle.
            Thread.sleep(PUBLISH_AFTER_START.toMillis());
            publishUntilAnswers(report, http, port, "in the benchmark's JVM, up " + PUBLISH_AFTER_START.toSeconds()
                    + " s without traffic");
        } finally {
            server.close().await();
        }
        report.append('\n');
    }

    /**
     * Publishes a generated 1,000-row decision table as a new rule set and times it until the rule set answers (polled
     * while the publish request is still open) and until the publish response, which waits for the table analysis.
     */
    private static void publishUntilAnswers(StringBuilder report, HttpClient http, int port, String where)
            throws Exception {
        String model = GeneratedTable.model(1000);
        URI evaluate = URI.create("http://127.0.0.1:" + port + "/api/v1/rulesets/generated-1000/evaluate");
        long started = System.nanoTime();
        var published = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/rulesets/generated-1000?create=true&file=generated-table.dmn"))
                .header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(model, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        // The rule set is new, so any answer at all comes from the published version.
        double answeredAfter = -1;
        while (System.nanoTime() - started < Duration.ofSeconds(60).toNanos()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(evaluate)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"score\":1005,\"category\":\"c2\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                answeredAfter = (System.nanoTime() - started) / 1e9;
                break;
            }
            Thread.sleep(5);
        }
        HttpResponse<String> response = published.join();
        double respondedAfter = (System.nanoTime() - started) / 1e9;
        boolean ok = response.statusCode() == 201 && answeredAfter > 0;
        ratio(report, "publish of a generated 1,000-row decision table until it answers, server " + where + " (s)"
                + (ok ? "" : " FAILED"), answeredAfter, "<= 2", ok && answeredAfter <= 2);
        report.append(String.format(Locale.ROOT, "| the same publish's response, with its decision-table analysis (s) | %.2f | (documented) | |%n",
                respondedAfter));
    }

    /**
     * Starts the server jar as a user would, times start to first answered decision, then sends decisions and reads
     * the heap after a full GC and the process RSS at two points: a flat heap means nothing accumulates per call.
     * With {@code publish}, a 1,000-row table is then published to the server that has been serving.
     */
    private static void serverProcess(StringBuilder report, HttpClient http, String customer, Path rules, Path serverJar,
                                      List<String> jvmOptions, String label, boolean publish) throws Exception {
        int port = freePort();
        Path data = Files.createTempDirectory("bench-start-");
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toString(), "--rules", rules.toString(), "--data", data.toString(),
                "--port", String.valueOf(port)));
        ProcessBuilder launch = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        launch.environment().put(ServerSettings.ADMIN_TOKEN_ENV, TOKEN);
        // The timing is the server's: the client's own first-request costs are paid before the launch, and the port
        // is watched with plain connects, which cost the two shared cores next to nothing while the server starts.
        warmUp(http, customer);
        long started = System.nanoTime();
        Process process = launch.start();
        URI decide = URI.create("http://127.0.0.1:" + port + "/api/v1/decisions/retail-loyalty");
        try {
            double seconds = -1;
            while (System.nanoTime() - started < Duration.ofSeconds(60).toNanos()) {
                if (listening(port)) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(decide)
                            .POST(HttpRequest.BodyPublishers.ofString(customer)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        seconds = (System.nanoTime() - started) / 1e9;
                        break;
                    }
                }
                Thread.sleep(10);
            }
            ratio(report, "process start to first answered decision, " + label + " (s)", seconds, "<= 3",
                    seconds > 0 && seconds <= 3);
            List<String> bodies = CustomerMix.bodies(256);
            int sent = 0;
            for (int checkpoint : new int[] {3_000, 30_000}) {
                for (; sent < checkpoint; sent++) {
                    http.send(HttpRequest.newBuilder(decide).POST(HttpRequest.BodyPublishers.ofString(bodies.get(sent % 256)))
                            .build(), HttpResponse.BodyHandlers.discarding());
                }
                report.append(String.format(Locale.ROOT, "| %s after %,d decisions: heap after full GC / RSS (MB) | %s / %s | flat heap | |%n",
                        label, checkpoint, heapAfterGcMegabytes(process.pid()), rssMegabytes(process.pid())));
            }
            if (publish) {
                publishUntilAnswers(report, http, port, "started with " + label + ", after 30,000 decisions");
            }
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends the client's first few hundred requests to a throwaway local endpoint, so none of them is timed. */
    private static void warmUp(HttpClient http, String body) throws Exception {
        com.sun.net.httpserver.HttpServer local = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        local.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        local.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + local.getAddress().getPort() + "/");
            for (int i = 0; i < 300; i++) {
                http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                listening(local.getAddress().getPort());
            }
        } finally {
            local.stop(0);
        }
    }

    private static String heapAfterGcMegabytes(long pid) {
        try {
            run("jcmd", String.valueOf(pid), "GC.run");
            // One line per heap space with its total (G1: one; the throughput and serial collectors: young and old);
            // metaspace's line has no total and is not heap.
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K")
                    .matcher(run("jcmd", String.valueOf(pid), "GC.heap_info"));
            long kilobytes = 0;
            boolean found = false;
            while (used.find()) {
                kilobytes += Long.parseLong(used.group(1));
                found = true;
            }
            return found ? String.valueOf(kilobytes / 1024) : "-";
        } catch (IOException | InterruptedException e) {
            return "-";
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static String rssMegabytes(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).map(l -> String.valueOf(Long.parseLong(
                    l.replaceAll("\\D", "")) / 1024)).findFirst().orElse("-");
        } catch (IOException e) {
            return "-";
        }
    }

    /** The launch options file the build writes beside the server jar. */
    private static Path launchOptionsOf(Path serverJar) {
        return serverJar.resolveSibling("decisioning-server.options");
    }

    /** The launch options file's JVM settings, less its class-data archive (recorded for the server jar only). */
    private static List<String> serverSettings(Path launchOptions) throws IOException {
        return Files.readAllLines(launchOptions).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("-XX:SharedArchiveFile"))
                .toList();
    }

    private static List<String> serverSettingsInUse() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-D" + WITH_SERVER_SETTINGS)).toList();
    }

    private static int relaunchWith(List<String> settings, String[] args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings);
        command.add("-D" + WITH_SERVER_SETTINGS + "=true");
        command.add("-cp");
        command.add(Path.of(BenchmarkReport.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        command.add(BenchmarkReport.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private static double score(Map<String, double[]> scores, String label) {
        double[] score = scores.get(label);
        return score == null ? Double.NaN : score[0];
    }

    private static void ratio(StringBuilder report, String name, double value, String target, boolean met) {
        report.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s |%n", name, value, target, met ? "yes" : "**no**"));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                options.put("--quick", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--quick] [--only engine|http|lifecycle] [--rules DIR] [--out FILE] [--server-jar JAR]");
            }
        }
        return options;
    }
}
