package dev.decisioning.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One customer decision: what the rules derived and decided, which rule set version answered, and why.
 * Numbers are exact decimals.
 */
public record DecisionResult(String decisionId, RuleSetRef ruleset, String customerId, Instant decidedAt,
                             Map<String, Object> metrics, List<String> segments, String journeyStage,
                             LoyaltyTier loyaltyTier, List<Offer> offers, ServiceLevel serviceLevel,
                             Routing routing, List<ExplanationEntry> explanation, List<DecisionMessage> messages)
        implements DecisionAnswer {

    public record RuleSetRef(String name, String version, String hash) {
    }

    public record LoyaltyTier(String tier, BigDecimal spendToNextTier) {
    }

    public record Offer(String id, BigDecimal score) {
    }

    public record ServiceLevel(String level, Integer responseTimeMinutes, List<String> benefits) {
    }

    public record Routing(String queue) {
    }
}
