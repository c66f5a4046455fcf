package dev.decisioning.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Business users changing the same rule set at the same time, over HTTP with two clients of their own (Anna and Bob,
 * each with their own connections): a change built on a version that is no longer current is refused and changes
 * nothing, a change can be built on a colleague's staged version, a mistyped name creates nothing, dropped files are
 * refused unless asked for, archived rule sets stop serving across a restart, every activation is logged with who
 * made it, and a version downloads as a zip that publishes back to the same version. Each test works on a rule set of
 * its own, named after the test, created with the bundled retail-loyalty files as version 1.
 */
@WithServer(ruleSets = "retail-loyalty", adminToken = ConcurrentPublishingApiTest.TOKEN,
        testerToken = ConcurrentPublishingApiTest.TESTER, allowDrlPublish = true)
class ConcurrentPublishingApiTest {
    static final String TOKEN = "publishing-admin-token";
    static final String TESTER = "publishing-tester-token";
    static final String DMN = "customer-decision.dmn";
    static final String SEGMENTS = "customer-segments.drl.csv";

    @WithServer.Inject
    static ServerUnderTest server;
    @WithServer.Inject
    static WebClient client;
    /** Two users, each with a client of their own. */
    User anna;
    User bob;
    String ruleSet;

    @BeforeEach
    void twoUsers(TestInfo test) {
        ruleSet = test.getTestMethod().orElseThrow().getName().replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
        anna = new User("anna", server.newClient(new PoolOptions().setHttp1MaxSize(2)));
        bob = new User("bob", server.newClient(new PoolOptions().setHttp1MaxSize(2)));
    }

    /** A user of the publishing API: their name goes with every change they make. */
    record User(String name, WebClient http) {
        HttpRequest<Buffer> admin(HttpRequest<Buffer> request) {
            return request.putHeader("Authorization", "Bearer " + TOKEN).putHeader("X-Author", name);
        }

        HttpResponse<Buffer> publishZip(String ruleSet, Map<String, byte[]> files, String query, String ifMatch) {
            HttpRequest<Buffer> request = admin(http.put("/api/v1/rulesets/" + ruleSet + query))
                    .putHeader("content-type", "application/zip");
            if (ifMatch != null) {
                request.putHeader("If-Match", ifMatch);
            }
            return request.sendBuffer(Buffer.buffer(RuleFiles.zip(files))).await();
        }

        HttpResponse<Buffer> publishFile(String ruleSet, String file, byte[] content, String query, String ifMatch) {
            HttpRequest<Buffer> request = admin(http.put("/api/v1/rulesets/" + ruleSet + "?file=" + file + query))
                    .putHeader("content-type", "application/octet-stream");
            if (ifMatch != null) {
                request.putHeader("If-Match", ifMatch);
            }
            return request.sendBuffer(Buffer.buffer(content)).await();
        }

        HttpResponse<Buffer> activate(String ruleSet, int version, String ifMatch) {
            HttpRequest<Buffer> request = admin(http.post("/api/v1/rulesets/" + ruleSet + "/activate?version=" + version));
            if (ifMatch != null) {
                request.putHeader("If-Match", ifMatch);
            }
            return request.send().await();
        }

        HttpResponse<Buffer> get(String path) {
            return http.get(path).send().await();
        }
    }

    /** Creates this test's rule set from the bundled files: version 1, active. Returns its ETag. */
    String created() {
        HttpResponse<Buffer> created = anna.admin(client.put("/api/v1/rulesets/" + ruleSet))
                .putHeader("If-None-Match", "*").putHeader("content-type", "application/zip")
                .sendBuffer(Buffer.buffer(RuleFiles.zip(RuleFiles.retailLoyalty()))).await();
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        return created.getHeader("ETag");
    }

    static byte[] silverAt(int threshold) {
        return RuleFiles.decisionModelWithSilverAt(threshold).getBytes(StandardCharsets.UTF_8);
    }

