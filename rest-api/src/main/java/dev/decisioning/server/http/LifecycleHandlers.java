package dev.decisioning.server.http;

import dev.decisioning.engine.ExpectedVersion;
import dev.decisioning.engine.RuleSetArchivedException;
import dev.decisioning.engine.RuleSetLifecycle;
import dev.decisioning.engine.PublishOptions;
import dev.decisioning.engine.PublishOutcome;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetSummary;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.UnknownRuleSetException;
import dev.decisioning.engine.store.StoreWriteException;
import dev.decisioning.server.settings.ServerSettings;
import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import dev.decisioning.server.errors.ErrorEnvelope;
import dev.decisioning.server.wire.ActivationLogV1;
import dev.decisioning.server.wire.ActivationV1;
import dev.decisioning.server.wire.ETags;
import dev.decisioning.server.wire.ImpactReportV1;
import dev.decisioning.server.wire.PublishOutcomeV1;
import dev.decisioning.server.wire.RuleSetSummaryV1;
import dev.decisioning.server.wire.VersionListV1;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Publishing, versions, activation (and so rollback), archiving, the activation log, version downloads and impact
 * previews. Anything that compiles rules or reads or writes the store runs on a worker thread: the event loops keep
 * answering decisions with the active version while a new one is built, and never wait for the disk.
 * <p>
 * Publishes and activations take the version they build on as {@code If-Match} (see {@link Preconditions}): a
 * publish is checked against the rule set's newest stored version, an activation against its active version, and a
 * mismatch changes nothing ({@code 409 version_conflict}). Answers about a version carry its {@code ETag}.
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
        String baseParam = ctx.queryParams().get("base");
        Integer base = baseParam == null ? null : versionNumber(baseParam, "base");
        PublishOptions options = PublishOptions.fromOutside(Preconditions.author(ctx), activate,
                        settings.allowDrlPublish())
                .withCreation(Preconditions.creation(ctx))
                .withExpectedNewest(Preconditions.ifMatch(ctx, ruleSet))
                .withBaseVersion(base)
                .withDropFilesAllowed(Preconditions.flag(ctx, "dropFiles"));
        // Unpacking the upload, reading the stored files and compiling all happen on a worker, never the event loop.
        calls.reply(ctx, () -> {
            Map<String, byte[]> uploaded = RuleFileUpload.files(upload, singleFile);
            PublishOutcome outcome;
            try {
                // One file replaces that file in the version it builds on: a user who edited one table keeps the rest.
                Map<String, byte[]> files = singleFile == null ? uploaded : withBaseFiles(ruleSet, options, uploaded);
                outcome = engine.publish(ruleSet, files, options);
            } catch (StoreWriteException e) {
                throw notStored(ruleSet, e);
            } catch (UnknownRuleSetException e) {
                throw notCreated(ruleSet);
            } catch (RuleSetArchivedException e) {
                throw archivedUnchanged(e);
            }
            if (!outcome.accepted()) {
                throw refused(outcome);
            }
            RuleSetVersion version = outcome.version();
            return Responses.write(outcome.created() ? 201 : 200, PublishOutcomeV1.from(outcome))
                    .withHeader("ETag", ETags.of(version.ruleSet(), version.number(), version.hash()));
        });
    }

    /**
     * A publish to a rule set that does not exist, without asking to create one: 404, nothing created, with the name
     * it most likely meant.
     */
    private ApiException notCreated(String ruleSet) {
        String closest = Names.closest(ruleSet, engine.ruleSets().stream().map(RuleSetSummary::name).toList());
        String meant = closest == null ? "." : "; did you mean '" + closest + "'?";
        String create = "To create it, publish with 'If-None-Match: *' (or ?create=true)";
        return new ApiException(404, ErrorCodes.UNKNOWN_RULESET, "no rule set named '" + ruleSet + "'" + meant
                + " Nothing was created. " + create, List.of(ErrorEnvelope.Detail.field("ruleset",
                "no rule set of this name" + meant + " " + create)));
    }

    /** A publish or activation of an archived rule set: 409, nothing changed. */
    private static ApiException archivedUnchanged(RuleSetArchivedException e) {
        return new ApiException(409, ErrorCodes.RULESET_ARCHIVED, e.getMessage() + "; nothing changed: unarchive it "
                + "first (POST /api/v1/rulesets/" + e.ruleSet() + "/unarchive)");
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

    /** The uploaded file over the files of the version it builds on: the one named, else the active one. */
    private Map<String, byte[]> withBaseFiles(String ruleSet, PublishOptions options, Map<String, byte[]> uploaded) {
        Integer base = options.namedBase();
        Map<String, byte[]> files = new java.util.TreeMap<>();
        files.putAll(base == null ? engine.activeFiles(ruleSet) : engine.files(ruleSet, base));
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
        calls.reply(ctx, () -> {
            List<RuleSetVersion> versions = engine.versions(ruleSet);
            Responses.Written written = Responses.write(VersionListV1.from(engine.ruleSet(ruleSet), versions));
            if (versions.isEmpty()) {
                return written;
            }
            // The newest stored version: what a publish's If-Match is checked against.
            RuleSetVersion newest = versions.get(versions.size() - 1);
            return written.withHeader("ETag", ETags.of(ruleSet, newest.number(), newest.hash()));
        });
    }

    void activate(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        int version = versionNumber(ctx.queryParams().get("version"), "version");
        String by = Preconditions.author(ctx);
        ExpectedVersion expected = Preconditions.ifMatch(ctx, ruleSet);
        ctx.vertx().executeBlocking(() -> {
                    RuleSetSummary active;
                    try {
                        active = engine.activate(ruleSet, version, by, expected);
                    } catch (RuleSetArchivedException e) {
                        throw archivedUnchanged(e);
                    }
                    return withETag(Responses.write(ActivationV1.from(active, Instant.now(), by)), active);
                }, false)
                .onSuccess(written -> Responses.send(ctx, written))
                .onFailure(ctx::fail);
    }

    /** Archives a rule set; unarchiving compiles its active version again, so both run on a worker. */
    void archive(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        String by = Preconditions.author(ctx);
        ctx.vertx().executeBlocking(() -> summary(engine.archive(ruleSet, by)), false)
                .onSuccess(written -> Responses.send(ctx, written))
                .onFailure(ctx::fail);
    }

    void unarchive(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        String by = Preconditions.author(ctx);
        ctx.vertx().executeBlocking(() -> summary(engine.unarchive(ruleSet, by)), false)
                .onSuccess(written -> Responses.send(ctx, written))
                .onFailure(ctx::fail);
    }

    private static Responses.Written summary(RuleSetSummary summary) {
        return withETag(Responses.write(RuleSetSummaryV1.from(summary)), summary);
    }

    /** The activation log, read from the store on a worker. */
    void activations(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        calls.answer(ctx, () -> {
            var log = engine.activations(ruleSet);
            RuleSetSummary summary = engine.ruleSet(ruleSet);
            return ActivationLogV1.from(ruleSet, summary.version() == null ? null : summary.version().value(),
                    summary.state() == RuleSetState.ARCHIVED, log);
        });
    }

    /**
     * A stored version's files as a zip ({@code versions/{n}/files.zip}, {@code n} a number or {@code active}), the
     * same bytes for the same files every time, so that publishing it again gives the same version.
     */
    void download(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        String named = ctx.pathParam("version");
        Integer number = named == null || named.equals("active") ? null : versionNumber(named, "version");
        ctx.vertx().executeBlocking(() -> {
                    int version = number != null ? number : activeNumber(ruleSet);
                    java.util.SortedMap<String, byte[]> files = engine.files(ruleSet, version);
                    String hash = engine.versions(ruleSet).stream().filter(v -> v.number() == version)
                            .map(RuleSetVersion::hash).findFirst().orElse("");
                    return new Download(VersionZip.of(files), VersionZip.fileName(ruleSet, version),
                            ETags.of(ruleSet, version, hash));
                }, false)
                .onSuccess(download -> ctx.response().putHeader("content-type", "application/zip")
                        .putHeader("content-disposition", "attachment; filename=\"" + download.fileName() + "\"")
                        .putHeader("ETag", download.etag())
                        .end(Buffer.buffer(download.zip())))
                .onFailure(ctx::fail);
    }

    private record Download(byte[] zip, String fileName, String etag) {
    }

    private int activeNumber(String ruleSet) {
        RuleSetSummary summary = engine.ruleSet(ruleSet);
        if (summary.version() == null) {
            throw new ApiException(404, ErrorCodes.UNKNOWN_VERSION, "rule set '" + ruleSet + "' has no active version");
        }
        return summary.version().value();
    }

    /** {@code written} with the ETag of the version {@code summary} describes, when it has a number. */
    private static Responses.Written withETag(Responses.Written written, RuleSetSummary summary) {
        return summary.version() == null ? written
                : written.withHeader("ETag", ETags.of(summary.name(), summary.version().value(), summary.hash()));
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
