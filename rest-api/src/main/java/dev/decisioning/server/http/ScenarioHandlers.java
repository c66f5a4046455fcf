package dev.decisioning.server.http;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.ExecutionBudget;
import dev.decisioning.engine.budget.ExecutionGuard;
import dev.decisioning.engine.scenarios.JUnitXmlReport;
import dev.decisioning.engine.scenarios.ScenarioLoader;
import dev.decisioning.engine.scenarios.ScenarioReport;
import dev.decisioning.engine.scenarios.ScenarioRunner;
import dev.decisioning.engine.scenarios.SuiteFile;
import dev.decisioning.engine.scenarios.SuiteProblem;
import dev.decisioning.server.errors.ApiException;
import dev.decisioning.server.errors.ErrorCodes;
import dev.decisioning.server.errors.ErrorEnvelope;
import dev.decisioning.server.wire.ScenarioReportV1;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a rule set's scenario suites and answers the report: the suites stored for it under the suites directory, or
 * those posted in the body, against the active version or a stored one. A run evaluates every case, so it goes to a
 * worker thread and the event loops keep answering decisions meanwhile. A run, the reading of posted suites included,
 * has a time budget of its own on top of each case's decision budget. The report is JSON, or JUnit XML for a caller
 * that asks for XML.
 */
final class ScenarioHandlers {
    static final String JUNIT_XML = "application/xml; charset=utf-8";
    private final DecisionEngine engine;
    private final Path suitesDirectory;
    private final ScenarioRunner runner;
    private final ExecutionBudget runBudget;

    ScenarioHandlers(DecisionEngine engine, Path suitesDirectory, Duration runTime) {
        this.engine = engine;
        this.suitesDirectory = suitesDirectory;
        this.runBudget = new ExecutionBudget(runTime, Long.MAX_VALUE);
        // The API's own mapper: a case's given is read exactly as the decision endpoint would read it.
        this.runner = new ScenarioRunner(engine);
    }

    /** The body, all optional: no suites means the stored ones, no version the active one. */
    record TestBody(List<PostedSuite> suites, Integer version) {
    }

    /** One posted scenario file: its name (the extension picks the format) and its text. */
    record PostedSuite(String file, String content) {
    }

    void run(RoutingContext ctx) {
        String ruleSet = ctx.pathParam("ruleset");
        Buffer body = ctx.body().buffer();
        TestBody request = body == null || body.length() == 0 ? new TestBody(null, null) : ApiJson.read(body, TestBody.class);
        engine.ruleSet(ruleSet); // an unknown rule set is a 404 before anything is read
        if (request.version() != null && request.version() < 1) {
            throw invalid("version", "must be a version number (1, 2, ...), got " + request.version());
        }
        List<SuiteFile> posted = request.suites() == null ? null : posted(request.suites());
        boolean junit = wantsJUnitXml(ctx);
        // The report is turned into its answer on the worker too: a large run's JSON or XML is no job for an event loop.
        ctx.vertx().executeBlocking(() -> {
                    ScenarioReport report = ExecutionGuard.run(ruleSet, runBudget,
                            () -> run(ruleSet, request.version(), posted));
                    return junit ? JUnitXmlReport.render(report) : Responses.write(ScenarioReportV1.from(report));
                }, false)
                .onSuccess(answer -> {
                    if (answer instanceof String xml) {
                        ctx.response().putHeader("content-type", JUNIT_XML).end(xml);
                    } else {
                        Responses.send(ctx, (Responses.Written) answer);
                    }
                })
                .onFailure(ctx::fail);
    }

    /**
     * Whether the caller prefers XML to JSON ({@code Accept: application/xml} or {@code text/xml}): the report is then
     * answered as JUnit XML, for CI servers' test views. Anything else, no Accept header included, gets JSON; errors
     * are JSON either way.
     */
    static boolean wantsJUnitXml(RoutingContext ctx) {
        float xml = 0;
        float json = 0;
        for (MIMEHeader accept : ctx.parsedHeaders().accept()) {
            String type = accept.component() + "/" + accept.subComponent();
            if (type.equals("application/xml") || type.equals("text/xml")) {
                xml = Math.max(xml, accept.weight());
            } else if (type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) {
                json = Math.max(json, accept.weight());
            }
        }
        return xml > json;
    }

    private ScenarioReport run(String ruleSet, Integer version, List<SuiteFile> posted) {
        if (posted == null) {
            // Stored files are the server's own: one that does not parse is a failed run, reported inside the report.
            return runner.run(ruleSet, version, stored(ruleSet));
        }
        ScenarioLoader.Loaded loaded = ScenarioLoader.load(posted);
        if (!loaded.problems().isEmpty()) {
            List<ErrorEnvelope.Detail> details = new ArrayList<>();
            for (SuiteProblem problem : loaded.problems()) {
                details.add(new ErrorEnvelope.Detail(null, problem.file(), problem.line(), problem.problem()));
            }
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, loaded.problems().size()
                    + " posted scenario file(s) could not be read; nothing was run: " + loaded.problems().get(0), details);
        }
        return runner.run(ruleSet, version, loaded.suites(), List.of());
    }

    private List<SuiteFile> stored(String ruleSet) {
        Path folder = suitesDirectory.resolve(ruleSet);
        List<SuiteFile> files = Files.isDirectory(folder) ? ScenarioLoader.readFolder(folder) : List.of();
        if (files.isEmpty()) {
            throw new ApiException(404, ErrorCodes.NO_SCENARIOS, "rule set '" + ruleSet
                    + "' has no stored scenario suites on this server; post them as {\"suites\": [{\"file\": ..., \"content\": ...}]}");
        }
        return files;
    }

    private static List<SuiteFile> posted(List<PostedSuite> suites) {
        if (suites.isEmpty()) {
            throw invalid("suites", "send at least one scenario file, or leave 'suites' out to run the stored ones");
        }
        List<SuiteFile> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < suites.size(); i++) {
            PostedSuite suite = suites.get(i);
            String field = "suites[" + i + "]";
            if (suite == null || suite.file() == null || suite.file().isBlank()) {
                throw invalid(field + ".file", "is required: the file name, whose extension picks the format");
            }
            if (!ScenarioLoader.isSuiteFile(suite.file()) || suite.file().contains("/") || suite.file().contains("\\")) {
                throw invalid(field + ".file", "'" + suite.file() + "' must be a plain file name ending in .yaml, .yml, .csv or .scesim");
            }
            if (!names.add(suite.file())) {
                throw invalid(field + ".file", "'" + suite.file() + "' is posted twice");
            }
            if (suite.content() == null) {
                throw invalid(field + ".content", "is required: the file's text");
            }
            files.add(new SuiteFile(suite.file(), suite.content()));
        }
        return files;
    }

    private static ApiException invalid(String field, String problem) {
        return new ApiException(400, ErrorCodes.INVALID_REQUEST, "field '" + field + "': " + problem,
                List.of(ErrorEnvelope.Detail.field(field, problem)));
    }
}