    /** The bundled segments with high value from {@code spend} instead of 2000. */
    static byte[] highValueFrom(int spend) {
        String csv = new String(RuleFiles.retailLoyalty().get(SEGMENTS), StandardCharsets.UTF_8);
        assertThat(csv).contains(",,,2000,");
        return csv.replace(",,,2000,", ",,," + spend + ",").getBytes(StandardCharsets.UTF_8);
    }

    static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }

    static List<String> problems(HttpResponse<Buffer> response) {
        return error(response).getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("problem")).toList();
    }

    int versionCount() {
        return client.get("/api/v1/rulesets/" + ruleSet + "/versions").send().await().bodyAsJsonObject()
                .getJsonArray("versions").size();
    }

    HttpResponse<Buffer> decide() {
        return client.post("/api/v1/decisions/" + ruleSet).sendBuffer(Buffer.buffer(RuleFiles.customerWhoSpent450()))
                .await();
    }

    static String tag(String ruleSet, JsonObject version) {
        return "\"" + ruleSet + "-" + version.getInteger("number") + "-" + version.getString("hash") + "\"";
    }

    HttpResponse<Buffer> download(String path, String token) {
        HttpRequest<Buffer> request = client.get("/api/v1/rulesets/" + ruleSet + path);
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        return request.send().await();
    }

    static Map<String, byte[]> unzip(Buffer zip) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.getBytes()))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    @Test
    @DisplayName("both stage on version 1: the second, still on version 1, is refused naming the first's version; "
            + "built on version 2 it keeps both changes")
    void twoPublishersStageOnTheSameVersion() throws IOException {
        String first = created();
        HttpResponse<Buffer> annaReads = anna.get("/api/v1/rulesets/" + ruleSet + "/versions");
        HttpResponse<Buffer> bobReads = bob.get("/api/v1/rulesets/" + ruleSet + "/versions");
        assertThat(annaReads.getHeader("ETag")).isEqualTo(first).isEqualTo(bobReads.getHeader("ETag"))
                .matches("\"" + ruleSet + "-1-[0-9a-f]{12}\"");

        HttpResponse<Buffer> annas = anna.publishFile(ruleSet, DMN, silverAt(400), "&activate=false", first);
        assertThat(annas.statusCode()).as(annas.bodyAsString()).isEqualTo(201);
        JsonObject second = annas.bodyAsJsonObject().getJsonObject("version");
        assertThat(second.getInteger("number")).isEqualTo(2);
        assertThat(annas.getHeader("ETag")).isEqualTo(tag(ruleSet, second)).isEqualTo(second.getString("etag"));

        HttpResponse<Buffer> bobs = bob.publishFile(ruleSet, SEGMENTS, highValueFrom(1500), "&activate=false", first);
        assertThat(bobs.statusCode()).as(bobs.bodyAsString()).isEqualTo(409);
        assertThat(error(bobs).getString("code")).isEqualTo("version_conflict");
        assertThat(error(bobs).getString("message")).contains("version 2", "anna");
        assertThat(bobs.getHeader("ETag")).isEqualTo(tag(ruleSet, second));
        assertThat(problems(bobs)).anySatisfy(p -> assertThat(p).contains("version 2", "published by anna", "changed " + DMN));
        assertThat(versionCount()).as("nothing stored").isEqualTo(2);

        // Bob builds on Anna's staged version 2 by naming it: the new version has both changes.
        HttpResponse<Buffer> onAnnas = bob.publishFile(ruleSet, SEGMENTS, highValueFrom(1500), "&activate=false&base=2",
                bobs.getHeader("ETag"));
        assertThat(onAnnas.statusCode()).as(onAnnas.bodyAsString()).isEqualTo(201);
        JsonObject third = onAnnas.bodyAsJsonObject().getJsonObject("version");
        assertThat(third.getInteger("number")).isEqualTo(3);
        assertThat(third.getString("author")).isEqualTo("bob");
        Map<String, byte[]> files = unzip(download("/versions/3/files.zip", TOKEN).body());
        assertThat(new String(files.get(DMN), StandardCharsets.UTF_8)).contains("<text>&gt;= 400</text>");
        assertThat(files.get(SEGMENTS)).isEqualTo(highValueFrom(1500));

        // Named by If-Match alone, the base is that version too; without either it is the active version 1.
        HttpResponse<Buffer> byIfMatch = anna.publishFile(ruleSet, "notes.txt", "tier review".getBytes(StandardCharsets.UTF_8),
                "&activate=false", tag(ruleSet, third));
        assertThat(byIfMatch.statusCode()).as(byIfMatch.bodyAsString()).isEqualTo(201);
        assertThat(unzip(download("/versions/4/files.zip", TOKEN).body()).get(SEGMENTS)).isEqualTo(highValueFrom(1500));
    }

    @Test
    @DisplayName("an activation expecting another active version is refused, naming who activated what since")
    void activationConflict() {
        created();
        assertThat(anna.publishFile(ruleSet, DMN, silverAt(400), "&activate=false", null).statusCode()).isEqualTo(201);
        assertThat(bob.publishFile(ruleSet, DMN, silverAt(460), "&activate=false", null).statusCode()).isEqualTo(201);
        String active = anna.get("/api/v1/rulesets/" + ruleSet).getHeader("ETag");
        assertThat(active).isEqualTo(bob.get("/api/v1/rulesets/" + ruleSet).getHeader("ETag"))
                .startsWith("\"" + ruleSet + "-1-");

        HttpResponse<Buffer> annas = anna.activate(ruleSet, 2, active);
        assertThat(annas.statusCode()).as(annas.bodyAsString()).isEqualTo(200);
        assertThat(annas.bodyAsJsonObject().getString("activatedBy")).isEqualTo("anna");
        assertThat(annas.getHeader("ETag")).startsWith("\"" + ruleSet + "-2-")
                .isEqualTo(annas.bodyAsJsonObject().getString("etag"));

        // Bob read version 1 as the active one and activates his version 3 over it: refused, nothing changes.
        HttpResponse<Buffer> bobs = bob.activate(ruleSet, 3, active);
        assertThat(bobs.statusCode()).as(bobs.bodyAsString()).isEqualTo(409);
        assertThat(error(bobs).getString("code")).isEqualTo("version_conflict");
        assertThat(error(bobs).getString("message")).contains("version 1, which this activation expects to replace, is not the active one: version 2 is");
        assertThat(bobs.getHeader("ETag")).isEqualTo(annas.getHeader("ETag"));
        assertThat(problems(bobs)).anySatisfy(p -> assertThat(p).contains("version 2 was activated by anna"));
        assertThat(decide().bodyAsJsonObject().getJsonObject("ruleset").getInteger("version")).isEqualTo(2);

        HttpResponse<Buffer> otherRuleSet = bob.activate(ruleSet, 3, "\"another-rule-set-2-0123456789ab\"");
        assertThat(otherRuleSet.statusCode()).isEqualTo(400);
        assertThat(error(otherRuleSet).getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("If-Match");

        // Having seen version 2, he activates his over it.
        assertThat(bob.activate(ruleSet, 3, annas.getHeader("ETag")).statusCode()).isEqualTo(200);
        assertThat(decide().bodyAsJsonObject().getJsonObject("ruleset").getInteger("version")).isEqualTo(3);
    }

    @Test
    @DisplayName("a publish to a mistyped name is 404 with the likely name, and creates nothing")
    void typoCreatesNothing() {
        created();
        String typo = ruleSet.replace("creates", "craetes");

        HttpResponse<Buffer> response = anna.publishFile(typo, DMN, silverAt(400), "", null);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(404);
        assertThat(error(response).getString("code")).isEqualTo("unknown_ruleset");
        assertThat(error(response).getString("message")).contains("did you mean '" + ruleSet + "'", "If-None-Match: *",
                "create=true");
        HttpResponse<Buffer> zip = anna.publishZip(typo, RuleFiles.retailLoyalty(), "", null);
        assertThat(zip.statusCode()).isEqualTo(404);

        assertThat(client.get("/api/v1/rulesets/" + typo).send().await().statusCode()).isEqualTo(404);
        assertThat(client.get("/api/v1/rulesets").send().await().bodyAsJsonObject().getJsonArray("rulesets").stream()
                .map(r -> ((JsonObject) r).getString("name"))).doesNotContain(typo);
        assertThat(server.dataDirectory().resolve("rulesets").resolve(typo)).doesNotExist();
    }

    @Test
    @DisplayName("If-None-Match: * only creates; ?create=true creates or adds a version")
    void createExplicitly() {
        String first = created();
        assertThat(first).startsWith("\"" + ruleSet + "-1-");

        HttpResponse<Buffer> again = bob.admin(client.put("/api/v1/rulesets/" + ruleSet)).putHeader("If-None-Match", "*")
                .putHeader("content-type", "application/zip")
                .sendBuffer(Buffer.buffer(RuleFiles.zip(RuleFiles.retailLoyalty()))).await();
        assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(409);
        assertThat(error(again).getString("code")).isEqualTo("version_conflict");
        assertThat(error(again).getString("message")).contains("exists already");

        Map<String, byte[]> changed = new TreeMap<>(RuleFiles.retailLoyalty());
        changed.put(DMN, silverAt(400));
        HttpResponse<Buffer> update = bob.publishZip(ruleSet, changed, "?create=true", null);
        assertThat(update.statusCode()).as(update.bodyAsString()).isEqualTo(201);
        assertThat(update.bodyAsJsonObject().getJsonObject("version").getInteger("number")).isEqualTo(2);

        String other = ruleSet + "-2";
        HttpResponse<Buffer> createdByFlag = bob.publishZip(other, RuleFiles.retailLoyalty(), "?create=true", null);
        assertThat(createdByFlag.statusCode()).as(createdByFlag.bodyAsString()).isEqualTo(201);
        assertThat(client.get("/api/v1/rulesets/" + other).send().await().bodyAsJsonObject().getString("state"))
                .isEqualTo("COMPILED");
    }

    @Test
    @DisplayName("a zip that lacks files of the version it builds on is refused naming them, unless ?dropFiles=true")
    void droppedFilesAreRefusedUnlessAskedFor() {
        created();
        HttpResponse<Buffer> notes = anna.publishFile(ruleSet, "tier-notes.txt",
                "why silver starts at 500".getBytes(StandardCharsets.UTF_8), "", null);
        assertThat(notes.statusCode()).as(notes.bodyAsString()).isEqualTo(201);

        // Bob zips the folder he had before Anna added her notes: the zip lacks them.
        Map<String, byte[]> bobsFolder = new TreeMap<>(RuleFiles.retailLoyalty());
        bobsFolder.put(DMN, silverAt(400));
        HttpResponse<Buffer> refused = bob.publishZip(ruleSet, bobsFolder, "", null);
        assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
        assertThat(error(refused).getString("code")).isEqualTo("files_dropped");
        assertThat(error(refused).getString("message")).contains("version 2", "tier-notes.txt", "dropFiles=true");
        assertThat(error(refused).getJsonArray("details").getJsonObject(0).getString("file")).isEqualTo("tier-notes.txt");
        assertThat(versionCount()).isEqualTo(2);

        HttpResponse<Buffer> dropped = bob.publishZip(ruleSet, bobsFolder, "?dropFiles=true", null);
        assertThat(dropped.statusCode()).as(dropped.bodyAsString()).isEqualTo(201);
        assertThat(dropped.bodyAsJsonObject().getJsonObject("version").getJsonArray("files")).doesNotContain("tier-notes.txt");
        assertThat(dropped.bodyAsJsonObject().getJsonArray("messages").stream().map(JsonObject.class::cast))
                .anySatisfy(m -> {
                    assertThat(m.getString("severity")).isEqualTo("WARNING");
                    assertThat(m.getString("type")).isEqualTo("files");
                    assertThat(m.getString("source")).isEqualTo("tier-notes.txt");
                    assertThat(m.getString("text")).contains("version 2", "dropped");
                });
    }

    @Test
    @DisplayName("archive stops serving (410), keeps versions listed and downloadable, survives a restart; unarchive "
            + "serves again")
    void archiveAndUnarchive() throws IOException {
        created();
        assertThat(decide().statusCode()).isEqualTo(200);
        assertThat(client.post("/api/v1/rulesets/" + ruleSet + "/archive").send().await().statusCode()).isEqualTo(401);

        HttpResponse<Buffer> archived = anna.admin(client.post("/api/v1/rulesets/" + ruleSet + "/archive")).send().await();
        assertThat(archived.statusCode()).as(archived.bodyAsString()).isEqualTo(200);
        assertThat(archived.bodyAsJsonObject().getString("state")).isEqualTo("ARCHIVED");
        assertArchived();

        HttpResponse<Buffer> publish = bob.publishFile(ruleSet, DMN, silverAt(400), "", null);
        assertThat(publish.statusCode()).as(publish.bodyAsString()).isEqualTo(409);
        assertThat(error(publish).getString("code")).isEqualTo("ruleset_archived");
        assertThat(bob.activate(ruleSet, 1, null).statusCode()).isEqualTo(409);

        server.restart();
        assertArchived();

        HttpResponse<Buffer> unarchived = bob.admin(client.post("/api/v1/rulesets/" + ruleSet + "/unarchive")).send()
                .await();
        assertThat(unarchived.statusCode()).as(unarchived.bodyAsString()).isEqualTo(200);
        assertThat(unarchived.bodyAsJsonObject().getString("state")).isEqualTo("COMPILED");
        HttpResponse<Buffer> decided = decide();
        assertThat(decided.statusCode()).as(decided.bodyAsString()).isEqualTo(200);
        assertThat(decided.bodyAsJsonObject().getJsonObject("ruleset").getInteger("version")).isEqualTo(1);

        JsonArray log = client.get("/api/v1/rulesets/" + ruleSet + "/activations").send().await().bodyAsJsonObject()
                .getJsonArray("activations");
        assertThat(log.stream().map(e -> ((JsonObject) e).getString("action") + " by " + ((JsonObject) e).getString("by")))
                .containsExactly("published by anna", "archived by anna", "unarchived by bob");
    }

    private void assertArchived() throws IOException {
        HttpResponse<Buffer> decision = decide();
        assertThat(decision.statusCode()).as(decision.bodyAsString()).isEqualTo(410);
        assertThat(error(decision).getString("code")).isEqualTo("ruleset_archived");
        assertThat(client.post("/api/v1/rulesets/" + ruleSet + "/evaluate").putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer("{\"model\": \"customer-decision\", \"inputs\": {}}")).await().statusCode())
                .isEqualTo(410);
        JsonObject listed = client.get("/api/v1/rulesets").send().await().bodyAsJsonObject().getJsonArray("rulesets")
                .stream().map(JsonObject.class::cast).filter(r -> r.getString("name").equals(ruleSet)).findFirst()
                .orElseThrow();
        assertThat(listed.getString("state")).isEqualTo("ARCHIVED");
        assertThat(listed.getInteger("version")).isEqualTo(1);
        assertThat(listed.getJsonArray("messages").getJsonObject(0).getString("text")).contains("archived by anna");
        assertThat(versionCount()).isEqualTo(1);
        assertThat(unzip(download("/versions/1/files.zip", TESTER).body())).containsOnlyKeys(RuleFiles.retailLoyalty().keySet());
        JsonObject activations = client.get("/api/v1/rulesets/" + ruleSet + "/activations").send().await().bodyAsJsonObject();
        assertThat(activations.getBoolean("archived")).isTrue();
    }

    @Test
    @DisplayName("every activation and rollback is logged with who and when, and listed oldest first")
    void activationLog() throws Exception {
        created();
        assertThat(anna.publishFile(ruleSet, DMN, silverAt(400), "", null).statusCode()).isEqualTo(201);
        assertThat(bob.publishFile(ruleSet, DMN, silverAt(460), "&activate=false", null).statusCode()).isEqualTo(201);
        assertThat(bob.activate(ruleSet, 3, null).statusCode()).isEqualTo(200);
        assertThat(anna.activate(ruleSet, 1, null).statusCode()).isEqualTo(200);
        assertThat(anna.activate(ruleSet, 1, null).statusCode()).as("already active: nothing to log").isEqualTo(200);

        JsonObject log = client.get("/api/v1/rulesets/" + ruleSet + "/activations").send().await().bodyAsJsonObject();
        assertThat(log.getString("ruleset")).isEqualTo(ruleSet);
        assertThat(log.getInteger("activeVersion")).isEqualTo(1);
        assertThat(log.getBoolean("archived")).isFalse();
        List<JsonObject> entries = log.getJsonArray("activations").stream().map(JsonObject.class::cast).toList();
        assertThat(entries).extracting(e -> e.getString("action"), e -> e.getInteger("version"),
                        e -> e.getInteger("previousVersion"), e -> e.getString("by"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("published", 1, null, "anna"),
                        org.assertj.core.groups.Tuple.tuple("published", 2, 1, "anna"),
                        org.assertj.core.groups.Tuple.tuple("activated", 3, 2, "bob"),
                        org.assertj.core.groups.Tuple.tuple("rolled_back", 1, 3, "anna"));
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getString("at")).isNotBlank();
            assertThat(e.getString("hash")).matches("[0-9a-f]{12}");
        });
        // Stored with the rule set, one JSON line each.
        assertThat(Files.readAllLines(server.dataDirectory().resolve("rulesets").resolve(ruleSet)
                .resolve("activations.jsonl"))).hasSize(4);
        assertThat(client.get("/api/v1/rulesets/no-such-rule-set/activations").send().await().statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("a version downloads as a zip that, published again, gives the same hash")
    void zipRoundTrip() throws IOException {
        created();
        assertThat(anna.publishFile(ruleSet, DMN, silverAt(400), "&activate=false", null).statusCode()).isEqualTo(201);
        JsonObject second = client.get("/api/v1/rulesets/" + ruleSet + "/versions").send().await().bodyAsJsonObject()
                .getJsonArray("versions").getJsonObject(1);

        HttpResponse<Buffer> zip = download("/versions/2/files.zip", TESTER);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.getHeader("content-type")).isEqualTo("application/zip");
        assertThat(zip.getHeader("content-disposition")).isEqualTo("attachment; filename=\"" + ruleSet + "-v2.zip\"");
        assertThat(zip.getHeader("ETag")).isEqualTo(second.getString("etag"));
        assertThat(download("/versions/2/files.zip", TESTER).body()).as("the same bytes every time").isEqualTo(zip.body());
        assertThat(unzip(zip.body()).get(DMN)).isEqualTo(silverAt(400));

        HttpResponse<Buffer> same = bob.admin(client.put("/api/v1/rulesets/" + ruleSet + "?activate=false"))
                .putHeader("content-type", "application/zip").sendBuffer(zip.body()).await();
        assertThat(same.statusCode()).as(same.bodyAsString()).isEqualTo(200);
        assertThat(same.bodyAsJsonObject().getBoolean("created")).isFalse();
        assertThat(same.bodyAsJsonObject().getJsonObject("version").getString("hash")).isEqualTo(second.getString("hash"));
        HttpResponse<Buffer> copy = bob.admin(client.put("/api/v1/rulesets/" + ruleSet + "-copy"))
                .putHeader("If-None-Match", "*").putHeader("content-type", "application/zip").sendBuffer(zip.body())
                .await();
        assertThat(copy.statusCode()).as(copy.bodyAsString()).isEqualTo(201);
        assertThat(copy.bodyAsJsonObject().getJsonObject("version").getString("hash")).isEqualTo(second.getString("hash"));

        // The active version, by its own address; tokens as for test runs.
        HttpResponse<Buffer> active = download("/files.zip", TOKEN);
        assertThat(active.statusCode()).isEqualTo(200);
        assertThat(active.getHeader("content-disposition")).isEqualTo("attachment; filename=\"" + ruleSet + "-v1.zip\"");
        assertThat(unzip(active.body())).containsOnlyKeys(RuleFiles.retailLoyalty().keySet());
        assertThat(download("/versions/active/files.zip", TESTER).body()).isEqualTo(active.body());
        assertThat(download("/files.zip", null).statusCode()).isEqualTo(401);
        assertThat(download("/versions/9/files.zip", TESTER).statusCode()).isEqualTo(404);
    }
}
