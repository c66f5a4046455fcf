package dev.decisioning.engine.drools;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.DecisionResult;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.RuleSetNotServingException;
import dev.decisioning.engine.facts.ContactEvent;
import dev.decisioning.engine.facts.Customer;
import dev.decisioning.engine.facts.CustomerProfile;
import dev.decisioning.engine.facts.DecisionContext;
import dev.decisioning.engine.facts.DecisionRequest;
import dev.decisioning.engine.facts.Order;
import dev.decisioning.engine.facts.SegmentMembership;
import org.kie.api.runtime.KieSession;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The customer decision, step by step. Java only orchestrates: DRL and spreadsheet rules derive metrics and
 * segments from the order history; one DMN model decides journey stage, loyalty tier, offers, service level and
 * routing from them. Every threshold lives in the rule files.
 */
final class CustomerDecisionPipeline {
    /** The decisions a rule set's DMN model must define to answer customer decisions. */
    static final List<String> OUTPUT_DECISIONS = List.of("journeyStage", "loyaltyTier", "offers", "serviceLevel", "routing");

    private final Clock clock;

    CustomerDecisionPipeline(Clock clock) {
        this.clock = clock;
    }

    /** The DMN model that defines every output decision, if the rule set has one. */
    static Optional<DMNModel> decisionModel(CompiledRuleSet ruleSet) {
        return ruleSet.models().values().stream()
                .filter(m -> OUTPUT_DECISIONS.stream().allMatch(d -> m.getDecisionByName(d) != null))
                .findFirst();
    }

    DecisionResult decide(CompiledRuleSet ruleSet, DecisionRequest request) {
        validate(request);
        DMNModel model = decisionModel(ruleSet).orElseThrow(() -> new RuleSetNotServingException(
                "rule set '" + ruleSet.name() + "' has no DMN model with the decisions " + OUTPUT_DECISIONS
                        + ", so it cannot answer customer decisions (model evaluation still works)", List.of()));
        DecisionContext context = request.getContext();
        Instant now = context.getNow() != null ? context.getNow() : clock.instant();
        context.setNow(now);
        LocalDate today = context.getToday();
        Customer customer = request.getCustomer();
        DecisionTrace trace = new DecisionTrace(ruleSet);

        CustomerProfile profile = new CustomerProfile(today);
        List<String> segments = deriveProfile(ruleSet, request, profile, trace);

        DMNContext inputs = ruleSet.dmnRuntime().newContext();
        inputs.set("customer", customerInput(customer));
        inputs.set("metrics", metrics(profile));
        inputs.set("segments", segments);
        inputs.set("interaction", interactionInput(context));
        inputs.set("contactHistory", contactInput(request.getContactHistory()));
        inputs.set("today", today);
        DMNResult result = trace.during(() -> ruleSet.dmnRuntime().evaluateAll(model, inputs));

        List<DecisionMessage> messages = new ArrayList<>();
        for (DMNMessage message : result.getMessages(DMNMessage.Severity.ERROR)) {
            messages.add(DecisionMessage.error("evaluation", message.getSourceId(), null, message.getText()));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (String decision : OUTPUT_DECISIONS) {
            DMNDecisionResult decisionResult = result.getDecisionResultByName(decision);
            outputs.put(decision, decisionResult == null ? null : FeelValues.toJson(decisionResult.getResult()));
        }
        return new DecisionResult(UUID.randomUUID().toString(),
                new DecisionResult.RuleSetRef(ruleSet.name(), ruleSet.version(), ruleSet.hash()), customer.getId(), now,
                metricsOutput(profile), segments, (String) outputs.get("journeyStage"),
                loyaltyTier(outputs.get("loyaltyTier")), offers(outputs.get("offers")),
                serviceLevel(outputs.get("serviceLevel")), routing(outputs.get("routing")),
                List.copyOf(trace.entries()), messages);
    }

    private static List<String> deriveProfile(CompiledRuleSet ruleSet, DecisionRequest request,
                                              CustomerProfile profile, DecisionTrace trace) {
        if (ruleSet.kieBase() == null) {
            return List.of();
        }
        KieSession session = ruleSet.sessions().newKieSession();
        var listener = trace.ruleListener();
        try {
            session.addEventListener(listener);
            session.insert(request.getCustomer());
            request.getCustomer().getOrders().forEach(session::insert);
            session.insert(profile);
            session.insert(request.getContext());
            request.getContactHistory().forEach(session::insert);
            session.fireAllRules();
            TreeSet<String> segments = new TreeSet<>();
            session.getObjects(o -> o instanceof SegmentMembership)
                    .forEach(o -> segments.add(((SegmentMembership) o).getSegment()));
            return List.copyOf(segments);
        } finally {
            session.removeEventListener(listener);
            session.dispose(); // back to the pool, emptied
        }
    }

    private static void validate(DecisionRequest request) {
        Customer customer = request.getCustomer();
        if (customer == null) {
            throw InvalidRequestException.of("customer", "is required");
        }
        if (customer.getId() == null || customer.getId().isBlank()) {
            throw InvalidRequestException.of("customer.id", "is required");
        }
        List<Order> orders = customer.getOrders();
        for (int i = 0; i < orders.size(); i++) {
            Order order = orders.get(i);
            if (order == null) {
                throw InvalidRequestException.of("customer.orders[" + i + "]", "must be an order object, not null");
            }
            if (order.getDate() == null) {
                throw InvalidRequestException.of("customer.orders[" + i + "].date", "is required");
            }
            if (order.getAmount() == null) {
                throw InvalidRequestException.of("customer.orders[" + i + "].amount", "is required");
            }
        }
        List<ContactEvent> contacts = request.getContactHistory();
        for (int i = 0; i < contacts.size(); i++) {
            ContactEvent contact = contacts.get(i);
            if (contact == null || contact.getOfferId() == null || contact.getDate() == null) {
                throw InvalidRequestException.of("contactHistory[" + i + "]", "needs an offerId and a date");
            }
        }
    }

    private static Map<String, Object> customerInput(Customer customer) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", customer.getId());
        map.put("birthDate", customer.getBirthDate());
        map.put("signupDate", customer.getSignupDate());
        map.put("marketingConsent", customer.isMarketingConsent());
        map.put("pointsBalance", customer.getPointsBalance());
        map.put("sessionsLast30Days", BigDecimal.valueOf(customer.getSessionsLast30Days()));
        map.put("cartItems", BigDecimal.valueOf(customer.getCartItems()));
        map.put("referrals", BigDecimal.valueOf(customer.getReferrals()));
        map.put("npsScore", customer.getNpsScore() == null ? null : BigDecimal.valueOf(customer.getNpsScore()));
        return map;
    }

