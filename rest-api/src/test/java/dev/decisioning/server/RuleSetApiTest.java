package dev.decisioning.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Listing rule sets, their compilation messages, and health, over HTTP on a really started server. */
@WithServer
class RuleSetApiTest {
    @WithServer.Inject
    static WebClient client;

    static JsonObject ruleSet(JsonArray ruleSets, String name) {
        return ruleSets.stream().map(JsonObject.class::cast).filter(r -> name.equals(r.getString("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no rule set " + name + " in " + ruleSets.encode()));
    }

    @Test
    @DisplayName("the list shows every rule set with its state, version, files and models")
    void listsRuleSets() {
        HttpResponse<Buffer> response = client.get("/api/v1/rulesets").send().await();
        assertThat(response.statusCode()).isEqualTo(200);
        JsonArray ruleSets = response.bodyAsJsonObject().getJsonArray("rulesets");

        List<String> names = ruleSets.stream().map(r -> ((JsonObject) r).getString("name")).toList();
        assertThat(names).isSorted().contains("retail-loyalty", "broken-drl", "broken-dmn", "discount-only");

        JsonObject retail = ruleSet(ruleSets, "retail-loyalty");
        assertThat(retail.getString("state")).isEqualTo("COMPILED");
        assertThat(retail.getInteger("version")).isEqualTo(1);
        assertThat(retail.getString("hash")).matches("[0-9a-f]{12}");
        assertThat(retail.getJsonArray("files")).containsExactly(
                "customer-decision.dmn", "customer-metrics.drl", "customer-segments.drl.csv", "data-model.schema.json",
                "ruleset.json");
        JsonObject model = retail.getJsonArray("models").getJsonObject(0);
        assertThat(model.getString("name")).isEqualTo("customer-decision");
        assertThat(model.getString("file")).isEqualTo("customer-decision.dmn");
        assertThat(model.getJsonArray("decisions")).contains("journeyStage", "loyaltyTier", "offers", "serviceLevel", "routing");
    }

    @Test
    @DisplayName("a DRL file that does not compile is listed as failed with file and line, and others still serve")
    void brokenDrlIsReportedWithLine() {
        JsonObject broken = client.get("/api/v1/rulesets/broken-drl").send().await().bodyAsJsonObject();
        assertThat(broken.getString("state")).isEqualTo("FAILED");
        assertThat(broken.getJsonArray("messages").stream().map(JsonObject.class::cast))
                .anySatisfy(m -> {
                    assertThat(m.getString("severity")).isEqualTo("ERROR");
                    assertThat(m.getString("source")).isEqualTo("welcome-offers.drl");
                    assertThat(m.getInteger("line")).isBetween(9, 16);
                });
        JsonObject retail = client.get("/api/v1/rulesets/retail-loyalty").send().await().bodyAsJsonObject();
        assertThat(retail.getString("state")).isEqualTo("COMPILED");
    }

    @Test
    @DisplayName("a DMN model with a broken FEEL expression is listed as failed, naming the file and element")
    void brokenDmnIsReported() {
        JsonObject broken = client.get("/api/v1/rulesets/broken-dmn").send().await().bodyAsJsonObject();
        assertThat(broken.getString("state")).isEqualTo("FAILED");
        assertThat(broken.getJsonArray("messages").stream().map(JsonObject.class::cast))
                .anySatisfy(m -> {
                    assertThat(m.getString("source")).startsWith("discount.dmn");
                    assertThat(m.getString("text")).contains("discount");
                });
    }

    @Test
    @DisplayName("a DMN file that is not well-formed XML is reported with its file and line")
    void unreadableDmnIsReportedWithLine() {
        JsonObject broken = client.get("/api/v1/rulesets/unreadable-dmn").send().await().bodyAsJsonObject();
        assertThat(broken.getString("state")).isEqualTo("FAILED");
        JsonObject message = broken.getJsonArray("messages").getJsonObject(0);
        assertThat(message.getString("source")).isEqualTo("offers.dmn");
        assertThat(message.getInteger("line")).isEqualTo(6);
        assertThat(message.getString("text")).contains("not well-formed");
    }

    @Test
    @DisplayName("a CSV that is not a decision table fails its rule set, naming the file")
    void dataCsvIsNotADecisionTable() {
        JsonObject failed = client.get("/api/v1/rulesets/not-a-decision-table").send().await().bodyAsJsonObject();
        assertThat(failed.getString("state")).isEqualTo("FAILED");
        assertThat(failed.getJsonArray("messages").getJsonObject(0).getString("source")).isEqualTo("customers.csv");
        assertThat(failed.getJsonArray("messages").getJsonObject(0).getString("text")).contains("not a Drools decision table");
    }

    @Test
    @DisplayName("an unknown rule set is a 404")
    void unknownRuleSet() {
        HttpResponse<Buffer> response = client.get("/api/v1/rulesets/nothing").send().await();
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unknown_ruleset");
    }

    @Test
    @DisplayName("health is UP while a rule set serves")
    void healthUp() {
        HttpResponse<Buffer> response = client.get("/health").send().await();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    }

    @Test
    @DisplayName("liveness and readiness for orchestrators: both 200 on a server whose rule sets serve")
    void livenessAndReadiness() {
        HttpResponse<Buffer> live = client.get("/health/live").send().await();
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        HttpResponse<Buffer> ready = client.get("/health/ready").send().await();
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject().encode()).contains("\"id\":\"rulesets\"");
    }

    @Test
    @DisplayName("health is 503 when no rule set can answer")
    @WithServer(ruleSets = "broken-drl")
    void healthDownWithoutServingRuleSets(WebClient onlyBroken) {
        HttpResponse<Buffer> response = onlyBroken.get("/health").send().await();
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(onlyBroken.get("/health/ready").send().await().statusCode()).isEqualTo(503);
        assertThat(onlyBroken.get("/health/live").send().await().statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a DMN model dropped into a new folder is evaluable after a restart")
    @WithServer(ruleSets = {}, setup = DiscountModelInANewFolder.class)
    void newFolderAfterRestart(WebClient dropped) {
        HttpResponse<Buffer> response = dropped.post("/api/v1/rulesets/my-new-rules/evaluate")
                .sendJsonObject(new JsonObject().put("model", "discount.dmn").put("inputs", new JsonObject().put("amount", 80)))
                .await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject decision = response.bodyAsJsonObject().getJsonArray("decisions").getJsonObject(0);
        assertThat(decision.getString("name")).isEqualTo("discount");
        assertThat(decision.getString("status")).isEqualTo("succeeded");
        assertThat(decision.getValue("result").toString()).isEqualTo("0");
    }

    /** The discount-only model, dropped into a folder of a new name. */
    static final class DiscountModelInANewFolder implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) throws Exception {
            TestServer.copyRuleSets(TestServer.TEST_RULES.resolve("discount-only"),
                    server.rulesDirectory().resolve("my-new-rules"));
        }
    }
}
