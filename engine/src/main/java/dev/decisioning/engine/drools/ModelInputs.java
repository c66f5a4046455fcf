package dev.decisioning.engine.drools;

import dev.decisioning.engine.InvalidRequestException;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNRuntime;
import org.kie.dmn.core.internal.utils.DynamicDMNContextBuilder;

import java.util.Map;

/** JSON values as a DMN model's inputs, typed by the model's own declarations (ISO text to dates where declared). */
final class ModelInputs {
    private ModelInputs() {
    }

    /**
     * @param decisionService the decision service whose inputs these are, or null for the whole model
     * @throws InvalidRequestException when a value does not fit its declared type
     */
    static DMNContext typed(DMNRuntime runtime, DMNModel model, Map<String, Object> json, String decisionService) {
        Map<String, Object> inputs = FeelValues.toFeelMap(json);
        try {
            DynamicDMNContextBuilder builder = new DynamicDMNContextBuilder(runtime.newContext(), model);
            DMNContext context = decisionService == null ? builder.populateContextWith(inputs)
                    : builder.populateContextForDecisionServiceWith(decisionService, inputs);
            NonNumbersKept.restore(model, inputs, context);
            return context;
        } catch (RuntimeException e) {
            throw InvalidRequestException.of("inputs", "inputs do not fit the model's declared types: " + e.getMessage());
        }
    }
}
