package dev.decisioning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.type.FactType;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.runtime.KieRuntimeFactory;
import org.kie.api.runtime.KieSession;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.api.core.DMNRuntime;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.Stream;

/**
 * The floor: the same rule files run straight through the Drools and DMN APIs, with none of our layer (no
 * validation, no explanation listeners, no result mapping). What our engine costs is measured against this. The
 * request's parts become facts of the types the rule set declares in its DRL, through Drools' {@link FactType} API
 * (as the engine does), and the DMN model gets the request and what the rules derived, as a hand-written
 * integration would pass them.
 */
final class RawDrools {
    final KieBase kieBase;
    final DMNRuntime dmnRuntime;
    final DMNModel model;

    RawDrools(Path ruleSetFolder) throws IOException {
        KieServices services = KieServices.get();
        KieFileSystem kfs = services.newKieFileSystem();
        try (Stream<Path> files = Files.list(ruleSetFolder)) {
            for (Path file : files.toList()) {
                kfs.write("src/main/resources/raw/" + file.getFileName(), Files.readAllBytes(file));
            }
        }
        KieBuilder builder = services.newKieBuilder(kfs).buildAll();
        if (builder.getResults().hasMessages(org.kie.api.builder.Message.Level.ERROR)) {
            throw new IllegalStateException(builder.getResults().toString());
        }
        kieBase = services.newKieContainer(builder.getKieModule().getReleaseId()).getKieBase();
        dmnRuntime = KieRuntimeFactory.of(kieBase).get(DMNRuntime.class);
        model = dmnRuntime.getModels().get(0);
    }

    private static final String PACKAGE = "retail.loyalty";
    /** What the schema fills in for a customer field left out; a hand-written integration would know its own. */
    private static final Map<String, Object> CUSTOMER_DEFAULTS = Map.of("marketingConsent", false,
            "pointsBalance", BigDecimal.ZERO, "sessionsLast30Days", BigDecimal.ZERO, "cartItems", BigDecimal.ZERO,
            "referrals", BigDecimal.ZERO, "orders", List.of());

    /** The DRL step alone: metrics and segments, as {@code {"metrics": {...}, "segments": [...]}}. */
    Map<String, Object> derive(JsonNode request, LocalDate today) {
        FactType customerType = kieBase.getFactType(PACKAGE, "Customer");
        FactType orderType = kieBase.getFactType(PACKAGE, "Order");
        FactType profileType = kieBase.getFactType(PACKAGE, "CustomerProfile");
        FactType segmentType = kieBase.getFactType(PACKAGE, "SegmentMembership");
        KieSession session = kieBase.newKieSession();
        try {
            JsonNode customer = request.path("customer");
            Object customerFact = customerType.newInstance();
            customerType.set(customerFact, "id", customer.path("id").asText(null));
            customerType.set(customerFact, "birthDate", date(customer.get("birthDate")));
            customerType.set(customerFact, "signupDate", date(customer.get("signupDate")));
            List<Object> orders = new ArrayList<>();
            for (JsonNode order : customer.path("orders")) {
                Object orderFact = orderType.newInstance();
                orderType.set(orderFact, "id", order.path("id").asText(null));
                orderType.set(orderFact, "date", date(order.get("date")));
                orderType.set(orderFact, "amount", order.path("amount").decimalValue());
                orderType.set(orderFact, "couponUsed", order.path("couponUsed").asBoolean(false));
                orders.add(orderFact);
            }
            // The rules count a customer's orders from the customer, and reason over each order as a fact.
            customerType.set(customerFact, "orders", orders);
            session.insert(customerFact);
            orders.forEach(session::insert);
            Object profile = profileType.newInstance();
            profileType.set(profile, "today", today);
            session.insert(profile);
            session.fireAllRules();
            Map<String, Object> metrics = new LinkedHashMap<>();
            profileType.getAsMap(profile).forEach((name, value) -> {
                if (!name.equals("today")) {
                    metrics.put(name, value instanceof Number n && !(value instanceof BigDecimal)
                            ? new BigDecimal(n.toString()) : value);
                }
            });
            List<String> segments = new ArrayList<>();
            session.getObjects(o -> o.getClass().getName().equals(PACKAGE + ".SegmentMembership"))
                    .forEach(o -> segments.add((String) segmentType.get(o, "segment")));
            segments.sort(null);
            Map<String, Object> derived = new LinkedHashMap<>();
            derived.put("metrics", metrics);
            derived.put("segments", segments);
            return derived;
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("the rule set's declared types cannot be instantiated", e);
        } finally {
            session.dispose();
        }
    }

    /** The DMN step alone, on inputs already derived. */
    DMNResult decisions(Map<String, Object> inputs) {
        DMNContext context = dmnRuntime.newContext();
        inputs.forEach(context::set);
        return dmnRuntime.evaluateAll(model, context);
    }

    /** Both steps, as a hand-written integration would chain them. */
    DMNResult decide(JsonNode request) {
        LocalDate today = today(request);
        return decisions(inputs(request, derive(request, today), today));
    }

    /** The UTC day of the request's moment ({@code context.now}), or today. */
    static LocalDate today(JsonNode request) {
        JsonNode now = request.path("context").get("now");
        return now == null || now.isNull() ? LocalDate.now(ZoneOffset.UTC)
                : LocalDate.ofInstant(Instant.parse(now.asText()), ZoneOffset.UTC);
    }

    /** The DMN model's inputs: the request's parts as FEEL values, and what the rules derived. */
    static Map<String, Object> inputs(JsonNode request, Map<String, Object> derived, LocalDate today) {
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = new LinkedHashMap<>((Map<String, Object>) plain(request.path("customer")));
        CUSTOMER_DEFAULTS.forEach(customer::putIfAbsent);
        Map<String, Object> interaction = new LinkedHashMap<>();
        JsonNode context = request.path("context");
        interaction.put("channel", context.path("channel").asText("web"));
        interaction.put("intent", context.path("intent").asText("browse"));
        interaction.put("now", context.path("now").asText(null));
        Object propensities = plain(context.path("propensities"));
        interaction.put("propensities", propensities == null ? Map.of() : propensities);
        Object contacts = plain(request.path("contactHistory"));
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("customer", customer);
        inputs.put("metrics", derived.get("metrics"));
        inputs.put("segments", derived.get("segments"));
        inputs.put("interaction", interaction);
        inputs.put("contactHistory", contacts == null ? List.of() : contacts);
        inputs.put("today", today);
        return inputs;
    }

    private static LocalDate date(JsonNode value) {
        return value == null || value.isNull() ? null : LocalDate.parse(value.asText());
    }

    /** JSON as FEEL takes it: exact decimals, ISO days as dates, objects as maps, arrays as lists. */
    private static Object plain(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.asText();
            return text.matches("\\d{4}-\\d{2}-\\d{2}") ? LocalDate.parse(text) : text;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(item -> list.add(plain(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
        return map;
    }
}
