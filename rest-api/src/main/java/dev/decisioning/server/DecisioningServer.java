package dev.decisioning.server;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import dev.decisioning.server.http.DecisioningVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's entry point: compiles every rule set under the rules directory, then serves them over HTTP. */
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
            LOG.info("serving {} rule set(s) from {} on http://localhost:{} (ready in {} ms)",
                    engine.ruleSets().size(), settings.rulesDirectory().toAbsolutePath().normalize(), settings.port(),
                    (System.nanoTime() - started) / 1_000_000);
        }).onFailure(e -> {
            LOG.error("could not start: {}", e.getMessage());
            vertx.close();
            System.exit(1);
        });
    }

    /** Compiles the rule sets off the event loop, then deploys one verticle per core sharing the one engine. */
    public static Future<DecisionEngine> start(Vertx vertx, ServerSettings settings) {
        return vertx.executeBlocking(() -> DecisionEngine.start(new FileSystemRuleSetLoader(settings.rulesDirectory())))
                .compose(engine -> vertx.deployVerticle(() -> new DecisioningVerticle(engine, settings.port()),
                                new DeploymentOptions().setInstances(settings.instances()))
                        .map(deploymentId -> engine));
    }
}
