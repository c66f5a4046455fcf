package dev.decisioning.server.http;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.server.wire.HealthV1;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * The routes for operators, the same on a starting server as on a serving one: request ids and the access log
 * before every route, then health and metrics.
 */
final class OperationsRoutes {
    /** The readiness check's id, in the answers of {@code /health} and {@code /health/ready}. */
    static final String RULESETS_CHECK = "rulesets";

    private OperationsRoutes() {
    }

    static void mount(Router router, Vertx vertx, ServerState state) {
        router.route().handler(state.accessLog());
        HealthChecks readiness = HealthChecks.create(vertx)
                .register(RULESETS_CHECK, promise -> promise.complete(ruleSetsStatus(state)));
        // A degraded rule set still serves: it is listed, but the server stays up for the others.
        router.get("/health").handler(ctx -> ready(ctx, readiness));
        // For orchestrators: live as long as the process answers HTTP; ready once its rule sets are compiled and one
        // of them serves, until it starts to stop.
        router.get("/health/live").handler(ctx -> send(ctx, HealthV1.live()));
        router.get("/health/ready").handler(ctx -> ready(ctx, readiness));
        router.get("/metrics").handler(state.metrics().scrapeHandler());
    }

    /** Up while the engine is open, a rule set serves, and the server is not stopping; the degraded ones listed. */
    private static Status ruleSetsStatus(ServerState state) {
        DecisionEngine engine = state.engine();
        if (engine == null) {
            return Status.KO(degraded(List.of()));
        }
        List<RuleSetSummary> ruleSets = engine.ruleSets();
        JsonObject data = degraded(ruleSets.stream().filter(r -> r.state() == RuleSetState.DEGRADED)
                .map(RuleSetSummary::name).toList());
        return engine.isReady() && !state.isStopping() ? Status.OK(data) : Status.KO(data);
    }

    private static JsonObject degraded(List<String> names) {
        return new JsonObject().put("degraded", new JsonArray(names));
    }

    private static void ready(RoutingContext ctx, HealthChecks readiness) {
        readiness.checkStatus().onComplete(checked -> send(ctx, checked.succeeded()
                ? health(checked.result())
                : HealthV1.of(List.of(new HealthV1.Check(RULESETS_CHECK, HealthV1.DOWN, new HealthV1.Data(List.of()))))));
    }

    /** The checks' outcome in the server's own health shape. */
    private static HealthV1 health(CheckResult result) {
        List<HealthV1.Check> checks = result.getChecks() == null ? List.of() : result.getChecks().stream()
                .map(check -> new HealthV1.Check(check.getId(), CheckResult.isUp(check) ? HealthV1.UP : HealthV1.DOWN,
                        new HealthV1.Data(names(check.getData())))).toList();
        return HealthV1.of(checks);
    }

    private static List<String> names(JsonObject data) {
        JsonArray degraded = data == null ? null : data.getJsonArray("degraded");
        return degraded == null ? List.of() : degraded.stream().map(String::valueOf).toList();
    }

    /** {@code 200} when up, {@code 503} when down: what load balancers and orchestrators act on. */
    private static void send(RoutingContext ctx, HealthV1 health) {
        Responses.send(ctx, Responses.write(health.up() ? 200 : 503, health));
    }
}
