package dev.decisioning.engine.pipeline;

import dev.decisioning.engine.workarounds.NonNumbersKept;

import dev.decisioning.engine.InvalidRequestException;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNRuntime;
import org.kie.dmn.api.core.DMNType;
import org.kie.dmn.core.internal.utils.DynamicDMNContextBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON values as a DMN model's inputs, typed by the model's own declarations (ISO text to dates where declared). */
public final class ModelInputs {
    private ModelInputs() {
    }

    /**
     * @param decisionService the decision service whose inputs these are, or null for the whole model
     * @throws InvalidRequestException when a value does not fit its declared type
     */
    public static DMNContext typed(DMNRuntime runtime, DMNModel model, Map<String, Object> json, String decisionService) {
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

    /**
     * {@code value} with every field its declared type names present, null where the request left it out: a context
     * that lacks a declared field is not of that type to the DMN runtime, but an optional field a request omits is
     * simply unknown, as FEEL's null.
     */
    static Object withDeclaredFields(Object value, DMNType type) {
        if (type == null || value == null) {
            return value;
        }
        if (value instanceof List<?> list) {
            DMNType element = type.isCollection() && !type.isComposite() ? type.getBaseType() : type;
            if (element == type && !type.isComposite()) {
                return value;
            }
            List<Object> completed = new ArrayList<>(list.size());
            list.forEach(item -> completed.add(withDeclaredFields(item, element)));
            return completed;
        }
        if (value instanceof Map<?, ?> map && type.isComposite()) {
            Map<String, Object> completed = new LinkedHashMap<>();
            map.forEach((k, v) -> completed.put(String.valueOf(k), v));
            type.getFields().forEach((field, fieldType) -> completed.put(field,
                    withDeclaredFields(completed.get(field), fieldType)));
            return completed;
        }
        return value;
    }
}
