package dev.decisioning.server.http;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.server.errors.ErrorResponses;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/** Builds the whole HTTP API in one place: every route, its handler, and the one failure handler. */
public final class ApiRouter {
    /** Large enough for a customer with thousands of orders; anything bigger is a mistake or an attack. */
    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    private ApiRouter() {
    }

    public static Router build(Vertx vertx, DecisionEngine engine) {
        Router router = Router.router(vertx);
        DecisionHandlers decisions = new DecisionHandlers(engine);
        RuleSetHandlers ruleSets = new RuleSetHandlers(engine);

        HealthCheckHandler health = HealthCheckHandler.create(vertx)
                .register("rulesets", promise -> promise.complete(engine.isReady() ? Status.OK() : Status.KO()));
        router.get("/health").handler(health);

        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.post("/api/v1/decisions/:ruleset").handler(decisions::decide);
        router.get("/api/v1/rulesets").handler(ruleSets::list);
        router.get("/api/v1/rulesets/:ruleset").handler(ruleSets::describe);
        router.post("/api/v1/rulesets/:ruleset/evaluate").handler(decisions::evaluate);

        router.route().failureHandler(ErrorResponses::handle);
        router.errorHandler(404, ErrorResponses::handle);
        router.errorHandler(405, ErrorResponses::handle);
        return router;
    }
}
