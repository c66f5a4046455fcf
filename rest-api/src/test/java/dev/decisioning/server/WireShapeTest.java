package dev.decisioning.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON of every success answer, key for key and in order, on a really started server: what a client parses. A
 * rule set version is a JSON number wherever an answer names one.
 */
@WithServer(ruleSets = {"retail-loyalty", "member-perks", "broken-drl"}, adminToken = WireShapeTest.TOKEN)
class WireShapeTest {
    static final String TOKEN = "wire-admin-token";
    static final List<String> RULE_SET_KEYS = List.of("name", "version", "hash", "state", "files", "models", "messages",
            "loadedAt");
    static final List<String> MESSAGE_KEYS = List.of("severity", "type", "source", "line", "text");
    static final List<String> REF_KEYS = List.of("name", "version", "hash");

    @WithServer.Inject
    static WebClient client;

    @BeforeAll
    static void stageVersionTwo() {
        // Version 2 of retail-loyalty, staged: silver from 400, so that a preview has changes to show.
        HttpResponse<Buffer> staged = publish(RuleFiles.decisionModelWithSilverAt(400));
        assertThat(staged.statusCode()).as(staged.bodyAsString()).isEqualTo(201);
    }

    static HttpRequest<Buffer> admin(HttpRequest<Buffer> request) {
        return request.putHeader("Authorization", "Bearer " + TOKEN);
    }

    static HttpResponse<Buffer> publish(String decisionModel) {
        return admin(client.put("/api/v1/rulesets/retail-loyalty?activate=false&file=customer-decision.dmn"))
                .putHeader("content-type", "application/octet-stream").putHeader("X-Author", "maria")
                .sendBuffer(Buffer.buffer(decisionModel.getBytes(StandardCharsets.UTF_8))).await();
    }

