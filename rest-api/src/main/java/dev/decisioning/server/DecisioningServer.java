package dev.decisioning.server;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.DecisionEngine;
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
import java.util.concurrent.TimeUnit;

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

    /** A started server and the Vert.x it owns; closing it stops the server and, if clustered, leaves the cluster. */
    public record RunningServer(Vertx vertx, DecisionEngine engine) {
        public Future<Void> close() {
            return vertx.close();
        }
    }

    /**
     * Serves, or runs the subcommand the arguments name ({@code test}, {@code self-check}), or prints the help or the
     * version; see {@link ServerCommand}. Exits unless a server now serves.
     */
    public static void main(String[] args) {
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
        long started = System.nanoTime();
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
        LOG.info("serving {} rule set(s) on http://{}:{} (rules {}, data {}, ready in {} ms)",
                server.engine().ruleSets().size(),
                urlHost(settings.host()), settings.port(),
                settings.rulesDirectory().toAbsolutePath().normalize(),
                settings.dataDirectory().toAbsolutePath().normalize(), (System.nanoTime() - started) / 1_000_000);
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
        if (launch.clustered()) {
            // Leaving the cluster on the way out lets the others stop routing to this server at once, rather
            // than after Hazelcast's failure detection notices it is gone.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close().await(15, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("could not leave the cluster cleanly: " + e);
                }
            }, "decisioning-shutdown"));
        }
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
        // Compiling the rules takes seconds and needs nothing from Vert.x: it starts first, and Vert.x beside it.
        CompletableFuture<DecisionEngine> opening = openEngineInBackground(settings, writes);
        return serveOnceOpen(Vertx.vertx(), opening, settings);
    }

    /**
     * Joins the cluster described by {@code cluster} with a Vert.x of its own, then starts the server on it: caught up
     * with the versions the others serve before it answers HTTP. A server that cannot start leaves the cluster again.
     */
    public static Future<RunningServer> startClustered(ServerSettings settings, ClusterSettings cluster) {
        // Joining the cluster and compiling the rules each take seconds and neither needs the other: both at once.
        CompletableFuture<DecisionEngine> opening = openEngineInBackground(settings, FileWrites.DIRECT);
        Promise<RunningServer> result = Promise.promise();
        Clustering.startVertx(cluster).onComplete(joined -> {
            if (joined.failed()) {
                result.fail(joined.cause());
            } else {
                serveOnceOpen(joined.result(), opening, settings).onComplete(served -> complete(result, served));
            }
        });
        return result.future();
    }

    /**
     * Deploys the server on {@code vertx} once the engine has opened; a server that cannot start closes it again.
     * The answer is a future of no Vert.x context: a failure is reported after {@code vertx} has closed, and the
     * callbacks of a closed Vert.x's contexts never run (a failure reported through one would vanish).
     */
    private static Future<RunningServer> serveOnceOpen(Vertx vertx, CompletableFuture<DecisionEngine> opening,
                                                       ServerSettings settings) {
        Promise<RunningServer> result = Promise.promise();
        Future.fromCompletionStage(opening, vertx.getOrCreateContext())
                .compose(engine -> deploy(vertx, engine, settings))
                .onComplete(deployed -> {
                    if (deployed.succeeded()) {
                        result.complete(new RunningServer(vertx, deployed.result()));
                    } else {
                        vertx.close().onComplete(closed -> result.fail(deployed.cause()));
                    }
                });
        return result.future();
    }

    private static <T> void complete(Promise<T> promise, io.vertx.core.AsyncResult<T> outcome) {
        if (outcome.succeeded()) {
            promise.complete(outcome.result());
        } else {
            promise.fail(outcome.cause());
        }
    }

    private static CompletableFuture<DecisionEngine> openEngineInBackground(ServerSettings settings, FileWrites writes) {
        CompletableFuture<DecisionEngine> opening = new CompletableFuture<>();
        Thread compiling = new Thread(() -> {
            try {
                opening.complete(openEngine(settings, writes));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "decisioning-startup");
        compiling.start();
        return opening;
    }

    /**
     * Compiles the rule sets off the event loop, then deploys one verticle per core sharing the one engine. On a
     * clustered Vert.x the server first catches up with the cluster and then follows its activations.
     */
    public static Future<DecisionEngine> start(Vertx vertx, ServerSettings settings) {
        return start(vertx, settings, FileWrites.DIRECT);
    }

    /** {@link #start(Vertx, ServerSettings)} with the store writing files through {@code writes} (tests: a full disk). */
    static Future<DecisionEngine> start(Vertx vertx, ServerSettings settings, FileWrites writes) {
        return start(vertx, settings, writes, DecisionLog.Opener.DIRECT);
    }

    /** {@link #start(Vertx, ServerSettings, FileWrites)} with the decision log opening its files through {@code logFiles}. */
    static Future<DecisionEngine> start(Vertx vertx, ServerSettings settings, FileWrites writes,
                                        DecisionLog.Opener logFiles) {
        return vertx.executeBlocking(() -> openEngine(settings, writes))
                .compose(engine -> deploy(vertx, engine, settings, logFiles));
    }

    private static Future<DecisionEngine> deploy(Vertx vertx, DecisionEngine engine, ServerSettings settings) {
        return deploy(vertx, engine, settings, DecisionLog.Opener.DIRECT);
    }

    private static Future<DecisionEngine> deploy(Vertx vertx, DecisionEngine engine, ServerSettings settings,
                                                 DecisionLog.Opener logFiles) {
        DecisionLog decisionLog;
        try {
            decisionLog = openDecisionLog(settings, engine, logFiles);
        } catch (StartupFailure e) {
            return Future.failedFuture(e);
        }
        return vertx.deployVerticle(new DecisionLogVerticle(decisionLog, onShutdown("decision-log", decisionLog::close)))
                // Clustered, the server catches up before its HTTP verticles answer anything.
                .compose(id -> vertx.isClustered()
                        ? vertx.deployVerticle(new ClusterSync(engine, engine))
                        : Future.<String>succeededFuture())
                .compose(id -> vertx.deployVerticle(() -> new DecisioningVerticle(engine, settings, decisionLog),
                        new DeploymentOptions().setInstances(settings.instances())))
                .compose(id -> settings.watch()
                        ? vertx.deployVerticle(new RulesWatchVerticle(engine, settings))
                        : Future.<String>succeededFuture())
                .map(id -> engine);
    }

    /**
     * The decision log the settings ask for, its folder created; closed with the server's Vert.x, or by the JVM's
     * shutdown when the process is stopped.
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
     * Runs {@code step} when the JVM shuts down (SIGTERM, the end of {@code main}) unless the returned handle is
     * closed first: where the server hands its shutdown steps.
     */
    static AutoCloseable onShutdown(String name, Runnable step) {
        Thread hook = new Thread(step, "shutdown-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the step runs, or has run
            }
        };
    }

    /**
     * Checks the data and rules directories, opens the store (setting damaged versions aside), seeds it from the rules
     * directory on first start and compiles the active versions.
     *
     * @throws StartupFailure for anything the operator has to fix before the server can start
     */
    private static DecisionEngine openEngine(ServerSettings settings, FileWrites writes) {
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
        return EmbeddedEngine.start(store, settings.limits().budgets());
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
