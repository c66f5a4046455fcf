package dev.decisioning.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisioning.engine.DataModelDecision;
import dev.decisioning.engine.Decisions;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.request.RequestJson;
import dev.decisioning.server.decisionlog.DecisionLog;
import dev.decisioning.server.ops.CallRecord;
import dev.decisioning.server.ops.RequestIds;
import dev.decisioning.server.wire.DecisionV1;
import dev.decisioning.server.wire.ModelEvaluationV1;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.UUID;

/**
 * Decisions (of rule sets that declare their data model) and DMN model evaluation. Each runs under its rule set's budget on the server's call pool
 * ({@link BoundedCalls}), request reading and answer writing included, so that no request, however large or slow to
 * decide, holds an event loop. Each answered call is handed to the decision log, which takes it off this thread.
 */
final class DecisionHandlers {
    /** The answer header that carries a model evaluation's id in the decision log. */
    static final String DECISION_ID_HEADER = "X-Decision-Id";

    private final Decisions engine;
    private final BoundedCalls calls;
    private final RequestJson.NumberLimits numbers;
    private final DecisionLog log;

    DecisionHandlers(Decisions engine, BoundedCalls calls, RequestJson.NumberLimits numbers, DecisionLog log) {
        this.engine = engine;
        this.calls = calls;
        this.numbers = numbers;
        this.log = log;
    }

    void decide(RoutingContext ctx) {
        DecisionLog.Call call = call(ctx);
        String ruleSet = ctx.pathParam("ruleset");
        Buffer body = ctx.body().buffer();
        CallRecord record = CallRecord.of(ctx);
        // Any JSON the rule set's schema accepts; a rule set without a data model answers 409.
        calls.answer(ctx, () -> {
            JsonNode request = ApiJson.readTree(body, numbers);
            DataModelDecision decision = engine.decide(ruleSet, null, request);
            DecisionV1 answer = noted(record, DecisionV1.from(decision));
            log.decision(answer, decision.subjectIdName(), request, call);
            return answer;
        });
    }

    void evaluate(RoutingContext ctx) {
        DecisionLog.Call call = call(ctx);
        String ruleSet = ctx.pathParam("ruleset");
        Buffer raw = ctx.body().buffer();
        String decisionId = UUID.randomUUID().toString();
        // An evaluation's answer has no id of its own: the header gives the one it is logged under, on success only.
        ctx.addHeadersEndHandler(v -> {
            if (ctx.response().getStatusCode() == 200) {
                ctx.response().putHeader(DECISION_ID_HEADER, decisionId);
            }
        });
        CallRecord record = CallRecord.of(ctx);
        calls.answer(ctx, () -> {
            EvaluateBody body = ApiJson.read(raw, EvaluateBody.class, numbers);
            ModelEvaluationV1 answer = noted(record, ModelEvaluationV1.from(engine.evaluate(ruleSet, null,
                    new ModelEvaluationRequest(body.model(), body.inputs(), body.decisionService()))));
            log.evaluation(decisionId, answer, body.model(), body.decisionService(), body.inputs(), call);
            return answer;
        });
    }

    /** Who asks, and when the call started, taken on the event loop as the request arrives. */
    private static DecisionLog.Call call(RoutingContext ctx) {
        return new DecisionLog.Call(CallerAccess.callerOf(ctx), RequestIds.of(ctx), System.nanoTime());
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
