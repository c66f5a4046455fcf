package dev.decisioning.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.decisioning.engine.facts.DecisionRequest;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class BundledRuleSetSmokeTest {
    @Test
    void decides() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        long t = System.nanoTime();
        DecisionEngine engine = DecisionEngine.start(new FileSystemRuleSetLoader(Path.of("../rules")));
        System.out.println("start ms " + (System.nanoTime() - t) / 1e6);
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(engine.ruleSets()));
        DecisionRequest req = json.readValue("""
            {"customer": {"id": "c-1001", "birthDate": "1990-11-25", "signupDate": "2024-03-01",
               "marketingConsent": true, "pointsBalance": 620,
               "orders": [{"id": "o1", "date": "2026-10-01", "amount": 120.50, "couponUsed": false}],
               "sessionsLast30Days": 4, "cartItems": 2, "referrals": 0, "npsScore": 7},
             "context": {"channel": "app", "intent": "purchase", "now": "2026-11-22T10:00:00Z",
               "propensities": {"win-back-20": 0.4}},
             "contactHistory": [{"offerId": "win-back-20", "date": "2026-11-20"}]}
            """, DecisionRequest.class);
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(engine.decide("retail-loyalty", req)));
    }
}
