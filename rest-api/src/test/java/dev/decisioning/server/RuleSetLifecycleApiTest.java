package dev.decisioning.server;

import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A business user's rule set lifecycle over HTTP, in order: publish, stage, preview, activate, roll back, have bad
 * files refused while the active version keeps answering, and restart with every version kept.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RuleSetLifecycleApiTest {
    static final String TOKEN = "test-admin-token";
    static Path rules;
    static Path data;
    static Vertx vertx;
    static WebClient client;

    @BeforeAll
    static void startServer() throws Exception {
        rules = Files.createTempDirectory("lifecycle-rules-");
        TestServer.copyRuleSets(RuleFiles.RETAIL, rules.resolve("retail-loyalty"));
        data = TestServer.dataDirectory();
        start();
    }

    static void start() {
        vertx = Vertx.vertx();
        // A preview without customers takes them from the rule set's stored scenario files, under the module's suites.
        int port = TestServer.start(vertx, new ServerSettings(rules, TestServer.port(), 2, data, TOKEN, true, false)
                .withSuitesDirectory(Path.of("..", "rule-tests"))).await();
        client = TestServer.client(vertx, port);
    }

    @AfterAll
    static void stopServer() {
        vertx.close().await();
    }

    static HttpRequest<Buffer> admin(HttpRequest<Buffer> request) {
        return request.putHeader("Authorization", "Bearer " + TOKEN).putHeader("X-Author", "maria");
    }

    /** Sent as curl --data-binary sends it, with a form content type: the bytes must arrive untouched. */
    static HttpResponse<Buffer> publishZip(Map<String, byte[]> files, String query) {
        return admin(client.put("/api/v1/rulesets/retail-loyalty" + query))
                .putHeader("content-type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer(RuleFiles.zip(files))).await();
    }

    static HttpResponse<Buffer> publishFile(String fileName, String content) {
        return admin(client.put("/api/v1/rulesets/retail-loyalty?file=" + fileName))
                .sendBuffer(Buffer.buffer(content.getBytes(StandardCharsets.UTF_8))).await();
    }

    static JsonObject decide450() {
        HttpResponse<Buffer> response = client.post("/api/v1/decisions/retail-loyalty")
                .sendBuffer(Buffer.buffer(RuleFiles.customerWhoSpent450())).await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    static String tierOf(JsonObject answer) {
        return answer.getJsonObject("loyaltyTier").getString("tier");
    }

    static String versionOf(JsonObject answer) {
        return answer.getJsonObject("ruleset").getString("version");
    }

    static Map<String, byte[]> withSilverAt(int threshold) {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.retailLoyalty());
        files.put("customer-decision.dmn", RuleFiles.decisionModelWithSilverAt(threshold).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    @Test
    @Order(1)
    @DisplayName("the rules directory seeds version 1 on first start")
    void seededAsVersionOne() {
        JsonObject answer = decide450();
        assertThat(versionOf(answer)).isEqualTo("1");
        assertThat(tierOf(answer)).isEqualTo("bronze");
        JsonObject versions = client.get("/api/v1/rulesets/retail-loyalty/versions").send().await().bodyAsJsonObject();
        assertThat(versions.getString("activeVersion")).isEqualTo("1");
        assertThat(versions.getJsonArray("versions").getJsonObject(0).getString("author")).isEqualTo("seed");
    }

    @Test
    @Order(2)
    @DisplayName("publishing needs the admin token")
    void publishingNeedsTheToken() {
        HttpResponse<Buffer> none = client.put("/api/v1/rulesets/retail-loyalty?file=x.dmn").sendBuffer(Buffer.buffer("x")).await();
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(none.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unauthorized");
        HttpResponse<Buffer> wrong = client.post("/api/v1/rulesets/retail-loyalty/activate?version=1")
                .putHeader("Authorization", "Bearer not-the-token").send().await();
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(versionOf(decide450())).isEqualTo("1");
    }

    @Test
    @Order(3)
    @DisplayName("a zip publish stores, activates and answers with the new version at once")
    void publishZip() {
        HttpResponse<Buffer> response = publishZip(withSilverAt(400), "");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getJsonObject("version").getInteger("number")).isEqualTo(2);
        assertThat(body.getJsonObject("version").getString("hash")).matches("[0-9a-f]{12}");
        assertThat(body.getJsonObject("version").getString("author")).isEqualTo("maria");
        assertThat(body.getBoolean("active")).isTrue();
        assertThat(body.getJsonArray("messages")).isNotNull();

        JsonObject answer = decide450();
        assertThat(versionOf(answer)).isEqualTo("2");
        assertThat(tierOf(answer)).isEqualTo("silver");
    }

    @Test
    @Order(4)
    @DisplayName("publishing the same files again creates no new version")
    void samePublishIsIdempotent() {
        HttpResponse<Buffer> response = publishZip(withSilverAt(400), "");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getBoolean("created")).isFalse();
        assertThat(response.bodyAsJsonObject().getJsonObject("version").getInteger("number")).isEqualTo(2);
    }

    @Test
    @Order(5)
    @DisplayName("a staged version does not answer until activated; its impact is previewed first")
    void stageThenPreviewThenActivate() {
        HttpResponse<Buffer> staged = admin(client.put("/api/v1/rulesets/retail-loyalty?file=customer-decision.dmn&activate=false"))
                .sendBuffer(Buffer.buffer(RuleFiles.decisionModelWithSilverAt(460))).await();
        assertThat(staged.statusCode()).as(staged.bodyAsString()).isEqualTo(201);
        assertThat(staged.bodyAsJsonObject().getBoolean("active")).isFalse();
        int number = staged.bodyAsJsonObject().getJsonObject("version").getInteger("number");
        assertThat(number).isEqualTo(3);
        // One file replaces that file of the active version; the others are kept.
        assertThat(staged.bodyAsJsonObject().getJsonObject("version").getJsonArray("files"))
                .containsExactly("customer-decision.dmn", "customer-metrics.drl", "customer-segments.drl.csv",
                        "data-model.schema.json", "ruleset.json");
        assertThat(versionOf(decide450())).isEqualTo("2");

        JsonObject preview = admin(client.post("/api/v1/rulesets/retail-loyalty/versions/3/diff"))
                .sendBuffer(Buffer.buffer("{\"customers\": [" + RuleFiles.customerWhoSpent450() + ","
                        + RuleFiles.customerWhoSpent450().replace("450.00", "1000.00").replace("c-450", "c-1000") + "]}"))
                .await().bodyAsJsonObject();
        assertThat(preview.getString("activeVersion")).isEqualTo("2");
        assertThat(preview.getString("candidateVersion")).isEqualTo("3");
        assertThat(preview.getInteger("customers")).isEqualTo(2);
        assertThat(preview.getInteger("changed")).isEqualTo(1);
        assertThat(preview.getJsonObject("changes").getJsonObject("loyaltyTier").getMap())
                .containsExactly(Map.entry("silver -> bronze", 1));
        JsonObject example = preview.getJsonArray("examples").getJsonObject(0);
        assertThat(example.getString("customerId")).isEqualTo("c-450");
        assertThat(example.getJsonObject("before").getString("loyaltyTier")).isEqualTo("silver");
        assertThat(example.getJsonObject("after").getString("loyaltyTier")).isEqualTo("bronze");

        // Without customers, the rule set's own scenario files are the customers.
        JsonObject fromScenarios = admin(client.post("/api/v1/rulesets/retail-loyalty/versions/3/diff")).send().await()
                .bodyAsJsonObject();
        assertThat(fromScenarios.getInteger("customers")).as(fromScenarios.encode()).isGreaterThan(50);
        assertThat(fromScenarios.getJsonObject("changes").getJsonObject("loyaltyTier").getMap()).isNotEmpty();

        HttpResponse<Buffer> activated = admin(client.post("/api/v1/rulesets/retail-loyalty/activate?version=3")).send().await();
        assertThat(activated.statusCode()).isEqualTo(200);
        assertThat(tierOf(decide450())).isEqualTo("bronze");
    }

    @Test
    @Order(6)
    @DisplayName("rollback is one call, and every answer names the version that gave it")
    void rollback() {
        HttpResponse<Buffer> response = admin(client.post("/api/v1/rulesets/retail-loyalty/activate?version=1")).send().await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getString("activeVersion")).isEqualTo("1");
        JsonObject answer = decide450();
        assertThat(versionOf(answer)).isEqualTo("1");
        assertThat(tierOf(answer)).isEqualTo("bronze");

        admin(client.post("/api/v1/rulesets/retail-loyalty/activate?version=2")).send().await();
        assertThat(tierOf(decide450())).isEqualTo("silver");
    }

    @Test
    @Order(7)
    @DisplayName("a DRL file that does not compile is refused with its line, and the active version keeps answering")
    void brokenDrlIsRefused() {
        Map<String, byte[]> files = new TreeMap<>(withSilverAt(400));
        files.put("customer-metrics.drl", (new String(files.get("customer-metrics.drl"), StandardCharsets.UTF_8)
                .replace("modify( $p ) { setOrderCount( $c.getOrders().size() ) };", "modify( $p ) { setOrderCount( $c.getOrders().size() ) "))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<Buffer> response = publishZip(files, "");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("ruleset_invalid");
        assertThat(error.getString("message")).contains("version 2 keeps serving");
        assertThat(error.getJsonArray("details").stream().map(JsonObject.class::cast)).anySatisfy(d -> {
            assertThat(d.getString("file")).isEqualTo("customer-metrics.drl");
            assertThat(d.getInteger("line")).isNotNull();
        });
        assertThat(versionOf(decide450())).isEqualTo("2");
        assertThat(versions()).hasSize(3);
    }

    @Test
    @Order(8)
    @DisplayName("a DMN model with errors is refused with the element, and nothing changes")
    void brokenDmnIsRefused() {
        HttpResponse<Buffer> response = publishFile("customer-decision.dmn",
                RuleFiles.decisionModelWithSilverAt(400).replace("<text>&gt;= 2000</text>", "<text>&gt;= </text>"));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
                .map(JsonObject.class::cast)).anySatisfy(d -> assertThat(d.getString("file")).startsWith("customer-decision.dmn"));
        assertThat(versionOf(decide450())).isEqualTo("2");
    }

    @Test
    @Order(9)
    @DisplayName("DRL that reaches outside the rules is refused with the line it is on")
    void unsafeDrlIsRefused() {
        String drl = """
                package retail.loyalty;
                import java.util.List;
                import java.io.File;

                rule "looks harmless"
                when
                    $c : Customer()
                then
                    System.exit(1);
                end
                """;
        HttpResponse<Buffer> response = publishFile("extra.drl", drl);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
        List<JsonObject> details = response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
                .map(JsonObject.class::cast).toList();
        assertThat(details).anySatisfy(d -> {
            assertThat(d.getString("file")).isEqualTo("extra.drl");
            assertThat(d.getInteger("line")).isEqualTo(9);
            assertThat(d.getString("problem")).contains("rule \"looks harmless\" calls java.lang.System.exit()");
        });
        assertThat(versionOf(decide450())).isEqualTo("2");
    }

    @Test
    @Order(9)
    @DisplayName("a spreadsheet action that reaches the host is refused with its row, and nothing runs")
    void unsafeSpreadsheetActionIsRefused() throws Exception {
        Path marker = Path.of("/tmp", "decisioning-http-sheet-bypass");
        Files.deleteIfExists(marker);
        // One more action column, filled only on the 'prospect' row (row 15): what a user can type into a sheet.
        List<String> rows = new java.util.ArrayList<>(List.of(new String(RuleFiles.retailLoyalty()
                .get("customer-segments.drl.csv"), StandardCharsets.UTF_8).split("\n")));
        assertThat(rows.get(14)).endsWith(",prospect");
        rows.set(4, rows.get(4) + ",ACTION");
        rows.set(5, rows.get(5) + ",");
        rows.set(6, rows.get(6) + ",\"Object r = \"\"\"\".getClass().getClassLoader().loadClass(\"\"java.lang.R\"\" + \"\"untime\"\")"
                + ".getMethod(\"\"exec\"\", String.class).invoke(Runtime.getRuntime(), \"\"touch $param\"\");\"");
        rows.set(7, rows.get(7) + ",Audit");
        for (int i = 8; i < rows.size(); i++) {
            rows.set(i, rows.get(i) + (i == 14 ? "," + marker : ","));
        }
        HttpResponse<Buffer> response = publishFile("customer-segments.drl.csv", String.join("\n", rows) + "\n");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("ruleset_invalid");
        assertThat(error.getJsonArray("details").stream().map(JsonObject.class::cast)).anySatisfy(d -> {
            assertThat(d.getString("file")).isEqualTo("customer-segments.drl.csv");
            assertThat(d.getInteger("line")).isEqualTo(15);
            assertThat(d.getString("problem")).contains("rule \"segments_15\" calls java.lang.ClassLoader.loadClass()");
        });
        assertThat(versionOf(decide450())).isEqualTo("2");
        assertThat(versions()).hasSize(3);
        assertThat(marker).doesNotExist();
    }

    @Test
    @Order(10)
    @DisplayName("overlapping decision-table rows are published with analysis warnings")
    void analysisWarnings() {
        String overlapping = RuleFiles.decisionModelWithSilverAt(400)
                .replace("hitPolicy=\"UNIQUE\"", "hitPolicy=\"UNIQUE\"")
                .replace("<text>\"gold\"</text>\n        </inputEntry>", "<text>\"gold\",\"platinum\"</text>\n        </inputEntry>");
        HttpResponse<Buffer> response = publishZip(Map.of("customer-decision.dmn", overlapping.getBytes(StandardCharsets.UTF_8),
                "customer-metrics.drl", RuleFiles.retailLoyalty().get("customer-metrics.drl"),
                "customer-segments.drl.csv", RuleFiles.retailLoyalty().get("customer-segments.drl.csv")), "?activate=false");
        assertThat(response.statusCode()).as(response.bodyAsString()).isIn(200, 201);
        JsonArray messages = response.bodyAsJsonObject().getJsonArray("messages");
        assertThat(messages.stream().map(JsonObject.class::cast))
                .anySatisfy(m -> {
                    assertThat(m.getString("type")).isEqualTo("analysis");
                    assertThat(m.getString("severity")).isIn("WARNING", "ERROR");
                });
        assertThat(versionOf(decide450())).isEqualTo("2");
    }

    @Test
    @Order(11)
    @DisplayName("an unknown version is a 404 and a bad version number a 400")
    void unknownVersion() {
        HttpResponse<Buffer> unknown = admin(client.post("/api/v1/rulesets/retail-loyalty/activate?version=99")).send().await();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unknown_version");
        HttpResponse<Buffer> bad = admin(client.post("/api/v1/rulesets/retail-loyalty/activate?version=two")).send().await();
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("field"))
                .isEqualTo("version");
    }

    @Test
    @Order(12)
    @DisplayName("after a restart the same version answers and every version is still listed")
    void restartKeepsVersions() {
        List<JsonObject> before = versions();
        vertx.close().await();
        start();
        assertThat(versions()).isEqualTo(before);
        JsonObject answer = decide450();
        assertThat(versionOf(answer)).isEqualTo("2");
        assertThat(tierOf(answer)).isEqualTo("silver");
    }

    static List<JsonObject> versions() {
        return client.get("/api/v1/rulesets/retail-loyalty/versions").send().await().bodyAsJsonObject()
                .getJsonArray("versions").stream().map(JsonObject.class::cast).toList();
    }
}
