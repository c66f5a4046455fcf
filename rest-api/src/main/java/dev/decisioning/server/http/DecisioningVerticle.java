package dev.decisioning.server.http;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.server.decisionlog.DecisionLog;
import dev.decisioning.server.settings.ServerLimits;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;

/** One event loop's HTTP server. Instances share the port and the engine; the engine is read-only, so no locks. */
public final class DecisioningVerticle extends VerticleBase {
    private final DecisionEngine engine;
    private final ServerSettings settings;
    private final DecisionLog decisionLog;

    public DecisioningVerticle(DecisionEngine engine, ServerSettings settings, DecisionLog decisionLog) {
        this.engine = engine;
        this.settings = settings;
        this.decisionLog = decisionLog;
    }

    @Override
    public Future<?> start() {
        ServerLimits limits = settings.limits();
        Router router = ApiRouter.build(vertx, engine, settings, decisionLog);
        // Vert.x spreads connections over the instances, so each guards its share of the limit.
        ConnectionLimits connections = new ConnectionLimits(vertx, limits.requestReadTimeout().toMillis(),
                Math.max(1, limits.maxConnections() / Math.max(1, settings.instances())));
        // Without cleartext HTTP/2 a connection is HTTP/1.1 from its first moment, and so watched from it; with it,
        // Vert.x waits for the first bytes to tell the two apart, and a connection that sends none is never seen.
        HttpServerOptions options = new HttpServerOptions()
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) limits.idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        return vertx.createHttpServer(options)
                .connectionHandler(connections::opened)
                .requestHandler(request -> {
                    connections.requestStarted(request);
                    router.handle(request);
                })
                .listen(settings.port(), settings.host());
    }
}
