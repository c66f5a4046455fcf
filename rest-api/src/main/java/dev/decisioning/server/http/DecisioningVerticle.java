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

/**
 * One event loop's HTTP server. Instances share the port and the engine; the engine is read-only, so no locks. It
 * listens from the start: while the server starts it answers health, metrics and {@code 503 starting}, and once the
 * {@link ServerState} has an engine, the whole API.
 */
public final class DecisioningVerticle extends VerticleBase {
    private final ServerState state;
    private final ServerSettings settings;
    private Router starting;
    private Router api;

    public DecisioningVerticle(ServerState state, ServerSettings settings) {
        this.state = state;
        this.settings = settings;
    }

    /** A verticle of a server that serves {@code engine} already, logging decisions to {@code decisionLog}. */
    public DecisioningVerticle(DecisionEngine engine, ServerSettings settings, DecisionLog decisionLog) {
        this(ServerState.serving(engine, decisionLog), settings);
    }

    @Override
    public Future<?> start() {
        ServerLimits limits = settings.limits();
        starting = ApiRouter.starting(vertx, state);
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
                    router().handle(request);
                })
                .listen(settings.port(), settings.host())
                .onSuccess(state::listening);
    }

    /** The API once the server serves (built on this event loop at its first request), until then the starting one. */
    private Router router() {
        if (api == null) {
            DecisionEngine engine = state.engine();
            if (engine == null) {
                return starting;
            }
            api = ApiRouter.build(vertx, engine, settings, state);
        }
        return api;
    }
}
