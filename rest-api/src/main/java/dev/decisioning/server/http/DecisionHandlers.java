package dev.decisioning.server.http;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.facts.DecisionRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * Customer decisions and DMN model evaluation. Both run on the event loop: rule sets are compiled in advance and a
 * decision takes tens of microseconds, less than handing it to a worker thread would cost.
 */
final class DecisionHandlers {
    private final DecisionEngine engine;

    DecisionHandlers(DecisionEngine engine) {
        this.engine = engine;
    }

    void decide(RoutingContext ctx) {
        DecisionRequest request = ApiJson.read(ctx.body().buffer(), DecisionRequest.class);
        Responses.ok(ctx, engine.decide(ctx.pathParam("ruleset"), request));
    }

    void evaluate(RoutingContext ctx) {
        EvaluateBody body = ApiJson.read(ctx.body().buffer(), EvaluateBody.class);
        Responses.ok(ctx, engine.evaluate(ctx.pathParam("ruleset"),
                new ModelEvaluationRequest(body.model(), body.inputs(), body.decisionService())));
    }

    /** The body of an evaluate call; inputs stay free-form JSON, typed later by the model's declarations. */
    record EvaluateBody(String model, Map<String, Object> inputs, String decisionService) {
    }
}
