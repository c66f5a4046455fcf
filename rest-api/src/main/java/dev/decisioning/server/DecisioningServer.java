package dev.decisioning.server;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import dev.decisioning.engine.store.DirectoryRuleSetStore;
import dev.decisioning.server.http.DecisioningVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.List;

/**
 * The server's entry point: seeds the version store from the rules directory on first start, compiles the active
 * version of every rule set, then serves them over HTTP.
 */
public final class DecisioningServer {
    private static final Logger LOG = LoggerFactory.getLogger(DecisioningServer.class);

    private DecisioningServer() {
    }

    public static void main(String[] args) {
        ServerSettings settings;
        try {
            settings = ServerSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        Vertx vertx = Vertx.vertx();
        start(vertx, settings).onSuccess(engine -> {
            LOG.info("serving {} rule set(s) on http://localhost:{} (rules {}, data {}, ready in {} ms)",
                    engine.ruleSets().size(), settings.port(), settings.rulesDirectory().toAbsolutePath().normalize(),
                    settings.dataDirectory().toAbsolutePath().normalize(), (System.nanoTime() - started) / 1_000_000);
            if (settings.adminToken() == null) {
                LOG.info("publishing over HTTP is off: set {} to turn it on", ServerSettings.ADMIN_TOKEN_ENV);
            }
        }).onFailure(e -> {
            LOG.error("could not start: {}", e.getMessage());
            vertx.close();
            System.exit(1);
        });
    }

    /** Compiles the rule sets off the event loop, then deploys one verticle per core sharing the one engine. */
    public static Future<DecisionEngine> start(Vertx vertx, ServerSettings settings) {
        return vertx.executeBlocking(() -> openEngine(settings))
                .compose(engine -> vertx.deployVerticle(() -> new DecisioningVerticle(engine, settings),
                                new DeploymentOptions().setInstances(settings.instances()))
                        .map(deploymentId -> engine))
                .compose(engine -> settings.watch()
                        ? vertx.deployVerticle(new RulesWatchVerticle(engine, settings)).map(id -> engine)
                        : Future.succeededFuture(engine));
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
        return DecisionEngine.start(store);
    }
}
