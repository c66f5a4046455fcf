package dev.decisioning.engine.drools;

import dev.decisioning.engine.DecisionResult;
import dev.decisioning.engine.ImpactReport;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.facts.DecisionRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs the same customers through two versions of a rule set and counts what a business user would notice:
 * tier moves, segments, journey stage, offers made or dropped, service level and routing changes.
 */
final class ImpactPreview {
    static final int MAX_CUSTOMERS = 10_000;
    private static final int MAX_EXAMPLES = 5;

    /** How one customer is decided by one version: the engine's pipeline, under the rule set's budget. */
    interface Decider {
        DecisionResult decide(CompiledRuleSet ruleSet, DecisionRequest request);
    }

    private final Decider pipeline;
    private final Clock clock;

    ImpactPreview(Decider pipeline, Clock clock) {
        this.pipeline = pipeline;
        this.clock = clock;
    }

    ImpactReport compare(CompiledRuleSet active, CompiledRuleSet candidate, List<DecisionRequest> customers) {
        if (customers == null || customers.isEmpty()) {
            throw InvalidRequestException.of("customers", "send at least one customer to compare the versions on");
        }
        if (customers.size() > MAX_CUSTOMERS) {
            throw InvalidRequestException.of("customers", "at most " + MAX_CUSTOMERS + " customers per preview");
        }
        Map<String, Map<String, Integer>> changes = new TreeMap<>();
        List<ImpactReport.Example> examples = new ArrayList<>();
        int changed = 0;
        for (int i = 0; i < customers.size(); i++) {
            DecisionRequest request = customers.get(i);
            if (request == null) {
                throw InvalidRequestException.of("customers[" + i + "]", "must be a decision request object, not null");
            }
            if (request.getContext().getNow() == null) {
                // Both versions must see the same day, or a midnight between the two calls would look like a change.
                request.getContext().setNow(clock.instant());
            }
            DecisionResult before;
            DecisionResult after;
            try {
                before = pipeline.decide(active, request);
                after = pipeline.decide(candidate, request);
            } catch (InvalidRequestException e) {
                throw InvalidRequestException.of("customers[" + i + "]." + e.problems().get(0).source(),
                        e.problems().get(0).text());
            }
            Map<String, Object> was = comparable(before);
            Map<String, Object> now = comparable(after);
            boolean differs = false;
            for (String field : was.keySet()) {
                if (field.equals("offers")) {
                    differs |= countOfferChanges(changes, asList(was.get(field)), asList(now.get(field)));
                } else if (!Objects.equals(was.get(field), now.get(field))) {
                    changes.computeIfAbsent(field, k -> new TreeMap<>())
                            .merge(was.get(field) + " -> " + now.get(field), 1, Integer::sum);
                    differs = true;
                }
            }
            if (differs) {
                changed++;
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add(new ImpactReport.Example(before.customerId(), was, now));
                }
            }
        }
        return new ImpactReport(active.name(), active.version(), candidate.version(), customers.size(), changed,
                changes, examples);
    }

    private static boolean countOfferChanges(Map<String, Map<String, Integer>> changes, List<String> before,
                                             List<String> after) {
        boolean differs = false;
        for (String offer : after) {
            if (!before.contains(offer)) {
                changes.computeIfAbsent("offers.added", k -> new TreeMap<>()).merge(offer, 1, Integer::sum);
                differs = true;
            }
        }
        for (String offer : before) {
            if (!after.contains(offer)) {
                changes.computeIfAbsent("offers.removed", k -> new TreeMap<>()).merge(offer, 1, Integer::sum);
                differs = true;
            }
        }
        return differs;
    }

    @SuppressWarnings("unchecked")
    private static List<String> asList(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    private static Map<String, Object> comparable(DecisionResult result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("loyaltyTier", result.loyaltyTier() == null ? null : result.loyaltyTier().tier());
        fields.put("segments", String.join(",", result.segments()));
        fields.put("journeyStage", result.journeyStage());
        fields.put("offers", result.offers().stream().map(DecisionResult.Offer::id).toList());
        fields.put("serviceLevel", result.serviceLevel() == null ? null : result.serviceLevel().level());
        fields.put("routing", result.routing() == null ? null : result.routing().queue());
        return fields;
    }
}
