package dev.decisioning.bench;

import dev.decisioning.engine.facts.CustomerProfile;
import dev.decisioning.engine.facts.DecisionRequest;
import dev.decisioning.engine.facts.SegmentMembership;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
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
import java.util.stream.Stream;

/**
 * The floor: the same rule files run straight through the Drools and DMN APIs, with none of our layer (no
 * validation, no explanation listeners, no result mapping). What our engine costs is measured against this.
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

    /** The DRL step alone: metrics and segments. */
    List<String> segments(DecisionRequest request, CustomerProfile profile) {
        KieSession session = kieBase.newKieSession();
        try {
            session.insert(request.getCustomer());
            request.getCustomer().getOrders().forEach(session::insert);
            session.insert(profile);
            session.insert(request.getContext());
            session.fireAllRules();
            List<String> segments = new ArrayList<>();
            session.getObjects(o -> o instanceof SegmentMembership).forEach(o -> segments.add(((SegmentMembership) o).getSegment()));
            segments.sort(null);
            return segments;
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
    DMNResult decide(DecisionRequest request) {
        CustomerProfile profile = new CustomerProfile(request.getContext().getToday());
        List<String> segments = segments(request, profile);
        return decisions(inputs(request, profile, segments));
    }

    static Map<String, Object> inputs(DecisionRequest request, CustomerProfile profile, List<String> segments) {
        var customer = request.getCustomer();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", customer.getId());
        c.put("birthDate", customer.getBirthDate());
        c.put("signupDate", customer.getSignupDate());
        c.put("marketingConsent", customer.isMarketingConsent());
        c.put("pointsBalance", customer.getPointsBalance());
        c.put("sessionsLast30Days", BigDecimal.valueOf(customer.getSessionsLast30Days()));
        c.put("cartItems", BigDecimal.valueOf(customer.getCartItems()));
        c.put("referrals", BigDecimal.valueOf(customer.getReferrals()));
        c.put("npsScore", customer.getNpsScore() == null ? null : BigDecimal.valueOf(customer.getNpsScore()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spend12m", profile.getSpend12m());
        m.put("orders90d", BigDecimal.valueOf(profile.getOrders90d()));
        m.put("orderCount", BigDecimal.valueOf(profile.getOrderCount()));
        m.put("daysSinceLastOrder", profile.getDaysSinceLastOrder() == null ? null : BigDecimal.valueOf(profile.getDaysSinceLastOrder()));
        m.put("tenureMonths", BigDecimal.valueOf(profile.getTenureMonths()));
        m.put("couponShare", profile.getCouponShare());
        m.put("daysToNextBirthday", profile.getDaysToNextBirthday() == null ? null : BigDecimal.valueOf(profile.getDaysToNextBirthday()));
        Map<String, Object> interaction = new LinkedHashMap<>();
        interaction.put("channel", request.getContext().getChannel().code());
        interaction.put("intent", request.getContext().getIntent().code());
        interaction.put("propensities", request.getContext().getPropensities());
        List<Map<String, Object>> contacts = new ArrayList<>();
        request.getContactHistory().forEach(e -> contacts.add(Map.of("offerId", e.getOfferId(), "date", e.getDate())));
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("customer", c);
        inputs.put("metrics", m);
        inputs.put("segments", segments);
        inputs.put("interaction", interaction);
        inputs.put("contactHistory", contacts);
        inputs.put("today", request.getContext().getToday());
        return inputs;
    }
}
