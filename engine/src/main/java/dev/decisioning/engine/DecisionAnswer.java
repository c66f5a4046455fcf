package dev.decisioning.engine;

import java.util.List;

/**
 * What every decision answers, whatever its rule set decides: an id, why (the explanation) and any messages. The
 * rest is the rule set's own: see {@link DataModelDecision}, the answer of a rule set that declares its data model.
 * for a rule set that declares its own data model.
 */
public interface DecisionAnswer {
    String decisionId();

    List<ExplanationEntry> explanation();

    List<DecisionMessage> messages();
}
