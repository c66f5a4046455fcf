package dev.decisioning.server.http;

import dev.decisioning.engine.Decisions;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.request.RequestJson;
import dev.decisioning.server.ops.CallRecord;
import dev.decisioning.server.wire.DecisionV1;
import dev.decisioning.server.wire.ModelEvaluationV1;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * Decisions (of rule sets that declare their data model) and DMN model evaluation. Each runs under its rule set's budget on the server's call pool
 * ({@link BoundedCalls}), request reading and answer writing included, so that no request, however large or slow to
 * decide, holds an event loop.
 */
final class DecisionHandlers {
    private final Decisions engine;
    private final BoundedCalls calls;
    private final RequestJson.NumberLimits numbers;

    DecisionHandlers(Decisions engine, BoundedCalls calls, RequestJson.NumberLimits numbers) {
        this.engine = engine;
        this.calls = calls;
        this.numbers = numbers;
    }

    void decide(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        Buffer body = ctx.body().buffer();
        CallRecord call = CallRecord.of(ctx);
        // Any JSON the rule set's schema accepts; a rule set without a data model answers 409.
        calls.answer(ctx, () -> noted(call, DecisionV1.from(engine.decide(ruleSet, null,
                ApiJson.readTree(body, numbers)))));
    }

    void evaluate(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        Buffer raw = ctx.body().buffer();
        CallRecord call = CallRecord.of(ctx);
        calls.answer(ctx, () -> {
            EvaluateBody body = ApiJson.read(raw, EvaluateBody.class, numbers);
            return noted(call, ModelEvaluationV1.from(engine.evaluate(ruleSet, null,
                    new ModelEvaluationRequest(body.model(), body.inputs(), body.decisionService()))));
        });
    }

    /** The version that decided, and how many rules and rows did, for the access log and the metrics. */
    private static DecisionV1 noted(CallRecord call, DecisionV1 decision) {
        call.answered("decision", decision.ruleset().name(), decision.ruleset().version(),
                decision.explanation().size());
        return decision;
    }

    private static ModelEvaluationV1 noted(CallRecord call, ModelEvaluationV1 evaluation) {
        call.answered("evaluation", evaluation.ruleset().name(), evaluation.ruleset().version(),
                evaluation.explanation().size());
        return evaluation;
    }

    /** The body of an evaluate call; inputs stay free-form JSON, typed later by the model's declarations. */
    record EvaluateBody(String model, Map<String, Object> inputs, String decisionService) {
    }
}
