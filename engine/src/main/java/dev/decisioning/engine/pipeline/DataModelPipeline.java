package dev.decisioning.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisioning.engine.DataModelDecision;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.RuleSetRef;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.datamodel.DataModel;
import dev.decisioning.engine.request.RequestJson;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.api.core.ast.InputDataNode;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A decision of a rule set that declares its own data model: the request is checked against the rule set's JSON
 * Schema, each of its top-level fields goes to the DMN model as the input of the same name (typed by the model's own
 * declarations), and the answer is the results of the decisions the manifest names. Nothing here knows what the
 * fields mean.
 */
public final class DataModelPipeline {
    /** Inputs the engine provides itself when the model declares them: the decision's day and instant. */
    static final String TODAY = "today";
    static final String NOW = "now";

    private final Clock clock;

  public   DataModelPipeline(Clock clock) {
        this.clock = clock;
    }

    /** The model the manifest names, or the only one when it names none; null when neither applies. */
    public static DMNModel modelOf(DataModel.Manifest manifest, Map<String, DMNModel> models) {
        if (manifest.model() != null) {
            return models.get(manifest.model());
        }
        return models.size() == 1 ? models.values().iterator().next() : null;
    }

    public DataModelDecision decide(CompiledRuleSet ruleSet, JsonNode request) {
        DataModel dataModel = ruleSet.dataModel();
        List<DecisionMessage> problems = dataModel.validate(request);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems.size() + " field(s) of the request do not fit the data model "
                    + "of rule set '" + ruleSet.name() + "': " + problems.get(0).source() + ": " + problems.get(0).text()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), problems);
        }
        DataModel.Manifest manifest = dataModel.manifest();
        DMNModel model = modelOf(manifest, ruleSet.models());
        Instant now = now(manifest, request);

        // Typed by the data model (dates where it says format date, exact decimals), which the request fits: the
        // model's own item definitions then check them, as for any DMN input.
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) dataModel.typed(request);
        DecisionTrace trace = new DecisionTrace(ruleSet);
        Map<String, Object> derived = manifest.derived().isEmpty() && manifest.facts().isEmpty() ? Map.of()
                : DeclaredFacts.derive(ruleSet, manifest, typed, LocalDate.ofInstant(now, ZoneOffset.UTC), trace);
        DMNContext context = ruleSet.dmnRuntime().newContext();
        for (InputDataNode input : model.getInputs()) {
            String name = input.getName();
            if (name.equals(TODAY)) {
                context.set(name, LocalDate.ofInstant(now, ZoneOffset.UTC));
            } else if (name.equals(NOW)) {
                context.set(name, OffsetDateTime.ofInstant(now, ZoneOffset.UTC).toZonedDateTime());
            } else {
                Object value = derived.containsKey(name) ? FeelValues.toFeel(derived.get(name))
                        : manifest.inputs().containsKey(name) ? valueAt(typed, manifest.inputs().get(name))
                        : typed.get(name);
                context.set(name, ModelInputs.withDeclaredFields(value, input.getType()));
            }
        }
        DMNResult result = trace.during(() -> ruleSet.dmnRuntime().evaluateAll(model, context));

        List<DecisionMessage> messages = new ArrayList<>();
        for (DMNMessage message : result.getMessages(DMNMessage.Severity.ERROR)) {
            messages.add(DecisionMessage.error("evaluation", message.getSourceId(), null, message.getText()));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (String output : manifest.outputs()) {
            DMNDecisionResult decisionResult = result.getDecisionResultByName(output);
            outputs.put(output, FeelValues.toJson(decisionResult != null ? decisionResult.getResult() : derived.get(output)));
        }
        JsonNode subjectId = request.path(manifest.subject()).path("id");
        return new DataModelDecision(UUID.randomUUID().toString(),
                new RuleSetRef(ruleSet.name(), ruleSet.version(), ruleSet.hash()),
                manifest.subjectIdName(), subjectId.isValueNode() ? subjectId.asText() : null, now, outputs,
                List.copyOf(trace.entries()), List.copyOf(messages));
    }

    /** The value at a dotted path of the typed request ({@code context}, {@code member.profile}); null when absent. */
    private static Object valueAt(Map<String, Object> typed, String dottedPath) {
        Object node = typed;
        for (String part : dottedPath.split("\\.")) {
            node = node instanceof Map<?, ?> map ? map.get(part) : null;
        }
        return node;
    }

    private Instant now(DataModel.Manifest manifest, JsonNode request) {
        if (manifest.now() == null) {
            return clock.instant();
        }
        JsonNode at = DataModel.at(request, manifest.now());
        if (at.isMissingNode() || at.isNull()) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(at.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(manifest.now(), "'" + RequestJson.quoted(at.asText())
                    + "' is not an ISO-8601 date and time with offset (e.g. 2026-11-22T10:00:00Z)");
        }
    }
}
