package dev.decisioning.server.http;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.server.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** One event loop's HTTP server. Instances share the port and the engine; the engine is read-only, so no locks. */
public final class DecisioningVerticle extends VerticleBase {
    private final DecisionEngine engine;
    private final ServerSettings settings;

    public DecisioningVerticle(DecisionEngine engine, ServerSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer()
                .requestHandler(ApiRouter.build(vertx, engine, settings))
                .listen(settings.port());
    }
}
