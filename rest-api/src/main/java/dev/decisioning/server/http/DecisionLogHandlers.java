package dev.decisioning.server.http;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.request.RequestJson;
import dev.decisioning.server.decisionlog.DecisionLog;
import dev.decisioning.server.decisionlog.Replay;
import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import dev.decisioning.server.errors.ErrorEnvelope;
import dev.decisioning.server.wire.ReplayReportV1;
import dev.decisioning.server.wire.WireAnswer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The decision log over HTTP: a logged decision by its id, what the log has done, and replays of logged decisions
 * against another version. All of them read files, so they run on workers; reading needs the admin token or an API
 * key allowed to read decisions, replaying the admin token.
 */
final class DecisionLogHandlers {
    private static final Pattern DECISION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final DecisionEngine engine;
    private final DecisionLog log;

    private DecisionLogHandlers(DecisionEngine engine, DecisionLog log) {
        this.engine = engine;
        this.log = log;
    }

    /** Adds the decision log's routes to {@code router}. */
    static void addRoutes(Router router, DecisionEngine engine, DecisionLog log, CallerAccess callers,
                          AdminAccess admin) {
        DecisionLogHandlers handlers = new DecisionLogHandlers(engine, log);
        router.get("/api/v1/decisions/:decisionId").handler(callers::checkReadDecisions).handler(handlers::find);
        router.get("/api/v1/decision-log").handler(callers::checkReadDecisions).handler(handlers::status);
        router.post("/api/v1/rulesets/:ruleset/replay").handler(BodyHandler.create(false)
                        .setBodyLimit(ApiRouter.MAX_BODY_BYTES)).handler(admin::check).handler(handlers::replay);
    }

    void find(RoutingContext ctx) {
        String id = ctx.pathParam("decisionId");
        onWorker(ctx, () -> {
            if (!DECISION_ID.matcher(id).matches()) {
                throw notFound("no decision '" + RequestJson.quoted(id) + "': decision ids are like "
                        + "3f0c6a52-8a4e-4a8e-9d35-2b8f6f1f9a10");
            }
            DecisionLog.Lookup lookup = log.find(id);
            if (!lookup.found()) {
                throw notFound(lookup.missing());
            }
            return lookup.decision();
        });
    }

    void status(RoutingContext ctx) {
        onWorker(ctx, log::status);
    }

    void replay(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        int version = version(ctx.queryParams().get("version"));
        Buffer raw = ctx.body().buffer();
        ReplayBody body = raw == null || raw.length() == 0 ? new ReplayBody(null, null, null, null)
                : ApiJson.read(raw, ReplayBody.class);
        int limit = body.limit() == null ? Replay.DEFAULT_LIMIT : body.limit();
        if (limit < 1 || limit > Replay.MAX_DECISIONS) {
            throw invalid("limit", "must be from 1 to " + Replay.MAX_DECISIONS + ", got " + limit);
        }
        if (body.from() != null && body.to() != null && body.from().isAfter(body.to())) {
            throw invalid("from", "must not be after 'to'");
        }
        if (body.decisionIds() != null) {
            if (body.from() != null || body.to() != null) {
                throw invalid("decisionIds", "give decision ids or a time range, not both");
            }
            if (body.decisionIds().isEmpty() || body.decisionIds().size() > Replay.MAX_DECISIONS) {
                throw invalid("decisionIds", "must list 1 to " + Replay.MAX_DECISIONS + " ids");
            }
        }
        if (!log.enabled()) {
            throw notFound("the decision log is off on this server (--decision-log=off): there are no logged "
                    + "decisions to replay");
        }
        ReplayReportV1.Selection selection = new ReplayReportV1.Selection(body.from(), body.to(),
                body.decisionIds() == null ? null : body.decisionIds().size(), limit, false);
        onWorker(ctx, () -> {
            DecisionLog.Selection selected = body.decisionIds() != null
                    ? log.select(ruleSet, body.decisionIds().stream().filter(id -> id != null).toList())
                    : log.select(ruleSet, body.from(), body.to(), limit);
            return Replay.run(engine, ruleSet, version, selected, new ReplayReportV1.Selection(selection.from(),
                    selection.to(), selection.decisionIds(), limit, selected.limited()));
        });
    }

    /**
     * The body of a replay: a time range ({@code from}, {@code to}: either may be left out) or a list of decision ids;
     * neither takes the newest decisions. At most {@code limit} decisions, the newest.
     */
    record ReplayBody(Instant from, Instant to, List<String> decisionIds, Integer limit) {
    }

    private static void onWorker(RoutingContext ctx, Callable<? extends WireAnswer> call) {
        ctx.vertx().executeBlocking(() -> {
                    try {
                        return Responses.write(call.call());
                    } catch (DecisionLog.BusyException e) {
                        throw new ApiException(503, ErrorCodes.OVERLOADED, e.getMessage());
                    }
                }, false)
                .onSuccess(written -> Responses.send(ctx, written))
                .onFailure(ctx::fail);
    }

    private static ApiException notFound(String message) {
        return new ApiException(404, ErrorCodes.DECISION_NOT_FOUND, message);
    }

    private static ApiException invalid(String field, String problem) {
        return new ApiException(400, ErrorCodes.INVALID_REQUEST, "'" + field + "' " + problem,
                List.of(ErrorEnvelope.Detail.field(field, problem)));
    }

    private static int version(String value) {
        try {
            int number = Integer.parseInt(value == null ? "" : value.trim());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("version", "must be the version number to replay with (?version=2), got '" + value + "'");
    }
}
