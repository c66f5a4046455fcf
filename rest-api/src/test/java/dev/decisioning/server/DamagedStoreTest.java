package dev.decisioning.server;

import dev.decisioning.engine.store.DirectoryRuleSetStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory damaged in every way the store recovers from, served by a real server process: each damaged
 * version is set aside under {@code damaged/} (never deleted) with a WARN line naming it, a damaged active pointer
 * falls back to the newest good version with a WARN line saying so, a rule set with nothing readable is reported and
 * does not serve, and every other rule set serves.
 */
class DamagedStoreTest {
    static Path data;
    static Path rulesets;
    static int port;
    static ServerProcess server;
    static String log;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startOnADamagedStore() throws Exception {
        data = TestServer.dataDirectory();
        rulesets = data.resolve("rulesets");
        DirectoryRuleSetStore store = new DirectoryRuleSetStore(data);
        for (String name : List.of("old-damaged", "pointer-not-a-number", "pointer-missing", "pointer-names-missing",
                "active-damaged", "nothing-good", "staged-only")) {
            int versions = name.equals("old-damaged") ? 3 : name.equals("nothing-good") || name.equals("staged-only") ? 1 : 2;
            for (int v = 1; v <= versions; v++) {
                store.save(name, discount(name + " " + v), "test");
            }
            if (!name.equals("staged-only")) {
                store.activate(name, versions);
            }
        }
        Files.writeString(version("old-damaged", 1).resolve("version.json"), "{\"number\": 1, \"ruleSet\": ");
        Files.delete(version("old-damaged", 2).resolve("files").resolve("discount.dmn"));
        Files.writeString(rulesets.resolve("pointer-not-a-number").resolve("active"), "two\n");
        Files.delete(rulesets.resolve("pointer-missing").resolve("active"));
        Files.writeString(rulesets.resolve("pointer-names-missing").resolve("active"), "7");
        Files.delete(version("active-damaged", 2).resolve("version.json"));
        Files.writeString(version("nothing-good", 1).resolve("version.json"), "not json");
        // what a crash in the middle of a publish leaves
        Files.createDirectories(rulesets.resolve("old-damaged").resolve("versions").resolve(".tmp-crashed").resolve("files"));
        Files.writeString(rulesets.resolve("old-damaged").resolve("versions").resolve(".tmp-crashed").resolve("files")
                .resolve("discount.dmn"), "half");

        Path rules = Files.createDirectories(Files.createTempDirectory("damaged-store-rules-"));
        port = TestServer.port();
        server = ServerProcess.start(Map.of(), "--rules", rules.toString(), "--data", data.toString(),
                "--port", String.valueOf(port));
        server.awaitServing(port, Duration.ofSeconds(90));
        log = server.output();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("an old version with a corrupt version.json, or a missing file, is set aside with a WARN; the active one serves")
    void damagedOldVersionsAreSetAside() throws Exception {
        Path ruleSet = rulesets.resolve("old-damaged");
        assertThat(ruleSet.resolve("damaged").resolve("1").resolve("version.json")).exists();
        assertThat(ruleSet.resolve("damaged").resolve("2").resolve("version.json")).exists();
        assertThat(version("old-damaged", 1)).doesNotExist();
        assertThat(version("old-damaged", 2)).doesNotExist();
        assertThat(warnings()).anySatisfy(line -> assertThat(line)
                .contains("version 1 of rule set 'old-damaged' is damaged (version.json cannot be read")
                .contains("moved to " + ruleSet.resolve("damaged").resolve("1")));
        assertThat(warnings()).anySatisfy(line -> assertThat(line)
                .contains("version 2 of rule set 'old-damaged' is damaged (file discount.dmn is missing)")
                .contains("moved to " + ruleSet.resolve("damaged").resolve("2")));

        JsonObject summary = get("/api/v1/rulesets/old-damaged");
        assertThat(summary.getInteger("version")).isEqualTo(3);
        assertThat(summary.getString("state")).isEqualTo("COMPILED");
        assertThat(messageTexts(summary)).anySatisfy(text -> assertThat(text).contains("version 1").contains("damaged"));
        assertThat(get("/api/v1/rulesets/old-damaged/versions").getJsonArray("versions")).hasSize(1);
        assertThat(evaluate("old-damaged")).isEqualTo(200);
    }

    @Test
    @DisplayName("an active pointer that is not a number falls back to the newest good version, with a WARN")
    void pointerNotANumber() throws Exception {
        assertFallback("pointer-not-a-number", "holds 'two', not a version number", "2");
        assertThat(rulesets.resolve("pointer-not-a-number").resolve("damaged").resolve("active"))
                .as("the old pointer, kept").hasContent("two");
    }

    @Test
    @DisplayName("a missing active pointer falls back to the newest good version, with a WARN")
    void pointerMissing() throws Exception {
        assertFallback("pointer-missing", "is missing", "2");
    }

    @Test
    @DisplayName("an active pointer naming a version that is not stored falls back, with a WARN")
    void pointerNamesAMissingVersion() throws Exception {
        assertFallback("pointer-names-missing", "names version 7, which is not stored", "2");
    }

    @Test
    @DisplayName("a damaged active version is set aside and the newest good one serves, with a WARN")
    void damagedActiveVersion() throws Exception {
        assertFallback("active-damaged", "its active version 2 is damaged and was set aside", "1");
        assertThat(rulesets.resolve("active-damaged").resolve("damaged").resolve("2")).isDirectory();
    }

    @Test
    @DisplayName("a rule set with no good version is reported and does not serve; the others do")
    void nothingGood() throws Exception {
        assertThat(warnings()).anySatisfy(line -> assertThat(line)
                .contains("rule set 'nothing-good' has no readable version").contains("does not serve"));
        JsonObject summary = get("/api/v1/rulesets/nothing-good");
        assertThat(summary.getString("state")).isEqualToIgnoringCase("failed");
        // No version of it serves, so there is no version number to name: null, the key still there.
        assertThat(summary.containsKey("version")).isTrue();
        assertThat(summary.getValue("version")).isNull();
        assertThat(messageTexts(summary)).anySatisfy(text -> assertThat(text).contains("no readable version"));
        assertThat(evaluate("nothing-good")).isEqualTo(409);
        assertThat(rulesets.resolve("nothing-good").resolve("damaged").resolve("1")).isDirectory();
        assertThat(evaluate("pointer-missing")).isEqualTo(200);
    }

    @Test
    @DisplayName("a rule set stored but never activated stays unserved, without a warning")
    void stagedOnlyIsNotTakenForDamage() throws Exception {
        assertThat(log).doesNotContain("staged-only");
        assertThat(status("/api/v1/rulesets/staged-only")).isEqualTo(404);
    }

    @Test
    @DisplayName("what a crash in the middle of a publish left is removed at start")
    void leftoversRemoved() throws IOException {
        try (Stream<Path> all = Files.walk(data)) {
            assertThat(all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()).isEmpty();
        }
    }

    private static void assertFallback(String ruleSet, String problem, String servingVersion) throws Exception {
        assertThat(warnings()).anySatisfy(line -> assertThat(line).contains("rule set '" + ruleSet + "'")
                .contains(problem).contains("version " + servingVersion + ", the newest good version, is active instead"));
        JsonObject summary = get("/api/v1/rulesets/" + ruleSet);
        assertThat(summary.getInteger("version")).isEqualTo(Integer.valueOf(servingVersion));
        assertThat(summary.getString("state")).isEqualTo("COMPILED");
        assertThat(messageTexts(summary)).anySatisfy(text -> assertThat(text).contains(problem));
        assertThat(Files.readString(rulesets.resolve(ruleSet).resolve("active")).trim()).isEqualTo(servingVersion);
        assertThat(evaluate(ruleSet)).isEqualTo(200);
    }

    private static List<String> warnings() {
        return log.lines().filter(line -> line.contains(" WARN ")).toList();
    }

    private static List<String> messageTexts(JsonObject summary) {
        JsonArray messages = summary.getJsonArray("messages");
        return messages.stream().map(m -> ((JsonObject) m).getString("text")).toList();
    }

    private static Path version(String ruleSet, int number) {
        return rulesets.resolve(ruleSet).resolve("versions").resolve(String.valueOf(number));
    }

    private static SortedMap<String, byte[]> discount(String note) throws IOException {
        String dmn = Files.readString(TestServer.TEST_RULES.resolve("discount-only").resolve("discount.dmn"))
                + "<!-- " + note + " -->\n";
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put("discount.dmn", dmn.getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static JsonObject get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private static int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int evaluate(String ruleSet) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/rulesets/" + ruleSet
                        + "/evaluate")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": {\"amount\": 150}}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
