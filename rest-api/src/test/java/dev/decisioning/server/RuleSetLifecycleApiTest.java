package dev.decisioning.server;

import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A business user's rule set lifecycle over HTTP: publish, stage, preview, activate, roll back, have bad files refused
 * while the active version keeps answering, and restart with every version kept. The server starts on the bundled
 * retail-loyalty, which only tests that change nothing use; every test that publishes works on a rule set of its own,
 * named after the test, which it first publishes with the bundled files (version 1) and, where it needs a history,
 * with silver at 400 (version 2, active).
 */
@WithServer(ruleSets = "retail-loyalty", adminToken = RuleSetLifecycleApiTest.TOKEN, allowDrlPublish = true,
        setup = RuleSetLifecycleApiTest.SuitesFolder.class)
class RuleSetLifecycleApiTest {
    static final String TOKEN = "test-admin-token";
    static final String SEEDED = "retail-loyalty";

    @WithServer.Inject
    static ServerUnderTest server;
    @WithServer.Inject
    static WebClient client;
    /** This test's own rule set. */
    String ruleSet;

    @BeforeEach
    void ruleSetOfThisTest(TestInfo test) {
        ruleSet = test.getTestMethod().orElseThrow().getName().replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    /** Publishes this test's rule set with the bundled files: version 1, active. */
    void published() {
        HttpResponse<Buffer> first = publishZip(RuleFiles.retailLoyalty(), "?create=true");
        assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
        assertThat(first.bodyAsJsonObject().getJsonObject("version").getInteger("number")).isEqualTo(1);
    }

    /** Publishes this test's rule set: the bundled files as version 1, then silver at 400 as version 2, active. */
    void publishedUpToSilverAt400() {
        published();
        HttpResponse<Buffer> second = publishZip(withSilverAt(400), "");
        assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(201);
        assertThat(second.bodyAsJsonObject().getJsonObject("version").getInteger("number")).isEqualTo(2);
    }

    static HttpRequest<Buffer> admin(HttpRequest<Buffer> request) {
        return request.putHeader("Authorization", "Bearer " + TOKEN).putHeader("X-Author", "maria");
    }

    /** Sent as curl --data-binary sends it, with a form content type: the bytes must arrive untouched. */
    HttpResponse<Buffer> publishZip(Map<String, byte[]> files, String query) {
        return admin(client.put("/api/v1/rulesets/" + ruleSet + query))
                .putHeader("content-type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer(RuleFiles.zip(files))).await();
    }

    HttpResponse<Buffer> publishFile(String fileName, String content) {
        return admin(client.put("/api/v1/rulesets/" + ruleSet + "?file=" + fileName))
                .sendBuffer(Buffer.buffer(content.getBytes(StandardCharsets.UTF_8))).await();
    }

    HttpResponse<Buffer> activate(int version) {
        return admin(client.post("/api/v1/rulesets/" + ruleSet + "/activate?version=" + version)).send().await();
    }

    static JsonObject decide450(String ruleSet) {
        HttpResponse<Buffer> response = client.post("/api/v1/decisions/" + ruleSet)
                .sendBuffer(Buffer.buffer(RuleFiles.customerWhoSpent450())).await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    JsonObject decide450() {
        return decide450(ruleSet);
    }

    static String tierOf(JsonObject answer) {
        return answer.getJsonObject("loyaltyTier").getString("tier");
    }

    static Integer versionOf(JsonObject answer) {
        return answer.getJsonObject("ruleset").getInteger("version");
    }

    static Map<String, byte[]> withSilverAt(int threshold) {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.retailLoyalty());
        files.put("customer-decision.dmn", RuleFiles.decisionModelWithSilverAt(threshold).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    List<JsonObject> versions() {
        return client.get("/api/v1/rulesets/" + ruleSet + "/versions").send().await().bodyAsJsonObject()
                .getJsonArray("versions").stream().map(JsonObject.class::cast).toList();
    }

    @Test
    @DisplayName("the rules directory seeds version 1 on first start")
    void seededAsVersionOne() {
        JsonObject answer = decide450(SEEDED);
        assertThat(versionOf(answer)).isEqualTo(1);
        assertThat(tierOf(answer)).isEqualTo("bronze");
        JsonObject versions = client.get("/api/v1/rulesets/" + SEEDED + "/versions").send().await().bodyAsJsonObject();
        assertThat(versions.getInteger("activeVersion")).isEqualTo(1);
        assertThat(versions.getJsonArray("versions").getJsonObject(0).getString("author")).isEqualTo("seed");
    }

    @Test
    @DisplayName("publishing needs the admin token")
    void publishingNeedsTheToken() {
        HttpResponse<Buffer> none = client.put("/api/v1/rulesets/" + SEEDED + "?file=x.dmn").sendBuffer(Buffer.buffer("x"))
                .await();
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(none.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unauthorized");
        HttpResponse<Buffer> wrong = client.post("/api/v1/rulesets/" + SEEDED + "/activate?version=1")
                .putHeader("Authorization", "Bearer not-the-token").send().await();
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(versionOf(decide450(SEEDED))).isEqualTo(1);
    }

    @Test
    @DisplayName("a zip publish stores, activates and answers with the new version at once")
    void publishZip() {
        published();
        assertThat(tierOf(decide450())).isEqualTo("bronze");

        HttpResponse<Buffer> response = publishZip(withSilverAt(400), "");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getJsonObject("version").getInteger("number")).isEqualTo(2);
        assertThat(body.getJsonObject("version").getString("hash")).matches("[0-9a-f]{12}");
        assertThat(body.getJsonObject("version").getString("author")).isEqualTo("maria");
        assertThat(body.getBoolean("active")).isTrue();
        assertThat(body.getJsonArray("messages")).isNotNull();

        JsonObject answer = decide450();
        assertThat(versionOf(answer)).isEqualTo(2);
        assertThat(tierOf(answer)).isEqualTo("silver");
    }

    @Test
    @DisplayName("publishing the same files again creates no new version")
    void samePublishIsIdempotent() {
        publishedUpToSilverAt400();

        HttpResponse<Buffer> response = publishZip(withSilverAt(400), "");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getBoolean("created")).isFalse();
        assertThat(response.bodyAsJsonObject().getJsonObject("version").getInteger("number")).isEqualTo(2);
    }

    @Test
    @DisplayName("a staged version does not answer until activated; its impact is previewed first")
    void stageThenPreviewThenActivate() throws Exception {
        publishedUpToSilverAt400();

        HttpResponse<Buffer> staged = admin(client.put("/api/v1/rulesets/" + ruleSet
                + "?file=customer-decision.dmn&activate=false"))
                .sendBuffer(Buffer.buffer(RuleFiles.decisionModelWithSilverAt(460))).await();
        assertThat(staged.statusCode()).as(staged.bodyAsString()).isEqualTo(201);
        assertThat(staged.bodyAsJsonObject().getBoolean("active")).isFalse();
        int number = staged.bodyAsJsonObject().getJsonObject("version").getInteger("number");
        assertThat(number).isEqualTo(3);
        // One file replaces that file of the active version; the others are kept.
        assertThat(staged.bodyAsJsonObject().getJsonObject("version").getJsonArray("files"))
                .containsExactly("customer-decision.dmn", "customer-metrics.drl", "customer-segments.drl.csv",
                        "data-model.schema.json", "ruleset.json");
        assertThat(versionOf(decide450())).isEqualTo(2);

        JsonObject preview = admin(client.post("/api/v1/rulesets/" + ruleSet + "/versions/3/diff"))
                .sendBuffer(Buffer.buffer("{\"customers\": [" + RuleFiles.customerWhoSpent450() + ","
                        + RuleFiles.customerWhoSpent450().replace("450.00", "1000.00").replace("c-450", "c-1000") + "]}"))
                .await().bodyAsJsonObject();
        assertThat(preview.getInteger("activeVersion")).isEqualTo(2);
        assertThat(preview.getInteger("candidateVersion")).isEqualTo(3);
        assertThat(preview.getInteger("customers")).isEqualTo(2);
        assertThat(preview.getInteger("changed")).isEqualTo(1);
        assertThat(preview.getJsonObject("changes").getJsonObject("loyaltyTier").getMap())
                .containsExactly(Map.entry("silver -> bronze", 1));
        JsonObject example = preview.getJsonArray("examples").getJsonObject(0);
        assertThat(example.getString("customerId")).isEqualTo("c-450");
        assertThat(example.getJsonObject("before").getString("loyaltyTier")).isEqualTo("silver");
        assertThat(example.getJsonObject("after").getString("loyaltyTier")).isEqualTo("bronze");

        // Without customers, the rule set's own scenario files are the customers: retail-loyalty's, under this name.
        TestServer.copyRuleSets(Path.of("..", "rule-tests", SEEDED), suites.resolve(ruleSet));
        JsonObject fromScenarios = admin(client.post("/api/v1/rulesets/" + ruleSet + "/versions/3/diff")).send().await()
                .bodyAsJsonObject();
        assertThat(fromScenarios.getInteger("customers")).as(fromScenarios.encode()).isGreaterThan(50);
        assertThat(fromScenarios.getJsonObject("changes").getJsonObject("loyaltyTier").getMap()).isNotEmpty();

        HttpResponse<Buffer> activated = activate(3);
        assertThat(activated.statusCode()).isEqualTo(200);
        assertThat(tierOf(decide450())).isEqualTo("bronze");
    }

    @Test
    @DisplayName("rollback is one call, and every answer names the version that gave it")
    void rollback() {
        publishedUpToSilverAt400();

        HttpResponse<Buffer> response = activate(1);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getInteger("activeVersion")).isEqualTo(1);
        JsonObject answer = decide450();
        assertThat(versionOf(answer)).isEqualTo(1);
        assertThat(tierOf(answer)).isEqualTo("bronze");

        activate(2);
        assertThat(tierOf(decide450())).isEqualTo("silver");
    }

    @Test
    @DisplayName("a DRL file that does not compile is refused with its line, and the active version keeps answering")
    void brokenDrlIsRefused() {
        published();
        List<JsonObject> before = versions();

        Map<String, byte[]> files = new TreeMap<>(withSilverAt(400));
        files.put("customer-metrics.drl", (new String(files.get("customer-metrics.drl"), StandardCharsets.UTF_8)
                .replace("modify( $p ) { setOrderCount( $c.getOrders().size() ) };", "modify( $p ) { setOrderCount( $c.getOrders().size() ) "))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<Buffer> response = publishZip(files, "");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("ruleset_invalid");
        assertThat(error.getString("message")).contains("version 1 keeps serving");
        assertThat(error.getJsonArray("details").stream().map(JsonObject.class::cast)).anySatisfy(d -> {
            assertThat(d.getString("file")).isEqualTo("customer-metrics.drl");
            assertThat(d.getInteger("line")).isNotNull();
        });
        assertThat(versionOf(decide450())).isEqualTo(1);
        assertThat(versions()).as("no version stored").isEqualTo(before);
    }

    @Test
    @DisplayName("a DMN model with errors is refused with the element, and nothing changes")
    void brokenDmnIsRefused() {
        published();
        List<JsonObject> before = versions();

        HttpResponse<Buffer> response = publishFile("customer-decision.dmn",
                RuleFiles.decisionModelWithSilverAt(400).replace("<text>&gt;= 2000</text>", "<text>&gt;= </text>"));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
                .map(JsonObject.class::cast)).anySatisfy(d -> assertThat(d.getString("file")).startsWith("customer-decision.dmn"));
        assertThat(versionOf(decide450())).isEqualTo(1);
        assertThat(versions()).as("no version stored").isEqualTo(before);
    }

    @Test
    @DisplayName("DRL that reaches outside the rules is refused with the line it is on")
    void unsafeDrlIsRefused() {
        published();

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
        assertThat(versionOf(decide450())).isEqualTo(1);
    }

    @Test
    @DisplayName("a spreadsheet action that reaches the host is refused with its row, and nothing runs")
    void unsafeSpreadsheetActionIsRefused() throws Exception {
        published();
        List<JsonObject> before = versions();
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
        assertThat(versionOf(decide450())).isEqualTo(1);
        assertThat(versions()).as("no version stored").isEqualTo(before);
        assertThat(marker).doesNotExist();
    }

    @Test
    @DisplayName("overlapping decision-table rows are published with analysis warnings")
    void analysisWarnings() {
        published();

        String overlapping = RuleFiles.decisionModelWithSilverAt(400)
                .replace("hitPolicy=\"UNIQUE\"", "hitPolicy=\"UNIQUE\"")
                .replace("<text>\"gold\"</text>\n        </inputEntry>", "<text>\"gold\",\"platinum\"</text>\n        </inputEntry>");
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.retailLoyalty());
        files.put("customer-decision.dmn", overlapping.getBytes(StandardCharsets.UTF_8));
        HttpResponse<Buffer> response = publishZip(files, "?activate=false");
        assertThat(response.statusCode()).as(response.bodyAsString()).isIn(200, 201);
        JsonArray messages = response.bodyAsJsonObject().getJsonArray("messages");
        assertThat(messages.stream().map(JsonObject.class::cast))
                .anySatisfy(m -> {
                    assertThat(m.getString("type")).isEqualTo("analysis");
                    assertThat(m.getString("severity")).isIn("WARNING", "ERROR");
                });
        assertThat(versionOf(decide450())).isEqualTo(1);
    }

    @Test
    @DisplayName("an unknown version is a 404 and a bad version number a 400")
    void unknownVersion() {
        ruleSet = SEEDED;
        HttpResponse<Buffer> unknown = activate(99);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unknown_version");
        HttpResponse<Buffer> bad = admin(client.post("/api/v1/rulesets/" + ruleSet + "/activate?version=two")).send().await();
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("field"))
                .isEqualTo("version");
    }

    @Test
    @DisplayName("after a restart the same version answers and every version is still listed")
    void restartKeepsVersions() {
        publishedUpToSilverAt400();
        HttpResponse<Buffer> staged = publishFile("customer-decision.dmn", RuleFiles.decisionModelWithSilverAt(460));
        assertThat(staged.statusCode()).as(staged.bodyAsString()).isEqualTo(201);
        assertThat(activate(2).statusCode()).isEqualTo(200);
        List<JsonObject> before = versions();
        assertThat(before).hasSize(3);

        server.restart();

        assertThat(versions()).isEqualTo(before);
        JsonObject answer = decide450();
        assertThat(versionOf(answer)).isEqualTo(2);
        assertThat(tierOf(answer)).isEqualTo("silver");
    }

    /** The server's scenario suites folder: empty at start, a test copies in the suites of the rule set it previews. */
    static Path suites;

    static final class SuitesFolder implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) throws Exception {
            suites = Files.createTempDirectory("lifecycle-suites-");
            server.settings(s -> s.withSuitesDirectory(suites));
        }
    }
}
