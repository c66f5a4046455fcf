package dev.decisioning.engine;

import java.util.List;

/**
 * What a publish did.
 *
 * @param ruleSet   the rule set
 * @param version   the stored version; null when refused
 * @param created   false when identical files were already stored as {@code version}
 * @param activated whether {@code version} now answers
 * @param messages  every compilation, safety and analysis message; errors mean refused
 */
public record PublishOutcome(String ruleSet, RuleSetVersion version, boolean created, boolean activated,
                             List<DecisionMessage> messages) {

    public boolean accepted() {
        return version != null;
    }
}
