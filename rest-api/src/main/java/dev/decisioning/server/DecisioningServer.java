package dev.decisioning.server;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import dev.decisioning.engine.store.DirectoryRuleSetStore;
import dev.decisioning.server.cluster.ClusterSettings;
import dev.decisioning.server.cluster.ClusterSync;
import dev.decisioning.server.cluster.Clustering;
import dev.decisioning.server.http.DecisioningVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server's entry point: seeds the version store from the rules directory on first start, compiles the active
 * version of every rule set, then serves them over HTTP. With {@code --cluster} it first joins the other servers,
 * takes on the versions they serve, and from then on follows every activation made on any of them.
 */
public final class DecisioningServer {
    private static final Logger LOG = LoggerFactory.getLogger(DecisioningServer.class);

    private DecisioningServer() {
    }

    /** A started server and the Vert.x it owns; closing it stops the server and, if clustered, leaves the cluster. */
    public record RunningServer(Vertx vertx, DecisionEngine engine) {
        public Future<Void> close() {
            return vertx.close();
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("test")) {
            System.exit(ScenarioCommand.run(args, System.out));
        }
        if (args.length > 0 && args[0].equals("self-check")) {
            System.exit(SelfCheckCommand.run(args, System.out));
        }
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(ServerSettings.usage());
            System.exit(0);
        }
        ServerSettings.CommandLine commandLine;
        try {
            commandLine = ServerSettings.parseCommandLine(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ServerSettings settings = commandLine.settings();
        long started = System.nanoTime();
        Future<RunningServer> running = commandLine.clustered()
                ? startClustered(settings, commandLine.cluster())
                : startAlone(settings);
        running.onSuccess(server -> {
            LOG.info("serving {} rule set(s) on http://localhost:{} (rules {}, data {}, ready in {} ms)",
                    server.engine().ruleSets().size(), settings.port(),
                    settings.rulesDirectory().toAbsolutePath().normalize(),
                    settings.dataDirectory().toAbsolutePath().normalize(), (System.nanoTime() - started) / 1_000_000);
            if (settings.adminToken() == null) {
                LOG.info("publishing over HTTP is off: set {} to turn it on", ServerSettings.ADMIN_TOKEN_ENV);
            }
            if (commandLine.clustered()) {
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
        }).onFailure(e -> {
            LOG.error("could not start: {}", e.getMessage());
            System.exit(1);
        });
    }

    static Future<RunningServer> startAlone(ServerSettings settings) {
        // Compiling the rules takes seconds and needs nothing from Vert.x: it starts first, and Vert.x beside it.
        CompletableFuture<DecisionEngine> opening = openEngineInBackground(settings);
        return serveOnceOpen(Vertx.vertx(), opening, settings);
    }

    /**
     * Joins the cluster described by {@code cluster} with a Vert.x of its own, then starts the server on it: caught up
     * with the versions the others serve before it answers HTTP. A server that cannot start leaves the cluster again.
     */
    public static Future<RunningServer> startClustered(ServerSettings settings, ClusterSettings cluster) {
        // Joining the cluster and compiling the rules each take seconds and neither needs the other: both at once.
        CompletableFuture<DecisionEngine> opening = openEngineInBackground(settings);
        return Clustering.startVertx(cluster).compose(vertx -> serveOnceOpen(vertx, opening, settings));
    }

    /** Deploys the server on {@code vertx} once the engine has opened; a server that cannot start closes it again. */
    private static Future<RunningServer> serveOnceOpen(Vertx vertx, CompletableFuture<DecisionEngine> opening,
                                                       ServerSettings settings) {
        return Future.fromCompletionStage(opening, vertx.getOrCreateContext())
                .compose(engine -> deploy(vertx, engine, settings))
                .map(engine -> new RunningServer(vertx, engine))
                .recover(e -> vertx.close().transform(closed -> Future.failedFuture(e)));
    }

    private static CompletableFuture<DecisionEngine> openEngineInBackground(ServerSettings settings) {
        CompletableFuture<DecisionEngine> opening = new CompletableFuture<>();
        Thread compiling = new Thread(() -> {
            try {
                opening.complete(openEngine(settings));
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
        return vertx.executeBlocking(() -> openEngine(settings)).compose(engine -> deploy(vertx, engine, settings));
    }

    private static Future<DecisionEngine> deploy(Vertx vertx, DecisionEngine engine, ServerSettings settings) {
        // Clustered, the server catches up before its HTTP verticles answer anything.
        Future<String> synced = vertx.isClustered()
                ? vertx.deployVerticle(new ClusterSync(engine))
                : Future.succeededFuture();
        return synced
                .compose(id -> vertx.deployVerticle(() -> new DecisioningVerticle(engine, settings),
                        new DeploymentOptions().setInstances(settings.instances())))
                .compose(id -> settings.watch()
                        ? vertx.deployVerticle(new RulesWatchVerticle(engine, settings))
                        : Future.<String>succeededFuture())
                .map(id -> engine);
    }

    private static DecisionEngine openEngine(ServerSettings settings) {
        DirectoryRuleSetStore store = new DirectoryRuleSetStore(settings.dataDirectory());
        if (Files.isDirectory(settings.rulesDirectory())) {
            List<String> seeded = store.seedFrom(new FileSystemRuleSetLoader(settings.rulesDirectory()));
            if (!seeded.isEmpty()) {
                LOG.info("stored {} from {} as their first versions", seeded, settings.rulesDirectory());
            }
        } else if (store.names().isEmpty()) {
            throw new IllegalArgumentException("rules directory " + settings.rulesDirectory().toAbsolutePath()
                    + " does not exist and the data directory holds no rule sets");
        }
        return DecisionEngine.start(store, settings.limits().budgets());
    }
}
