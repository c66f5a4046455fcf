package dev.decisioning.engine.pipeline;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.ExplanationEntry;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.ModelEvaluation;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.RuleSetNotServingException;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.model.api.DMNModelInstrumentedBase;
import org.kie.dmn.model.api.Decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Evaluates one DMN model of a compiled rule set, or one of its decision services, with the explanation of it. */
public final class ModelEvaluator {

    private ModelEvaluator() {
    }

    public static ModelEvaluation evaluate(CompiledRuleSet ruleSet, ModelEvaluationRequest request) {
        if (ruleSet.dmnRuntime() == null) {
            throw new RuleSetNotServingException("rule set '" + ruleSet.name() + "' has no DMN models", List.of());
        }
        DMNModel model = findModel(ruleSet, request.model());
        String service = request.decisionService();
        if (service != null && model.getDecisionServices().stream().noneMatch(s -> s.getName().equals(service))) {
            throw InvalidRequestException.of("decisionService", "model '" + model.getName()
                    + "' has no decision service '" + service + "'; it has " + model.getDecisionServices().stream()
                    .map(s -> s.getName()).sorted().toList());
        }
        DMNContext context = ModelInputs.typed(ruleSet.dmnRuntime(), model, request.inputs(), service);
        DecisionTrace trace = new DecisionTrace(ruleSet);
        DMNResult result = trace.during(() -> service == null
                ? ruleSet.dmnRuntime().evaluateAll(model, context)
                : ruleSet.dmnRuntime().evaluateDecisionService(model, context, service));

        List<ModelEvaluation.DecisionOutcome> decisions = new ArrayList<>();
        for (DMNDecisionResult decision : result.getDecisionResults()) {
            // kie-dmn files the cause of a failure (a FEEL error, a hit policy violation) under the whole result,
            // tagged with an element inside the decision: give each decision the messages about its own elements.
            List<DMNMessage> own = new ArrayList<>(decision.getMessages());
            for (DMNMessage message : result.getMessages()) {
                if (!own.contains(message) && decision.getDecisionName().equals(owningDecision(message))) {
                    own.add(message);
                }
            }
            decisions.add(new ModelEvaluation.DecisionOutcome(decision.getDecisionName(),
                    decision.getEvaluationStatus().name().toLowerCase(Locale.ROOT),
                    FeelValues.toJson(decision.getResult()), toMessages(own)));
        }
        List<ExplanationEntry> explanation = List.copyOf(trace.entries());
        return new ModelEvaluation(new ModelEvaluation.RuleSetRef(ruleSet.name(), ruleSet.version(), ruleSet.hash()),
                model.getName(), decisions, toMessages(result.getMessages()), explanation);
    }

    private static DMNModel findModel(CompiledRuleSet ruleSet, String requested) {
        Map<String, DMNModel> models = ruleSet.models();
        if (requested == null || requested.isBlank()) {
            if (models.size() == 1) {
                return models.values().iterator().next();
            }
            throw InvalidRequestException.of("model", "rule set '" + ruleSet.name() + "' has " + models.size()
                    + " models; name one of " + models.keySet());
        }
        DMNModel byName = models.get(requested);
        if (byName != null) {
            return byName;
        }
        for (DMNModel model : models.values()) {
            String file = model.getResource() == null ? null : ruleSet.fileOf(model.getResource().getSourcePath());
            if (file != null && (file.equals(requested) || file.equals(requested + ".dmn"))) {
                return model;
            }
        }
        throw InvalidRequestException.of("model", "rule set '" + ruleSet.name() + "' has no model '" + requested
                + "'; it has " + models.keySet());
    }

    /** The name of the decision a message's DMN element belongs to, if it belongs to one. */
    private static String owningDecision(DMNMessage message) {
        Object element = message.getSourceReference();
        int depth = 0;
        while (element instanceof DMNModelInstrumentedBase node && depth++ < 64) {
            if (node instanceof Decision decision) {
                return decision.getName();
            }
            element = node.getParent();
        }
        return null;
    }

    private static List<DecisionMessage> toMessages(List<DMNMessage> messages) {
        List<DecisionMessage> out = new ArrayList<>(messages.size());
        for (DMNMessage message : messages) {
            DecisionMessage.Severity severity = switch (message.getSeverity()) {
                case ERROR -> DecisionMessage.Severity.ERROR;
                case WARN -> DecisionMessage.Severity.WARNING;
                default -> DecisionMessage.Severity.INFO;
            };
            out.add(new DecisionMessage(severity, "evaluation", message.getSourceId(), null, message.getText()));
        }
        return out;
    }
}
