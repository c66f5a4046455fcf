package dev.decisioning.server.decisionlog;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Ties the decision log to its server's Vert.x: when Vert.x closes (the server stops), what waits is written and the
 * files closed, and {@code onClosed} runs (it withdraws the log's step from the JVM's shutdown).
 */
public final class DecisionLogVerticle extends VerticleBase {
    private final DecisionLog log;
    private final AutoCloseable onClosed;

    public DecisionLogVerticle(DecisionLog log, AutoCloseable onClosed) {
        this.log = log;
        this.onClosed = onClosed;
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            log.close();
            onClosed.close();
            return null;
        });
    }
}
