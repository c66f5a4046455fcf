package dev.decisioning.server.http;

import dev.decisioning.engine.RuleSetLifecycle;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.server.wire.ETags;
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

    /** One rule set, with the ETag of its active version: what an activation's If-Match is checked against. */
    void describe(RoutingContext ctx) {
        RuleSetSummary summary = engine.ruleSet(ctx.pathParam("ruleset"));
        if (summary.version() != null) {
            ctx.response().putHeader("ETag", ETags.of(summary.name(), summary.version().value(), summary.hash()));
        }
        Responses.ok(ctx, RuleSetSummaryV1.from(summary));
    }
}
