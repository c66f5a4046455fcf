package dev.decisioning.server;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.EngineEvents;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import dev.decisioning.engine.loading.RuleSetSource;
import dev.decisioning.engine.store.DirectoryRuleSetStore;
import dev.decisioning.engine.store.FileWrites;
import dev.decisioning.engine.store.StoreWriteException;
import dev.decisioning.server.cluster.ClusterSettings;
import dev.decisioning.server.cluster.ClusterSync;
import dev.decisioning.server.cluster.Clustering;
import dev.decisioning.server.decisionlog.DecisionLog;
import dev.decisioning.server.decisionlog.DecisionLogVerticle;
import dev.decisioning.server.http.DecisioningVerticle;
import dev.decisioning.server.http.ServerState;
import dev.decisioning.server.ops.ServerMetrics;
import dev.decisioning.server.ops.ShutdownSteps;
import dev.decisioning.server.settings.DecisionLogSettings;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The server's entry point: seeds the version store from the rules directory on first start, compiles the active
 * version of every rule set, then serves them over HTTP. With {@code --cluster} it first joins the other servers,
 * takes on the versions they serve, and from then on follows every activation made on any of them.
 * <p>
 * A server that cannot start prints one line saying why (the file or port, and the flag that changes it) and exits
 * with status {@link #START_FAILED}.
 */
public final class DecisioningServer {
    private static final Logger LOG = LoggerFactory.getLogger(DecisioningServer.class);
    /** Exit status of a server that could not start. */
    public static final int START_FAILED = 1;
    /** Exit status of a wrong command line. */
    public static final int USAGE = ServerCommand.USAGE;

    private DecisioningServer() {
    }

    /**
     * A started server and the Vert.x it owns; closing it stops the server at once and, if clustered, leaves the
     * cluster ({@link GracefulShutdown} first lets the calls in flight finish).
     */
    public record RunningServer(Vertx vertx, DecisionEngine engine, ServerState state) {
        public Future<Void> close() {
            return vertx.close();
        }

        /** What the server does on its way out, after its last call and before it leaves the cluster. */
        public ShutdownSteps shutdownSteps() {
            return state.shutdownSteps();
        }
    }

    /**
     * Serves, or runs the subcommand the arguments name ({@code test}, {@code self-check}), or prints the help or the
     * version; see {@link ServerCommand}. Exits unless a server now serves.
     */
    public static void main(String[] args) {
        ServerLogging.levelsFrom(System.getProperties());
        ServerCommand command = new ServerCommand(System.getenv(), System.getProperties());
        int status = ServerCommand.commandLine(command).execute(args);
        if (!command.serving()) {
            System.exit(status);
        }
    }

    /**
     * Starts the server and waits until it serves or has failed. A failure is logged as one line (with a stack trace
     * only when it is not one of the failures an operator fixes with a flag).
     *
     * @return 0 when the server serves (it goes on running), {@link #START_FAILED} when it could not start
     */
    static int launch(ServerSettings.Launch launch) {
        ServerSettings settings = launch.settings();
        ServerLogging.use(settings.operations().logFormat());
        long started = System.nanoTime();
        LOG.atInfo().addKeyValue("version", version()).addKeyValue("host", settings.host())
                .addKeyValue("port", settings.port()).addKeyValue("pid", ProcessHandle.current().pid())
                .log("starting decisioning-server {} on {}:{} (Java {}, pid {}{})", version(), settings.host(),
                        settings.port(), Runtime.version(), ProcessHandle.current().pid(),
                        launch.clustered() ? ", clustered" : "");
        RunningServer server;
        try {
            Future<RunningServer> running = launch.clustered()
                    ? startClustered(settings, launch.cluster())
                    : startAlone(settings);
            server = running.toCompletionStage().toCompletableFuture().join();
        } catch (CompletionException | IllegalStateException | StartupFailure e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (StartupFailure.expected(cause, settings)) {
                LOG.error("could not start: {}", StartupFailure.describe(cause, settings));
            } else {
                LOG.error("could not start: {}", StartupFailure.describe(cause, settings), cause);
            }
            return START_FAILED;
        }
        List<RuleSetSummary> ruleSets = server.engine().ruleSets();
        String served = ruleSets.stream().map(r -> r.name() + " " + (r.version() == null ? "unversioned"
                : "version " + r.version())).collect(Collectors.joining(", "));
        LOG.atInfo().addKeyValue("version", version()).addKeyValue("host", settings.host())
                .addKeyValue("port", settings.port())
                .addKeyValue("ruleSets", ruleSets.stream()
                        .map(r -> r.version() == null ? r.name() : r.name() + "@" + r.version()).toList())
                .log("serving {} rule set(s) on http://{}:{} (rules {}, data {}, ready in {} ms): {}",
                        ruleSets.size(), urlHost(settings.host()), settings.port(),
                        settings.rulesDirectory().toAbsolutePath().normalize(),
                        settings.dataDirectory().toAbsolutePath().normalize(),
                        (System.nanoTime() - started) / 1_000_000, served);
        List<String> notServing = server.engine().ruleSets().stream()
                .filter(r -> r.state() != dev.decisioning.engine.RuleSetState.COMPILED
                        && r.state() != dev.decisioning.engine.RuleSetState.ARCHIVED).map(r -> r.name()).toList();
        if (!notServing.isEmpty()) {
            LOG.warn("{} rule set(s) do not serve: {}; GET /api/v1/rulesets/NAME says why", notServing.size(), notServing);
        }
        List<String> archived = server.engine().ruleSets().stream()
                .filter(r -> r.state() == dev.decisioning.engine.RuleSetState.ARCHIVED).map(r -> r.name()).toList();
        if (!archived.isEmpty()) {
            LOG.info("{} rule set(s) archived, not serving: {}", archived.size(), archived);
        }
        if (settings.adminToken() == null) {
            LOG.info("publishing over HTTP is off: set {} to turn it on", ServerSettings.ADMIN_TOKEN_ENV);
        }
        // Leaving the cluster on the way out lets the others stop routing to this server at once, rather than after
        // Hazelcast's failure detection notices it is gone.
        GracefulShutdown.install(server, settings.operations().shutdownGrace(), launch.clustered());
        return 0;
    }

    /** The host of the server's address as a URL names it: localhost for every interface, IPv6 in brackets. */
    private static String urlHost(String host) {
        if (host.equals(ServerSettings.DEFAULT_HOST) || host.equals("::")) {
            return "localhost";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The version the jar was built as, or "development" when run from classes. */
    static String version() {
        String version = DecisioningServer.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    static Future<RunningServer> startAlone(ServerSettings settings) {
        return startAlone(settings, FileWrites.DIRECT);
    }

    /** {@link #startAlone(ServerSettings)} with the store writing files through {@code writes} (tests: a full disk). */
    static Future<RunningServer> startAlone(ServerSettings settings, FileWrites writes) {
        ServerMetrics metrics = ServerMetrics.create();
        // Compiling the rules takes seconds and needs nothing from Vert.x: it starts first, and Vert.x beside it.
        CompletableFuture<DecisionEngine> opening = openEngineInBackground(settings, writes, metrics);
        return serveOnceOpen(metrics.newVertx(), opening, settings, metrics);
    }

    /**
     * Joins the cluster described by {@code cluster} with a Vert.x of its own, then starts the server on it: caught up
     * with the versions the others serve before it answers HTTP. A server that cannot start leaves the cluster again.
     */
    public static Future<RunningServer> startClustered(ServerSettings settings, ClusterSettings cluster) {
        ServerMetrics metrics = ServerMetrics.create();
        // Joining the cluster and compiling the rules each take seconds and neither needs the other: both at once.
        CompletableFuture<DecisionEngine> opening = openEngineInBackground(settings, FileWrites.DIRECT, metrics);
        Promise<RunningServer> result = Promise.promise();
        Clustering.startVertx(cluster, metrics::vertxBuilder).onComplete(joined -> {
            if (joined.failed()) {
                result.fail(joined.cause());
            } else {
                serveOnceOpen(joined.result(), opening, settings, metrics)
                        .onComplete(served -> complete(result, served));
            }
        });
        return result.future();
    }

    /**
     * Deploys the server on {@code vertx} ({@link #serve}); a server that cannot start closes it again. The answer is
     * a future of no Vert.x context: a failure is reported after {@code vertx} has closed, and the callbacks of a
     * closed Vert.x's contexts never run (a failure reported through one would vanish).
     */
    private static Future<RunningServer> serveOnceOpen(Vertx vertx, CompletableFuture<DecisionEngine> opening,
                                                       ServerSettings settings, ServerMetrics metrics) {
        Promise<RunningServer> result = Promise.promise();
        serve(vertx, opening, settings, metrics, DecisionLog.Opener.DIRECT).onComplete(deployed -> {
            if (deployed.succeeded()) {
                result.complete(deployed.result());
            } else {
                vertx.close().onComplete(closed -> result.fail(deployed.cause()));
            }
        });
        return result.future();
    }

    /**
     * Listens at once, answering health (not ready), metrics and {@code 503 starting}, and serves the API once the
     * engine has opened (and, clustered, caught up with the others). When both the engine and listening fail, the
     * engine's failure is the one reported: it is the one the operator meets first when starting again.
     */
    private static Future<RunningServer> serve(Vertx vertx, CompletableFuture<DecisionEngine> opening,
                                               ServerSettings settings, ServerMetrics metrics,
                                               DecisionLog.Opener logFiles) {
        ServerState state = new ServerState(metrics, new ShutdownSteps());
        Future<String> listening = vertx.deployVerticle(() -> new DecisioningVerticle(state, settings),
                new DeploymentOptions().setInstances(settings.instances()));
        Future<DecisionEngine> opened = Future.fromCompletionStage(opening, vertx.getOrCreateContext());
        return Future.join(listening, opened).transform(both -> {
            if (opened.failed()) {
                return Future.failedFuture(opened.cause());
            }
            if (listening.failed()) {
                return Future.failedFuture(listening.cause());
            }
            return deploy(vertx, opened.result(), settings, state, logFiles)
                    .map(engine -> new RunningServer(vertx, engine, state));
        });
    }

    private static <T> void complete(Promise<T> promise, io.vertx.core.AsyncResult<T> outcome) {
        if (outcome.succeeded()) {
            promise.complete(outcome.result());
        } else {
            promise.fail(outcome.cause());
        }
    }

    private static CompletableFuture<DecisionEngine> openEngineInBackground(ServerSettings settings, FileWrites writes,
                                                                            EngineEvents events) {
        CompletableFuture<DecisionEngine> opening = new CompletableFuture<>();
        Thread compiling = new Thread(() -> {
            try {
                opening.complete(openEngine(settings, writes, events));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "decisioning-startup");
        compiling.start();
        return opening;
    }

    /**
     * Deploys one verticle per core, listening at once, and compiles the rule sets off the event loop; the verticles
     * answer the API with the one engine once it has opened. On a clustered Vert.x the server first catches up with
     * the cluster and then follows its activations. Completes once the server serves.
     */
    public static Future<DecisionEngine> start(Vertx vertx, ServerSettings settings) {
        return start(vertx, settings, FileWrites.DIRECT);
    }

    /** {@link #start(Vertx, ServerSettings)} with the store writing files through {@code writes} (tests: a full disk). */
    static Future<DecisionEngine> start(Vertx vertx, ServerSettings settings, FileWrites writes) {
        return start(vertx, settings, writes, ServerMetrics.create(), DecisionLog.Opener.DIRECT)
                .map(RunningServer::engine);
    }

    /**
     * {@link #start(Vertx, ServerSettings, FileWrites)} counting in {@code metrics}: Vert.x's own metrics are among
     * them when {@code vertx} was built by {@link ServerMetrics#newVertx()}.
     */
    static Future<RunningServer> start(Vertx vertx, ServerSettings settings, FileWrites writes, ServerMetrics metrics) {
        return start(vertx, settings, writes, metrics, DecisionLog.Opener.DIRECT);
    }

    /** {@link #start(Vertx, ServerSettings, FileWrites, ServerMetrics)} with the decision log opening its files through {@code logFiles}. */
    static Future<RunningServer> start(Vertx vertx, ServerSettings settings, FileWrites writes, ServerMetrics metrics,
                                       DecisionLog.Opener logFiles) {
        return serve(vertx, openEngineInBackground(settings, writes, metrics), settings, metrics, logFiles);
    }

    /**
     * Makes the listening server serve {@code engine}: with its decision log open (closed by a shutdown step, or when
     * Vert.x closes) and, clustered, once it has caught up with the others.
     */
    private static Future<DecisionEngine> deploy(Vertx vertx, DecisionEngine engine, ServerSettings settings,
                                                 ServerState state, DecisionLog.Opener logFiles) {
        DecisionLog decisionLog;
        try {
            decisionLog = openDecisionLog(settings, engine, logFiles);
        } catch (StartupFailure e) {
            return Future.failedFuture(e);
        }
        state.shutdownSteps().add("decision-log", decisionLog::close);
        return vertx.deployVerticle(new DecisionLogVerticle(decisionLog, () -> { }))
                // Clustered, the server catches up before its HTTP verticles answer anything but health and metrics.
                .compose(id -> vertx.isClustered()
                        ? vertx.deployVerticle(new ClusterSync(engine, engine))
                        : Future.<String>succeededFuture())
                .onSuccess(id -> state.serve(engine, decisionLog))
                .compose(id -> settings.watch()
                        ? vertx.deployVerticle(new RulesWatchVerticle(engine, settings))
                        : Future.<String>succeededFuture())
                .map(id -> engine);
    }

    /**
     * The decision log the settings ask for, its folder created; closed with the server's Vert.x, or by the
     * server's shutdown steps when the process is stopped.
     */
    private static DecisionLog openDecisionLog(ServerSettings settings, DecisionEngine engine,
                                               DecisionLog.Opener logFiles) {
        Path directory = settings.decisionLogDirectory();
        try {
            DecisionLog log = DecisionLog.open(settings.decisionLog(), directory, engine, logFiles);
            if (settings.decisionLog().enabled()) {
                double rate = settings.decisionLog().sampleRate();
                LOG.info("logging {} to {}", rate == 1 ? "every decision and evaluation"
                        : java.math.BigDecimal.valueOf(rate * 100).stripTrailingZeros().toPlainString()
                        + "% of decisions and evaluations", StartupFailure.path(directory));
            }
            return log;
        } catch (java.io.UncheckedIOException e) {
            throw new StartupFailure("decision log directory " + StartupFailure.path(directory) + " cannot be created ("
                    + rootMessage(e) + "); point " + StartupFailure.flag("--decision-log",
                    DecisionLogSettings.DIRECTORY_ENV) + " at a folder this user can write, or turn the log off with "
                    + "--decision-log=off");
        }
    }

    /**
     * Checks the data and rules directories, opens the store (setting damaged versions aside), seeds it from the rules
     * directory on first start and compiles the active versions.
     *
     * @throws StartupFailure for anything the operator has to fix before the server can start
     */
    private static DecisionEngine openEngine(ServerSettings settings, FileWrites writes, EngineEvents events) {
        Path data = settings.dataDirectory();
        Path rules = settings.rulesDirectory();
        String dataFlag = StartupFailure.flag("--data", ServerSettings.DATA_ENV);
        String rulesFlag = StartupFailure.flag("--rules", ServerSettings.RULES_ENV);
        usableDataDirectory(data, dataFlag);
        DirectoryRuleSetStore store;
        try {
            store = new DirectoryRuleSetStore(data, writes);
        } catch (RuntimeException e) {
            throw new StartupFailure("the stored versions under " + StartupFailure.path(data.resolve("rulesets"))
                    + " cannot be used (" + rootMessage(e) + "); repair or move that folder, or point " + dataFlag
                    + " at another data directory");
        }
        if (Files.exists(rules) && !Files.isDirectory(rules)) {
            throw new StartupFailure("rules directory " + StartupFailure.path(rules) + " is a file, not a folder; point "
                    + rulesFlag + " at the folder that holds one folder per rule set");
        }
        if (Files.isDirectory(rules)) {
            List<RuleSetSource> sources;
            try {
                sources = new FileSystemRuleSetLoader(rules).loadAll();
            } catch (RuntimeException e) {
                throw new StartupFailure("rules directory " + StartupFailure.path(rules) + " cannot be read ("
                        + rootMessage(e) + "); make it readable, or point " + rulesFlag + " at another one");
            }
            List<String> seeded;
            try {
                seeded = store.seedFrom(() -> sources);
            } catch (StoreWriteException e) {
                throw new StartupFailure("the rule sets of " + StartupFailure.path(rules) + " cannot be stored: "
                        + e.getMessage() + "; free space there, or point " + dataFlag + " at another data directory");
            }
            if (!seeded.isEmpty()) {
                LOG.info("stored {} from {} as their first versions", seeded, rules);
            }
        } else if (store.names().isEmpty()) {
            throw new StartupFailure("rules directory " + StartupFailure.path(rules) + " does not exist and data directory "
                    + StartupFailure.path(data) + " holds no rule sets; point " + rulesFlag
                    + " at the folder that holds one folder per rule set");
        } else {
            LOG.warn("rules directory {} does not exist; serving the rule sets stored in {}",
                    StartupFailure.path(rules), StartupFailure.path(data));
        }
        return EmbeddedEngine.start(store, settings.limits().budgets(), events);
    }

    /** A data directory that is a folder (created if missing) this process can write in. */
    private static void usableDataDirectory(Path data, String dataFlag) {
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new StartupFailure("data directory " + StartupFailure.path(data) + " is a file, not a folder; point "
                    + dataFlag + " at a folder (it is created if missing)");
        }
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new StartupFailure("data directory " + StartupFailure.path(data) + " cannot be created ("
                    + rootMessage(e) + "); point " + dataFlag + " at a folder this user can write");
        }
        try {
            Files.delete(Files.createTempFile(data, ".tmp-write-check-", ""));
        } catch (IOException e) {
            throw new StartupFailure("data directory " + StartupFailure.path(data) + " is not writable ("
                    + rootMessage(e) + "); make it writable, or point " + dataFlag + " at a folder this user can write");
        }
    }

    /** The innermost message of a failure: what the file system said, without the layers that passed it on. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.nio.file.FileAlreadyExistsException) {
            return root.getMessage() + " is a file where a folder belongs";
        }
        if (root instanceof java.nio.file.NoSuchFileException) {
            return root.getMessage() + " does not exist";
        }
        if (root instanceof java.nio.file.NotDirectoryException) {
            return root.getMessage() + " is not a folder";
        }
        if (root instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + root.getMessage();
        }
        if (root instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + ": " + fs.getFile();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