    static JsonObject ok(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.getHeader("content-type")).isEqualTo("application/json");
        return response.bodyAsJsonObject();
    }

    static List<String> keys(JsonObject json) {
        return List.copyOf(json.fieldNames());
    }

    static JsonObject named(JsonArray array, String name) {
        return array.stream().map(JsonObject.class::cast).filter(o -> name.equals(o.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + name + "' in " + array.encode()));
    }

    static void assertRuleSetRef(JsonObject ref, String name, int version) {
        assertThat(keys(ref)).containsExactlyElementsOf(REF_KEYS);
        assertThat(ref.getString("name")).isEqualTo(name);
        assertThat(ref.getValue("version")).isEqualTo(version);
        assertThat(ref.getString("hash")).matches("[0-9a-f]{12}");
    }

    @Test
    @DisplayName("RuleSetListV1 and RuleSetSummaryV1: every rule set with its version number, models and messages")
    void ruleSetList() {
        JsonObject list = ok(client.get("/api/v1/rulesets").send().await());
        assertThat(keys(list)).containsExactly("rulesets");
        JsonArray ruleSets = list.getJsonArray("rulesets");
        assertThat(ruleSets.stream().map(r -> ((JsonObject) r).getString("name")))
                .containsExactly("broken-drl", "member-perks", "retail-loyalty");
        for (Object ruleSet : ruleSets) {
            assertThat(keys((JsonObject) ruleSet)).containsExactlyElementsOf(RULE_SET_KEYS);
            assertThat(((JsonObject) ruleSet).getValue("version")).isEqualTo(1);
        }
        JsonObject retail = named(ruleSets, "retail-loyalty");
        assertThat(retail.getString("state")).isEqualTo("COMPILED");
        assertThat(keys(retail.getJsonArray("models").getJsonObject(0))).containsExactly("name", "file", "namespace",
                "inputs", "decisions", "decisionServices");
        JsonObject broken = named(ruleSets, "broken-drl");
        assertThat(broken.getString("state")).isEqualTo("FAILED");
        assertThat(broken.getJsonArray("messages")).isNotEmpty()
                .allSatisfy(m -> assertThat(keys((JsonObject) m)).containsExactlyElementsOf(MESSAGE_KEYS));

        JsonObject one = ok(client.get("/api/v1/rulesets/retail-loyalty").send().await());
        assertThat(keys(one)).containsExactlyElementsOf(RULE_SET_KEYS);
        assertThat(one.getValue("version")).isEqualTo(1);
    }

    @Test
    @DisplayName("VersionListV1: the active version's number and every stored version")
    void versionList() {
        JsonObject versions = ok(client.get("/api/v1/rulesets/retail-loyalty/versions").send().await());
        assertThat(keys(versions)).containsExactly("ruleset", "activeVersion", "versions", "newestVersion");
        assertThat(versions.getString("ruleset")).isEqualTo("retail-loyalty");
        assertThat(versions.getValue("activeVersion")).isEqualTo(1);
        JsonArray stored = versions.getJsonArray("versions");
        assertThat(stored.size()).isGreaterThanOrEqualTo(2);
        for (int i = 0; i < stored.size(); i++) {
            JsonObject version = stored.getJsonObject(i);
            assertThat(keys(version)).containsExactly("number", "hash", "createdAt", "author", "files", "active", "etag");
            assertThat(version.getValue("number")).isEqualTo(i + 1);
            assertThat(version.getString("etag")).isEqualTo("\"retail-loyalty-" + (i + 1) + "-" + version.getString("hash")
                    + "\"");
            assertThat(version.getBoolean("active")).isEqualTo(i == 0);
        }
    }

    @Test
    @DisplayName("PublishOutcomeV1: 201 with the version stored, and 200 with the same version for the same files")
    void publishOutcome() {
        String model = RuleFiles.decisionModelWithSilverAt(300);
        HttpResponse<Buffer> created = publish(model);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        JsonObject outcome = created.bodyAsJsonObject();
        assertThat(keys(outcome)).containsExactly("ruleset", "version", "created", "active", "messages");
        JsonObject version = outcome.getJsonObject("version");
        assertThat(keys(version)).containsExactly("ruleSet", "number", "hash", "createdAt", "author", "files", "etag");
        assertThat(version.getValue("number")).isInstanceOf(Integer.class);
        assertThat(version.getString("author")).isEqualTo("maria");
        assertThat(outcome.getBoolean("created")).isTrue();
        assertThat(outcome.getBoolean("active")).isFalse();
        assertThat(outcome.getJsonArray("messages"))
                .allSatisfy(m -> assertThat(keys((JsonObject) m)).containsExactlyElementsOf(MESSAGE_KEYS));

        JsonObject again = ok(publish(model));
        assertThat(again.getBoolean("created")).isFalse();
        assertThat(again.getJsonObject("version").getValue("number")).isEqualTo(version.getValue("number"));
    }

    @Test
    @DisplayName("ActivationV1: the activated version's number, its hash and when")
    void activation() {
        JsonObject activated = ok(admin(client.post("/api/v1/rulesets/retail-loyalty/activate?version=1")).send().await());
        assertThat(keys(activated)).containsExactly("ruleset", "activeVersion", "hash", "activatedAt", "etag",
                "activatedBy");
        assertThat(activated.getValue("activeVersion")).isEqualTo(1);
        assertThat(activated.getString("activatedAt")).endsWith("Z");
        assertThat(activated.getString("activatedBy")).isEqualTo("admin");
    }

    @Test
    @DisplayName("ActivationLogV1: the active version, whether archived, and each entry with who and when")
    void activationLog() {
        JsonObject log = ok(client.get("/api/v1/rulesets/retail-loyalty/activations").send().await());
        assertThat(keys(log)).containsExactly("ruleset", "activeVersion", "archived", "activations");
        assertThat(log.getValue("activeVersion")).isEqualTo(1);
        JsonObject seeded = log.getJsonArray("activations").getJsonObject(0);
        assertThat(keys(seeded)).containsExactly("action", "version", "hash", "previousVersion", "by", "at");
        assertThat(seeded.getString("action")).isEqualTo("seeded");
        assertThat(seeded.getValue("version")).isEqualTo(1);
        assertThat(seeded.getString("by")).isEqualTo("seed");
    }

    @Test
    @DisplayName("ImpactReportV1: both versions as numbers, the transitions and changed customers")
    void impactReport() {
        JsonObject report = ok(admin(client.post("/api/v1/rulesets/retail-loyalty/versions/2/diff"))
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer("{\"customers\": [" + RuleFiles.customerWhoSpent450() + "]}")).await());
        assertThat(keys(report)).containsExactly("ruleSet", "activeVersion", "candidateVersion", "customers", "changed",
                "changes", "examples");
        assertThat(report.getValue("activeVersion")).isEqualTo(1);
        assertThat(report.getValue("candidateVersion")).isEqualTo(2);
        assertThat(report.getInteger("changed")).isEqualTo(1);
        assertThat(report.getJsonObject("changes").getJsonObject("loyaltyTier").getMap())
                .containsEntry("bronze -> silver", 1);
        JsonObject example = report.getJsonArray("examples").getJsonObject(0);
        assertThat(keys(example)).containsExactly("customerId", "before", "after");
        assertThat(example.getString("customerId")).isEqualTo("c-450");
    }

    @Test
    @DisplayName("ModelEvaluationV1: the rule set version, each decision's outcome, messages and explanation")
    void modelEvaluation() {
        JsonObject evaluation = ok(client.post("/api/v1/rulesets/retail-loyalty/evaluate")
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer("{\"inputs\": {\"metrics\": {\"spend12m\": 600, \"tenureMonths\": 1}}}")).await());
        assertThat(keys(evaluation)).containsExactly("ruleset", "model", "decisions", "messages", "explanation");
        assertRuleSetRef(evaluation.getJsonObject("ruleset"), "retail-loyalty", 1);
        JsonObject tier = named(evaluation.getJsonArray("decisions"), "tierAssignment");
        assertThat(keys(tier)).containsExactly("name", "status", "result", "messages");
        assertThat(tier.getString("status")).isEqualTo("succeeded");
        JsonObject skipped = named(evaluation.getJsonArray("decisions"), "journeyStage");
        assertThat(skipped.getValue("result")).isNull();
        assertThat(keys(skipped.getJsonArray("messages").getJsonObject(0))).containsExactlyElementsOf(MESSAGE_KEYS);
        assertThat(keys(evaluation.getJsonArray("explanation").getJsonObject(0)))
                .containsExactly("step", "file", "rule", "row", "ruleId", "note");
    }

    @Test
    @DisplayName("DecisionV1: the envelope, the subject's id under the rule set's name for it, then its outputs in order")
    void decision() {
        JsonObject retail = ok(client.post("/api/v1/decisions/retail-loyalty").putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(RuleFiles.customerWhoSpent450())).await());
        assertThat(keys(retail)).containsExactly("decisionId", "ruleset", "customerId", "decidedAt", "metrics",
                "segments", "journeyStage", "loyaltyTier", "offers", "serviceLevel", "routing", "explanation", "messages");
        assertRuleSetRef(retail.getJsonObject("ruleset"), "retail-loyalty", 1);
        assertThat(retail.getString("customerId")).isEqualTo("c-450");
        assertThat(retail.getString("decidedAt")).isEqualTo("2026-11-22T10:00:00Z");
        // Keys without a value are left out of an explanation entry: a DRL rule has no row.
        JsonArray explanation = retail.getJsonArray("explanation");
        assertThat(keys(explanation.getJsonObject(0))).containsExactly("step", "file", "rule");
        assertThat(explanation.stream().map(e -> keys((JsonObject) e)))
                .contains(List.of("step", "file", "rule", "row", "ruleId", "note"));
        assertThat(retail.getJsonArray("messages")).isEmpty();

        JsonObject member = ok(client.post("/api/v1/decisions/member-perks").putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(DataModelApiTest.REQUEST)).await());
        assertThat(keys(member)).containsExactly("decisionId", "ruleset", "memberId", "decidedAt", "tier", "perks",
                "explanation", "messages");
        assertRuleSetRef(member.getJsonObject("ruleset"), "member-perks", 1);
    }

    @Test
    @DisplayName("ScenarioReportV1: the run, each case (its actual answer as the decision endpoint writes it) and coverage")
    void scenarioReport() {
        String suite = """
                cases:
                  - name: 450 spent is bronze
                    given: {customer: {id: c-450, signupDate: "2020-01-01", orders: [{date: "2026-11-01", amount: 450}]},
                            context: {now: "2026-11-22T10:00:00Z"}}
                    expect: {loyaltyTier: {tier: gold}}
                  - name: a model case
                    model: customer-decision
                    given: {metrics: {spend12m: 600, tenureMonths: 1}}
                    expect: {tierAssignment: {tier: silver}}
                """;
        JsonObject body = new JsonObject().put("suites", new JsonArray().add(new JsonObject().put("file", "w.yaml")
                .put("content", suite)));
        JsonObject report = ok(admin(client.post("/api/v1/rulesets/retail-loyalty/test"))
                .putHeader("content-type", "application/json").sendBuffer(body.toBuffer()).await());
        assertThat(keys(report)).containsExactly("ruleSet", "version", "passed", "counts", "startedAt", "durationMillis",
                "cases", "problems", "coverage");
        assertThat(report.getValue("version")).isEqualTo(1);
        assertThat(keys(report.getJsonObject("counts"))).containsExactly("cases", "passed", "failed", "problems");
        List<String> caseKeys = List.of("file", "name", "line", "kind", "model", "passed", "given", "expected", "actual",
                "mismatches", "error", "notes", "explanation");
        JsonObject decisionCase = report.getJsonArray("cases").getJsonObject(0);
        assertThat(keys(decisionCase)).containsExactlyElementsOf(caseKeys);
        assertThat(decisionCase.getBoolean("passed")).isFalse();
        assertThat(keys(decisionCase.getJsonArray("mismatches").getJsonObject(0)))
                .containsExactly("path", "expected", "actual");
        JsonObject actual = decisionCase.getJsonObject("actual");
        assertThat(keys(actual)).containsExactly("decisionId", "ruleset", "customerId", "decidedAt", "metrics",
                "segments", "journeyStage", "loyaltyTier", "offers", "serviceLevel", "routing", "messages");
        assertRuleSetRef(actual.getJsonObject("ruleset"), "retail-loyalty", 1);
        JsonObject modelCase = report.getJsonArray("cases").getJsonObject(1);
        assertThat(keys(modelCase)).containsExactlyElementsOf(caseKeys);
        assertThat(modelCase.getString("kind")).isEqualTo("model");
        assertThat(modelCase.getJsonObject("actual").getJsonObject("tierAssignment").getString("tier")).isEqualTo("silver");

        JsonObject coverage = report.getJsonObject("coverage");
        assertThat(keys(coverage)).containsExactly("total", "covered", "percentage", "files");
        JsonObject file = coverage.getJsonArray("files").getJsonObject(0);
        assertThat(keys(file)).containsExactly("file", "kind", "total", "covered", "percentage", "items");
        assertThat(keys(file.getJsonArray("items").getJsonObject(0))).containsExactly("rule", "row", "ruleId", "note",
                "hits");
    }

    @Test
    @DisplayName("HealthV1: status, checks and outcome; the rule sets check carries the degraded rule sets")
    void health() {
        for (String path : List.of("/health", "/health/ready")) {
            JsonObject health = ok(client.get(path).send().await());
            assertThat(keys(health)).containsExactly("status", "checks", "outcome");
            assertThat(health.getString("status")).isEqualTo("UP");
            assertThat(health.getString("outcome")).isEqualTo("UP");
            assertThat(health.getJsonArray("checks")).containsExactly(new JsonObject()
                    .put("id", "rulesets").put("status", "UP").put("data", new JsonObject().put("degraded", new JsonArray())));
        }
        JsonObject live = ok(client.get("/health/live").send().await());
        assertThat(live).isEqualTo(new JsonObject().put("status", "UP")
                .put("checks", new JsonArray().add(new JsonObject().put("id", "http").put("status", "UP")))
                .put("outcome", "UP"));
    }
}
