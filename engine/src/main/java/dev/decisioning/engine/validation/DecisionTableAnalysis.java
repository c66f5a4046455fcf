package dev.decisioning.engine.validation;

import dev.decisioning.engine.DecisionMessage;
import org.kie.api.KieServices;
import org.kie.api.io.Resource;
import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.validation.DMNValidator;
import org.kie.dmn.validation.DMNValidatorFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drools' own DMN decision-table analysis: gaps (inputs no row covers), overlaps, masked and subsumed rows.
 * Findings are warnings for the person publishing; they never stop a rule set that compiles.
 */
public final class DecisionTableAnalysis {
    private DecisionTableAnalysis() {
    }

    public static List<DecisionMessage> of(Map<String, byte[]> dmnFiles) {
        if (dmnFiles.isEmpty()) {
            return List.of();
        }
        List<Resource> resources = new ArrayList<>();
        dmnFiles.forEach((name, content) -> {
            Resource resource = KieServices.get().getResources().newByteArrayResource(content);
            resource.setSourcePath(name);
            resources.add(resource);
        });
        DMNValidator validator = DMNValidatorFactory.newValidator();
        try {
            List<DMNMessage> findings = validator.validateUsing(DMNValidator.Validation.ANALYZE_DECISION_TABLE)
                    .theseModels(resources.toArray(Resource[]::new));
            List<DecisionMessage> warnings = new ArrayList<>();
            for (DMNMessage finding : findings) {
                if (finding.getSeverity() == DMNMessage.Severity.TRACE) {
                    continue;
                }
                String file = finding.getPath();
                String where = finding.getSourceId() == null ? "" : " › " + finding.getSourceId();
                warnings.add(new DecisionMessage(finding.getSeverity() == DMNMessage.Severity.INFO
                        ? DecisionMessage.Severity.INFO : DecisionMessage.Severity.WARNING, "analysis",
                        (file == null ? "" : file) + where, finding.getLine() > 0 ? finding.getLine() : null,
                        finding.getText()));
            }
            return warnings;
        } catch (RuntimeException e) {
            return List.of(new DecisionMessage(DecisionMessage.Severity.WARNING, "analysis", null, null,
                    "decision-table analysis could not run: " + e.getMessage()));
        } finally {
            validator.dispose();
        }
    }
}
