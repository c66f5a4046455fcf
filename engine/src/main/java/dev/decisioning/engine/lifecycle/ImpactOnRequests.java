package dev.decisioning.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisioning.engine.DataModelDecision;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.ImpactReport;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.datamodel.DataModel;
import dev.decisioning.engine.request.RequestJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a candidate version would answer the same requests as the active one, for a rule set with its own data model:
 * the fields its manifest names under {@code impact} ({@code loyaltyTier.tier}, {@code offers[].id}), or each output
 * whole when it names none, compared request by request.
 */
public final class ImpactOnRequests {
    private static final ObjectMapper JSON = RequestJson.strictMapper();
    static final int MAX_REQUESTS = 10_000;
    private static final int MAX_EXAMPLES = 5;

    /** Decides one request with one version, under that rule set's budget. */
    public interface Decider<C> {
        DataModelDecision decide(C ruleSet, JsonNode request);
    }

    private ImpactOnRequests() {
    }

    public static <C extends CompiledVersion<C>> ImpactReport compare(C active, C candidate, List<JsonNode> requests,
                                                                      Decider<C> decider) {
        if (active.dataModel() == null || candidate.dataModel() == null) {
            throw new dev.decisioning.engine.RuleSetNotServingException("the active version and version "
                    + candidate.version() + " of '" + active.name()
                    + "' must both declare a data model to be compared on its requests", List.of());
        }
        if (requests == null || requests.isEmpty()) {
            throw InvalidRequestException.of("customers", "send at least one request to compare the versions on");
        }
        if (requests.size() > MAX_REQUESTS) {
            throw InvalidRequestException.of("customers", "at most " + MAX_REQUESTS + " requests per preview");
        }
        DataModel.Manifest manifest = active.dataModel().manifest();
        List<String> compared = manifest.impact().isEmpty() ? manifest.outputs() : manifest.impact();
        Map<String, Map<String, Integer>> changes = new TreeMap<>();
        List<ImpactReport.Example> examples = new ArrayList<>();
        int changed = 0;
        for (int i = 0; i < requests.size(); i++) {
            JsonNode request = requests.get(i);
            if (request == null || !request.isObject()) {
                throw InvalidRequestException.of("customers[" + i + "]", "must be a decision request object");
            }
            DataModelDecision before;
            DataModelDecision after;
            try {
                before = decider.decide(active, request);
                after = decider.decide(candidate, request);
            } catch (InvalidRequestException e) {
                String place = "customers[" + i + "]";
                throw new InvalidRequestException(place + ": " + e.getMessage(), e.problems().stream()
                        .map(p -> new DecisionMessage(p.severity(), p.type(), p.source() == null ? place
                                : place + "." + p.source(), p.line(), p.text()))
                        .toList());
            }
            JsonNode was = JSON.valueToTree(before.outputs());
            JsonNode now = JSON.valueToTree(after.outputs());
            Map<String, Object> wasFields = new LinkedHashMap<>();
            Map<String, Object> nowFields = new LinkedHashMap<>();
            boolean differs = false;
            for (String entry : compared) {
                // "label=path" reports the field under a name of its own; a plain path under the path itself
                int equals = entry.indexOf('=');
                String path = equals < 0 ? entry : entry.substring(equals + 1).trim();
                String label = equals < 0 ? entry : entry.substring(0, equals).trim();
                if (path.contains("[].")) {
                    differs |= listChanges(changes, equals < 0 ? path + " " : label + ".", values(was, path),
                            values(now, path));
                    wasFields.put(label, values(was, path));
                    nowFields.put(label, values(now, path));
                    continue;
                }
                JsonNode a = at(was, path);
                JsonNode b = at(now, path);
                wasFields.put(label, plain(a));
                nowFields.put(label, plain(b));
                if (!Objects.equals(a, b)) {
                    changes.computeIfAbsent(label, k -> new TreeMap<>()).merge(text(a) + " -> " + text(b), 1, Integer::sum);
                    differs = true;
                }
            }
            if (differs) {
                changed++;
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add(new ImpactReport.Example(before.subjectId(), wasFields, nowFields));
                }
            }
        }
        return new ImpactReport(active.name(), active.version(), candidate.version(), requests.size(), changed, changes,
                examples);
    }

    /** @param prefix what the counts' names start with: {@code "offers[].id "} or, labelled, {@code "offers."} */
    private static boolean listChanges(Map<String, Map<String, Integer>> changes, String prefix, List<String> before,
                                       List<String> after) {
        boolean differs = false;
        for (String value : after) {
            if (!before.contains(value)) {
                changes.computeIfAbsent(prefix + "added", k -> new TreeMap<>()).merge(value, 1, Integer::sum);
                differs = true;
            }
        }
        for (String value : before) {
            if (!after.contains(value)) {
                changes.computeIfAbsent(prefix + "removed", k -> new TreeMap<>()).merge(value, 1, Integer::sum);
                differs = true;
            }
        }
        return differs;
    }

    /** The values at {@code list[].field} of every element of the list. */
    private static List<String> values(JsonNode outputs, String path) {
        int split = path.indexOf("[].");
        JsonNode list = at(outputs, path.substring(0, split));
        List<String> values = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(element -> values.add(text(at(element, path.substring(split + 3)))));
        }
        return values;
    }

    private static JsonNode at(JsonNode node, String dottedPath) {
        return DataModel.at(node, dottedPath);
    }

    /** A compared value as a report shows it: a list of plain values as one comma-joined text, as people write it. */
    private static Object plain(JsonNode node) {
        return node.isMissingNode() ? null : scalars(node) ? text(node) : JSON.convertValue(node, Object.class);
    }

    private static String text(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (scalars(node)) {
            List<String> values = new ArrayList<>();
            node.forEach(value -> values.add(value.asText()));
            return String.join(",", values);
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static boolean scalars(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode value : node) {
            if (!value.isValueNode()) {
                return false;
            }
        }
        return true;
    }
}
