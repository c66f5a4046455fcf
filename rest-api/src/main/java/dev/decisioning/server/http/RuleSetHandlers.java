package dev.decisioning.server.http;

import dev.decisioning.engine.RuleSetLifecycle;
import dev.decisioning.server.wire.RuleSetListV1;
import dev.decisioning.server.wire.RuleSetSummaryV1;
import io.vertx.ext.web.RoutingContext;

/** What rule sets are loaded, their versions, files, models and compilation messages. */
final class RuleSetHandlers {
    private final RuleSetLifecycle engine;

    RuleSetHandlers(RuleSetLifecycle engine) {
        this.engine = engine;
    }

    void list(RoutingContext ctx) {
        Responses.ok(ctx, RuleSetListV1.from(engine.ruleSets()));
    }

    void describe(RoutingContext ctx) {
        Responses.ok(ctx, RuleSetSummaryV1.from(engine.ruleSet(ctx.pathParam("ruleset"))));
    }
}
