package dev.decisioning.server.http;

import dev.decisioning.engine.RuleSetLifecycle;
import dev.decisioning.engine.PublishOptions;
import dev.decisioning.engine.PublishOutcome;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.store.StoreWriteException;
import dev.decisioning.server.settings.ServerSettings;
import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import dev.decisioning.server.errors.ErrorEnvelope;
import dev.decisioning.server.wire.ActivationV1;
import dev.decisioning.server.wire.ImpactReportV1;
import dev.decisioning.server.wire.PublishOutcomeV1;
import dev.decisioning.server.wire.VersionListV1;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Publishing, versions, activation (and so rollback) and impact previews. Anything that compiles rules or reads or
 * writes the store runs on a worker thread: the event loops keep answering decisions with the active version while a
 * new one is built, and never wait for the disk.
 */
final class LifecycleHandlers {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LifecycleHandlers.class);
    private final RuleSetLifecycle engine;
    private final ServerSettings settings;
    private final BoundedCalls calls;

    LifecycleHandlers(RuleSetLifecycle engine, ServerSettings settings, BoundedCalls calls) {
        this.engine = engine;
        this.settings = settings;
        this.calls = calls;
    }

    void publish(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        String singleFile = ctx.queryParams().get("file");
        Buffer upload = RawUpload.of(ctx);
        boolean activate = !"false".equalsIgnoreCase(ctx.queryParams().get("activate"));
        String author = Optional.ofNullable(ctx.request().getHeader("X-Author")).filter(a -> !a.isBlank()).orElse("admin");
        PublishOptions options = new PublishOptions(author, activate, true, settings.allowDrlPublish());
        // Unpacking the upload, reading the stored files and compiling all happen on a worker, never the event loop.
        calls.reply(ctx, () -> {
            Map<String, byte[]> uploaded = RuleFileUpload.files(upload, singleFile);
            // One file replaces that file in the active version: a user who edited one table keeps the rest.
            Map<String, byte[]> files = singleFile == null ? uploaded : withActiveFiles(ruleSet, uploaded);
            PublishOutcome outcome;
            try {
                outcome = engine.publish(ruleSet, files, options);
            } catch (StoreWriteException e) {
                throw notStored(ruleSet, e);
            }
            if (!outcome.accepted()) {
                throw refused(outcome);
            }
            return Responses.write(outcome.created() ? 201 : 200, PublishOutcomeV1.from(outcome));
        });
    }

    /** A publish the store could not write: 507, and which version keeps serving. */
    private ApiException notStored(String ruleSet, StoreWriteException e) {
        LOG.error("publish of {} not stored: {}", ruleSet, e.getMessage());
        String serving = activeVersion(ruleSet)
                .map(v -> "; version " + v + " keeps serving").orElse("");
        return new ApiException(507, ErrorCodes.INSUFFICIENT_STORAGE, "the rule files of '" + ruleSet
                + "' could not be stored: " + (e.outOfSpace() ? "the server's disk is full"
                : "the server cannot write to its data directory") + "; nothing changed" + serving);
    }

    private Map<String, byte[]> withActiveFiles(String ruleSet, Map<String, byte[]> uploaded) {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        files.putAll(engine.activeFiles(ruleSet));
        files.putAll(uploaded);
        return files;
    }

    /** Files that failed a check: 422, with every error, and which version keeps serving. */
    private ApiException refused(PublishOutcome outcome) {
        String serving = activeVersion(outcome.ruleSet()).map(v -> "; version " + v + " keeps serving").orElse("");
        return new ApiException(422, ErrorCodes.RULESET_INVALID, "the rule files of '" + outcome.ruleSet()
                + "' were refused and nothing changed" + serving, details(outcome));
    }

    private static List<ErrorEnvelope.Detail> details(PublishOutcome outcome) {
        return ErrorResponses.fileDetails(outcome.messages());
    }

    void versions(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        // The store reads its versions from disk: on a worker.
        calls.answer(ctx, () -> {
            List<RuleSetVersion> versions = engine.versions(ruleSet);
            return VersionListV1.from(engine.ruleSet(ruleSet), versions);
        });
    }

    void activate(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        int version = versionNumber(ctx.queryParams().get("version"), "version");
        ctx.vertx().executeBlocking(() -> Responses.write(ActivationV1.from(engine.activate(ruleSet, version),
                        Instant.now())), false)
                .onSuccess(written -> Responses.send(ctx, written))
                .onFailure(ctx::fail);
    }

    void impact(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        int version = versionNumber(ctx.pathParam("version"), "version");
        io.vertx.core.buffer.Buffer raw = ctx.body().buffer();
        // Requests in the rule set's own shape: checked against its schema when each is decided.
        com.fasterxml.jackson.databind.JsonNode body = raw == null || raw.length() == 0 ? null
                : ApiJson.readTree(raw, dev.decisioning.engine.request.RequestJson.NumberLimits.DEFAULT);
        com.fasterxml.jackson.databind.JsonNode posted = body == null ? null : body.get("customers");
        if (body != null && (!body.isObject() || body.size() != (posted == null ? 0 : 1)
                || posted != null && !posted.isArray())) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "the body must be {\"customers\": [requests]}",
                    List.of(ErrorEnvelope.Detail.field("customers", "an array of decision requests")));
        }
        List<com.fasterxml.jackson.databind.JsonNode> requests = new java.util.ArrayList<>();
        if (posted != null) {
            posted.forEach(requests::add);
        }
        ctx.vertx().executeBlocking(() -> Responses.write(ImpactReportV1.from(engine.impactOfRequests(ruleSet,
                        version, requests.isEmpty() ? scenarioGivens(ruleSet) : requests))), false)
                .onSuccess(written -> Responses.send(ctx, written))
                .onFailure(ctx::fail);
    }

    /** The {@code given} of every decision case in the rule set's stored scenario files. */
    private List<com.fasterxml.jackson.databind.JsonNode> scenarioGivens(String ruleSet) {
        java.nio.file.Path folder = settings.suitesDirectory().resolve(ruleSet);
        List<com.fasterxml.jackson.databind.JsonNode> givens = new java.util.ArrayList<>();
        if (java.nio.file.Files.isDirectory(folder)) {
            for (var suite : dev.decisioning.engine.scenarios.ScenarioLoader.load(
                    dev.decisioning.engine.scenarios.ScenarioLoader.readFolder(folder)).suites()) {
                for (var scenario : suite.cases()) {
                    if (!scenario.isModelCase()) {
                        givens.add(scenario.given());
                    }
                }
            }
        }
        if (givens.isEmpty()) {
            throw noCustomers(ruleSet, folder);
        }
        return givens;
    }

    private static ApiException noCustomers(String ruleSet, java.nio.file.Path folder) {
        return new ApiException(400, ErrorCodes.INVALID_REQUEST, "send customers to compare on: '" + ruleSet
                + "' has no scenario files under " + folder, List.of(ErrorEnvelope.Detail.field("customers",
                "no customers posted and no stored scenarios to take them from")));
    }

    private Optional<dev.decisioning.engine.VersionNumber> activeVersion(String ruleSet) {
        try {
            return Optional.ofNullable(engine.ruleSet(ruleSet).version());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int versionNumber(String value, String field) {
        try {
            int number = Integer.parseInt(value == null ? "" : value.trim());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        String problem = "must be a version number (1, 2, ...), got '" + value + "'";
        throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "'" + field + "' " + problem,
                List.of(ErrorEnvelope.Detail.field(field, problem)));
    }
}