    private static Map<String, Object> metrics(CustomerProfile profile) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("spend12m", profile.getSpend12m());
        map.put("orders90d", BigDecimal.valueOf(profile.getOrders90d()));
        map.put("orderCount", BigDecimal.valueOf(profile.getOrderCount()));
        map.put("daysSinceLastOrder", decimal(profile.getDaysSinceLastOrder()));
        map.put("tenureMonths", BigDecimal.valueOf(profile.getTenureMonths()));
        map.put("couponShare", profile.getCouponShare());
        map.put("daysToNextBirthday", decimal(profile.getDaysToNextBirthday()));
        return map;
    }

    private static Map<String, Object> metricsOutput(CustomerProfile profile) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("spend12m", FeelValues.plain(profile.getSpend12m()));
        map.put("orders90d", profile.getOrders90d());
        map.put("daysSinceLastOrder", profile.getDaysSinceLastOrder());
        map.put("tenureMonths", profile.getTenureMonths());
        map.put("couponShare", FeelValues.plain(profile.getCouponShare()));
        map.put("orderCount", profile.getOrderCount());
        map.put("daysToNextBirthday", profile.getDaysToNextBirthday());
        return map;
    }

    private static Map<String, Object> interactionInput(DecisionContext context) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("channel", context.getChannel().code());
        map.put("intent", context.getIntent().code());
        map.put("propensities", new LinkedHashMap<>(context.getPropensities()));
        return map;
    }

    private static List<Map<String, Object>> contactInput(List<ContactEvent> history) {
        List<Map<String, Object>> list = new ArrayList<>(history.size());
        for (ContactEvent event : history) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("offerId", event.getOfferId());
            map.put("date", event.getDate());
            list.add(map);
        }
        return list;
    }

    private static BigDecimal decimal(Integer value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }

    private static DecisionResult.LoyaltyTier loyaltyTier(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        return new DecisionResult.LoyaltyTier((String) map.get("tier"), (BigDecimal) map.get("spendToNextTier"));
    }

    private static List<DecisionResult.Offer> offers(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<DecisionResult.Offer> offers = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> map) {
                offers.add(new DecisionResult.Offer((String) map.get("id"), (BigDecimal) map.get("score")));
            }
        }
        return offers;
    }

    @SuppressWarnings("unchecked")
    private static DecisionResult.ServiceLevel serviceLevel(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        BigDecimal minutes = (BigDecimal) map.get("responseTimeMinutes");
        Object benefits = map.get("benefits");
        return new DecisionResult.ServiceLevel((String) map.get("level"), minutes == null ? null : minutes.intValueExact(),
                benefits instanceof List<?> list ? (List<String>) list : List.of());
    }

    private static DecisionResult.Routing routing(Object value) {
        return value instanceof Map<?, ?> map ? new DecisionResult.Routing((String) map.get("queue")) : null;
    }
}
