package dev.decisioning.server.http;

import dev.decisioning.engine.DecisionEngine;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/** What rule sets are loaded, their versions, files, models and compilation messages. */
final class RuleSetHandlers {
    private final DecisionEngine engine;

    RuleSetHandlers(DecisionEngine engine) {
        this.engine = engine;
    }

    void list(RoutingContext ctx) {
        Responses.ok(ctx, Map.of("rulesets", engine.ruleSets()));
    }

    void describe(RoutingContext ctx) {
        Responses.ok(ctx, engine.ruleSet(ctx.pathParam("ruleset")));
    }
}
