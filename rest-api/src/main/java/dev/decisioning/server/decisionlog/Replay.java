package dev.decisioning.server.decisionlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisioning.engine.BudgetExceededException;
import dev.decisioning.engine.DataModelDecision;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.RequestFields;
import dev.decisioning.engine.RuleSetNotServingException;
import dev.decisioning.engine.UnknownVersionException;
import dev.decisioning.server.wire.DecisionV1;
import dev.decisioning.server.wire.ImpactReportV1;
import dev.decisioning.server.wire.LoggedDecisionV1;
import dev.decisioning.server.wire.ReplayReportV1;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides logged decisions again with a candidate version of their rule set and reports what would change, with the
 * engine's impact preview ({@code impactOfRequests}: the candidate against the active version, on the logged inputs).
 *
 * <p>Logged inputs have their personal fields masked. A replay leaves a masked value out, or sends the mask itself
 * where the rule set requires the field; so where rules read a personal field, a replayed answer may differ from the
 * real one. To say how much that matters, each decision is first decided again by the version that made it (when it
 * is still stored with the same files) and compared with its logged answer: the report's {@code reproduction}.
 * A rule set whose requests carry the decision's moment ({@code now} in its manifest) gets each decision's logged
 * moment where the request had none, so that replays decide as of then, not as of now.
 */
public final class Replay {
    /** The most decisions one replay takes. */
    public static final int MAX_DECISIONS = 10_000;
    /** Decisions one replay takes when not told. */
    public static final int DEFAULT_LIMIT = 1_000;
    private static final int MAX_LISTED = 20;

    private final DecisionEngine engine;
    private final String ruleSet;
    private final int candidate;
    private final Map<Integer, RequestFields> fieldsByVersion = new HashMap<>();

    private Replay(DecisionEngine engine, String ruleSet, int candidate) {
        this.engine = engine;
        this.ruleSet = ruleSet;
        this.candidate = candidate;
    }

    /**
     * Replays {@code selected} with version {@code candidate} of {@code ruleSet}.
     *
     * @param selection what was asked for, as the report repeats it
     * @throws dev.decisioning.engine.UnknownRuleSetException when there is no such rule set
     * @throws UnknownVersionException                         when it has no such version
     * @throws RuleSetNotServingException                      when that version, or the active one, does not compile
     */
    public static ReplayReportV1 run(DecisionEngine engine, String ruleSet, int candidate,
                                     DecisionLog.Selection selected, ReplayReportV1.Selection selection) {
        return new Replay(engine, ruleSet, candidate).run(selected, selection);
    }

    private ReplayReportV1 run(DecisionLog.Selection selected, ReplayReportV1.Selection selection) {
        Integer active = versionNumber(engine.ruleSet(ruleSet).version());
        RequestFields activeFields = engine.requestFields(ruleSet, null);
        engine.requestFields(ruleSet, candidate); // an unknown or failing candidate is reported before any work
        List<ReplayReportV1.Skipped> skipped = new ArrayList<>();
        selected.skipped().forEach((id, why) -> skipped.add(new ReplayReportV1.Skipped(id, why)));
        Set<String> masked = new TreeSet<>();
        List<JsonNode> requests = new ArrayList<>();
        Reproduction reproduction = new Reproduction();
        for (LoggedDecisionV1 logged : selected.decisions()) {
            if (!logged.input().isObject()) {
                skipped.add(new ReplayReportV1.Skipped(logged.decisionId(), "its input was logged masked whole"));
                continue;
            }
            Integer made = logged.ruleset().version();
            RequestFields fields = made == null ? activeFields : fieldsOf(made);
            List<String> removed = new ArrayList<>();
            JsonNode request = PersonalData.withoutMasks(logged.input(), logged.maskedFields(), removed);
            String instant = fields != null ? fields.instant() : activeFields.instant();
            asOfLoggedMoment(request, instant, logged.answer().path("decidedAt"));
            try {
                DataModelDecision again = fields == null ? null : decide(made, request, removed);
                if (again != null && Objects.equals(again.ruleset().hash(), logged.ruleset().hash())) {
                    reproduction.compare(logged, again);
                } else {
                    reproduction.unknown++;
                }
                decide(candidate, request, removed);
                if (!Objects.equals(made, active)) {
                    decide(null, request, removed);
                }
            } catch (InvalidRequestException e) {
                skipped.add(new ReplayReportV1.Skipped(logged.decisionId(), reason(e, removed)));
                continue;
            } catch (BudgetExceededException | RuleSetNotServingException e) {
                skipped.add(new ReplayReportV1.Skipped(logged.decisionId(), e.getMessage()));
                continue;
            }
            masked.addAll(logged.maskedFields());
            requests.add(request);
        }
        ImpactReportV1 impact = requests.isEmpty() ? null
                : ImpactReportV1.from(engine.impactOfRequests(ruleSet, candidate, requests));
        List<String> notes = notes(selected, activeFields, masked, reproduction, requests.size(), skipped.size());
        return new ReplayReportV1(ruleSet, active, candidate, selection, selected.decisions().size(), requests.size(),
                List.copyOf(skipped), selected.notFound(), List.copyOf(masked), reproduction.report(), notes, impact);
    }

    /** What the version that made a decision says of its requests; null when it is no longer stored. */
    private RequestFields fieldsOf(int version) {
        if (fieldsByVersion.containsKey(version)) {
            return fieldsByVersion.get(version);
        }
        RequestFields fields;
        try {
            fields = engine.requestFields(ruleSet, version);
        } catch (UnknownVersionException | RuleSetNotServingException e) {
            fields = null;
        }
        fieldsByVersion.put(version, fields);
        return fields;
    }

