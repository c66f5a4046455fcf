package dev.decisioning.server.http;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.server.decisionlog.DecisionLog;
import dev.decisioning.server.ops.AccessLog;
import dev.decisioning.server.ops.ServerMetrics;
import dev.decisioning.server.ops.ShutdownSteps;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the HTTP verticles of one server share besides its settings: the engine once the server serves (null while
 * it starts: its rule sets compiling, or catching up with the cluster), whether it is stopping, its metrics, access
 * log and shutdown steps, and its listening HTTP servers, for a graceful stop.
 */
public final class ServerState {
    private final ServerMetrics metrics;
    private final AccessLog accessLog;
    private final ShutdownSteps shutdownSteps;
    private final List<HttpServer> listening = new CopyOnWriteArrayList<>();
    private volatile DecisionEngine engine;
    private volatile DecisionLog decisionLog;
    private volatile boolean stopping;

    public ServerState(ServerMetrics metrics, ShutdownSteps shutdownSteps) {
        this.metrics = metrics;
        this.accessLog = new AccessLog(metrics);
        this.shutdownSteps = shutdownSteps;
    }

    /** The state of a server that serves {@code engine} already, logging to {@code decisionLog}, with metrics of its own. */
    public static ServerState serving(DecisionEngine engine, DecisionLog decisionLog) {
        ServerState state = new ServerState(ServerMetrics.create(), new ShutdownSteps());
        state.serve(engine, decisionLog);
        return state;
    }

    /** From now on the verticles answer with {@code engine}, logging decisions to {@code decisionLog}: the server is started. */
    public void serve(DecisionEngine engine, DecisionLog decisionLog) {
        this.decisionLog = decisionLog;
        this.engine = engine;
    }

    /** The decision log, or null while the server starts. */
    public DecisionLog decisionLog() {
        return decisionLog;
    }

    /** The engine, or null while the server starts. */
    public DecisionEngine engine() {
        return engine;
    }

    /** From now on the server is not ready: it is on its way out. */
    public void stopping() {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public AccessLog accessLog() {
        return accessLog;
    }

    public ShutdownSteps shutdownSteps() {
        return shutdownSteps;
    }

    void listening(HttpServer server) {
        listening.add(server);
    }

    /**
     * Stops taking connections at once, and closes each open connection once its call in flight is answered; past
     * {@code grace}, the connections still open are closed. Completes when every connection is closed.
     */
    public Future<Void> stopListening(Duration grace) {
        return Future.all(listening.stream().map(server -> server.shutdown(grace)).toList()).mapEmpty();
    }
}
