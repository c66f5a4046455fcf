package dev.decisioning.server.http;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.server.decisionlog.DecisionLog;
import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;

/** Builds the whole HTTP API in one place: every route, its handler, and the one failure handler. */
public final class ApiRouter {
    /** Large enough for a customer with thousands of orders; anything bigger is a mistake or an attack. */
    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
    /** Rule set uploads (zips, spreadsheets) and impact previews over many customers are larger. */
    static final long MAX_UPLOAD_BYTES = 32L * 1024 * 1024;

    private ApiRouter() {
    }

    /** The API of a server that serves {@code engine}, logging decisions to {@code decisionLog}, with metrics of its own. */
    public static Router build(Vertx vertx, DecisionEngine engine, ServerSettings settings, DecisionLog decisionLog) {
        return build(vertx, engine, settings, ServerState.serving(engine, decisionLog));
    }

    public static Router build(Vertx vertx, DecisionEngine engine, ServerSettings settings, ServerState state) {
        DecisionLog decisionLog = state.decisionLog();
        Router router = Router.router(vertx);
        OperationsRoutes.mount(router, vertx, state);
        BoundedCalls calls = new BoundedCalls(vertx.createSharedWorkerExecutor(BoundedCalls.POOL, BoundedCalls.poolSize()),
                Math.max(1, settings.limits().maxCallsInFlight() / Math.max(1, settings.instances())));
        DecisionHandlers decisions = new DecisionHandlers(engine, calls, settings.limits().numbers(), decisionLog);
        RuleSetHandlers ruleSets = new RuleSetHandlers(engine);
        LifecycleHandlers lifecycle = new LifecycleHandlers(engine, settings, calls);
        AdminAccess admin = new AdminAccess(settings.adminToken(), settings.testerToken());
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        BodyHandler upload = BodyHandler.create(false).setBodyLimit(MAX_UPLOAD_BYTES);
        RawUpload ruleFiles = new RawUpload(MAX_UPLOAD_BYTES);

        CallerAccess callers = new CallerAccess(settings.apiKeys(), settings.adminToken());
        callers.guardDecisions(router);
        router.post("/api/v1/decisions/:ruleset").handler(body).handler(decisions::decide);
        router.post("/api/v1/rulesets/:ruleset/evaluate").handler(body).handler(decisions::evaluate);
        router.get("/api/v1/rulesets").handler(ruleSets::list);
        router.get("/api/v1/rulesets/:ruleset").handler(ruleSets::describe);
        router.get("/api/v1/rulesets/:ruleset/versions").handler(lifecycle::versions);
        router.post("/api/v1/rulesets/:ruleset/test").handler(upload).handler(admin::checkTester)
                .handler(new ScenarioHandlers(engine, settings.suitesDirectory(), settings.limits().testRunTime())::run);

        // The token is checked before an upload is read; a JSON body must be read first (Vert.x orders body handlers
        // first), and its size limit is what bounds an unauthorised one.
        router.put("/api/v1/rulesets/:ruleset").handler(admin::check).handler(ruleFiles::read).handler(lifecycle::publish);
        router.post("/api/v1/rulesets/:ruleset/activate").handler(admin::check).handler(lifecycle::activate);
        router.post("/api/v1/rulesets/:ruleset/versions/:version/diff").handler(upload).handler(admin::check)
                .handler(lifecycle::impact);
        archiveRoutes(router, lifecycle, admin);
        activationLogRoutes(router, lifecycle);
        downloadRoutes(router, lifecycle, admin);
        DecisionLogHandlers.addRoutes(router, engine, decisionLog, callers, admin);

        return withErrorAnswers(router);
    }

    /**
     * What a server answers while it starts (its rule sets compiling, or catching up with the cluster): health and
     * metrics, and {@code 503 starting} to every other call.
     */
    static Router starting(Vertx vertx, ServerState state) {
        Router router = Router.router(vertx);
        OperationsRoutes.mount(router, vertx, state);
        router.route().handler(ctx -> {
            ctx.response().putHeader("Retry-After", "1");
            ctx.fail(new ApiException(503, ErrorCodes.STARTING, "the server is starting: its rule sets are being "
                    + "compiled; try again shortly", List.of()));
        });
        return withErrorAnswers(router);
    }

    private static Router withErrorAnswers(Router router) {
        router.route().failureHandler(ErrorResponses::handle);
        router.errorHandler(404, ErrorResponses::handle);
        router.errorHandler(405, ErrorResponses::handle);
        return router;
    }

    /** Archiving stops a rule set serving, keeping its versions; unarchiving has it serve again. Admin only. */
    private static void archiveRoutes(Router router, LifecycleHandlers lifecycle, AdminAccess admin) {
        router.post("/api/v1/rulesets/:ruleset/archive").handler(admin::check).handler(lifecycle::archive);
        router.post("/api/v1/rulesets/:ruleset/unarchive").handler(admin::check).handler(lifecycle::unarchive);
    }

    /** Who activated, rolled back or archived what, and when: readable like the versions, without a token. */
    private static void activationLogRoutes(Router router, LifecycleHandlers lifecycle) {
        router.get("/api/v1/rulesets/:ruleset/activations").handler(lifecycle::activations);
    }

    /** A version's files as a zip (its number, or {@code active}); the files are the rules, so a token is needed. */
    private static void downloadRoutes(Router router, LifecycleHandlers lifecycle, AdminAccess admin) {
        router.get("/api/v1/rulesets/:ruleset/versions/:version/files.zip").handler(admin::checkTester)
                .handler(lifecycle::download);
        router.get("/api/v1/rulesets/:ruleset/files.zip").handler(admin::checkTester).handler(lifecycle::download);
    }
}