    /**
     * Decides {@code request} with a version (null: the active one). Where the version's schema requires a field the
     * replay left out because it was masked, the mask goes back in and the request is decided once more.
     */
    private DataModelDecision decide(Integer version, JsonNode request, List<String> removed) {
        try {
            return engine.decide(ruleSet, version, request);
        } catch (InvalidRequestException e) {
            boolean restored = false;
            for (DecisionMessage problem : e.problems()) {
                if (problem.source() != null && removed.contains(problem.source())) {
                    restored |= PersonalData.restore(request, problem.source());
                }
            }
            if (!restored) {
                throw e;
            }
            return engine.decide(ruleSet, version, request);
        }
    }

    /** Where the request has no moment of its own, the logged decision's. */
    private static void asOfLoggedMoment(JsonNode request, String path, JsonNode decidedAt) {
        if (path == null || !decidedAt.isTextual() || !(request instanceof ObjectNode node)) {
            return;
        }
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            if (next == null || next.isNull()) {
                next = node.putObject(parts[i]);
            }
            if (!(next instanceof ObjectNode object)) {
                return;
            }
            node = object;
        }
        String last = parts[parts.length - 1];
        if (!node.hasNonNull(last)) {
            node.put(last, decidedAt.asText());
        }
    }

    private static String reason(InvalidRequestException e, List<String> removed) {
        List<String> masked = new ArrayList<>();
        for (DecisionMessage problem : e.problems()) {
            if (problem.source() != null && removed.contains(problem.source())) {
                masked.add(problem.source());
            }
        }
        if (!masked.isEmpty()) {
            return "the rule set requires masked personal field(s) " + masked + " to be valid values, which the log "
                    + "does not hold: " + e.getMessage();
        }
        return "its logged input is not a valid request for every version compared: " + e.getMessage();
    }

    private List<String> notes(DecisionLog.Selection selected, RequestFields activeFields, Set<String> masked,
                               Reproduction reproduction, int replayed, int skipped) {
        List<String> notes = new ArrayList<>();
        if (skipped > 0) {
            notes.add(skipped + " of the logged decisions selected could not be replayed; skipped says why for each (a "
                    + "rule set that requires a personal field to hold a valid value cannot be replayed from its masked "
                    + "log)");
        }
        if (!masked.isEmpty()) {
            notes.add("personal fields " + masked + " are masked in the log and were replayed without their values "
                    + "(left out, or as '" + LoggedDecisionV1.MASK + "' where the rule set requires them): where rules "
                    + "read them, the answers replayed may differ from what these customers would get");
        }
        if (reproduction.checked > 0) {
            notes.add(reproduction.notReproduced == 0
                    ? "each of the " + reproduction.checked + " decisions checked was reproduced by the version that "
                    + "made it: what was masked did not change their answers"
                    : reproduction.notReproduced + " of " + reproduction.checked + " decisions checked were answered "
                    + "otherwise by the version that made them (see reproduction): their masked fields, or something "
                    + "outside the request, changed the answer, so their replayed answers are not exact");
        }
        if (reproduction.unknown > 0) {
            notes.add(reproduction.unknown + " decision(s) were made by a version not stored here as it was then, so "
                    + "whether their masked inputs reproduce them is unknown");
        }
        if (activeFields.instant() == null) {
            notes.add("this rule set takes a decision's moment from the server's clock: replays decide as of now, so "
                    + "answers that depend on the date may differ from the logged ones");
        } else if (replayed > 0) {
            notes.add("each decision was replayed as of its logged moment (decidedAt, as " + activeFields.instant()
                    + " where the logged request had none)");
        }
        if (selected.limited()) {
            notes.add("more logged decisions matched than one replay takes: the newest were replayed (see "
                    + "selection.limit; at most " + MAX_DECISIONS + ")");
        }
        return List.copyOf(notes);
    }

    private static Integer versionNumber(dev.decisioning.engine.VersionNumber version) {
        return version == null ? null : version.value();
    }

    /** Counts whether each decision's own version answers its logged input as it did. */
    private static final class Reproduction {
        int checked;
        int reproduced;
        int notReproduced;
        int unknown;
        final Map<String, Integer> differing = new TreeMap<>();
        final List<String> examples = new ArrayList<>();

        void compare(LoggedDecisionV1 logged, DataModelDecision again) {
            checked++;
            JsonNode now = LogJson.MAPPER.valueToTree(DecisionV1.from(again));
            // through text, as the logged one went, so that numbers compare alike
            now = reread(now);
            boolean same = true;
            for (Iterator<String> names = now.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (Set.of("decisionId", "ruleset", "decidedAt", "explanation").contains(name)
                        || name.equals(again.subjectIdName())) {
                    continue;
                }
                if (!Objects.equals(now.get(name), logged.answer().get(name))) {
                    differing.merge(name, 1, Integer::sum);
                    same = false;
                }
            }
            if (same) {
                reproduced++;
            } else {
                notReproduced++;
                if (examples.size() < MAX_LISTED) {
                    examples.add(logged.decisionId());
                }
            }
        }

        private static JsonNode reread(JsonNode node) {
            try {
                return LogJson.MAPPER.readTree(LogJson.MAPPER.writeValueAsBytes(node));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        ReplayReportV1.Reproduction report() {
            return new ReplayReportV1.Reproduction(checked, reproduced, notReproduced, java.util.Collections.unmodifiableMap(new TreeMap<>(differing)),
                    List.copyOf(examples), unknown);
        }
    }
}
