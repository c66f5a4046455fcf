package dev.decisioning.server;

import dev.decisioning.engine.store.FileWrites;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing when the store cannot write: a full disk answers 507 in the error envelope, leaves no partial version
 * behind, and activation and rollback keep working; file names the disk cannot take are refused with 400 before
 * anything is written. The disk fills up at the store's lowest level, the file write, with the error the JDK reports
 * for a full disk (after part of the file is written, as a full disk does).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreWriteFailureApiTest {
    static final String TOKEN = "store-failure-token";
    static final String RULE_SET = "discount-only";
    /** Which file writes fail as if the disk were full; none by default. */
    static final AtomicReference<Predicate<Path>> FULL = new AtomicReference<>(file -> false);
    static final FileWrites DISK = (file, content) -> {
        if (FULL.get().test(file)) {
            Files.write(file, Arrays.copyOf(content, content.length / 2));
            throw new IOException("No space left on device");
        }
        Files.write(file, content);
    };
    static Path data;
    static Vertx vertx;
    static WebClient client;

    @BeforeAll
    static void start() throws IOException {
        Path rules = Files.createTempDirectory("store-failure-rules-");
        TestServer.copyRuleSets(TestServer.TEST_RULES.resolve(RULE_SET), rules.resolve(RULE_SET));
        data = TestServer.dataDirectory();
        vertx = Vertx.vertx();
        ServerSettings settings = new ServerSettings(rules, TestServer.port(), 1, data, TOKEN, false, false);
        DecisioningServer.start(vertx, settings, DISK).await();
        client = TestServer.client(vertx, settings.port());
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    @Order(1)
    void publishesWhileThereIsSpace() {
        assertThat(publish("discount.dmn", "2").statusCode()).isEqualTo(201);
        assertThat(activeVersion()).isEqualTo("2");
    }

    @Test
    @Order(2)
    @DisplayName("a full disk: 507 insufficient_storage, no .tmp-* left, nothing changed, the active version answers")
    void fullDisk() throws IOException {
        FULL.set(file -> file.toString().contains("/versions/"));
        try {
            HttpResponse<Buffer> response = publish("discount.dmn", "3");

            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(507);
            JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("insufficient_storage");
            assertThat(error.getString("message")).isEqualTo("the rule files of 'discount-only' could not be stored: "
                    + "the server's disk is full; nothing changed; version 2 keeps serving");
            assertNothingHalfWritten();
            assertThat(storedVersions()).containsExactly(1, 2);
            assertThat(activeVersion()).isEqualTo("2");
            assertThat(evaluate()).isEqualTo(200);
        } finally {
            FULL.set(file -> false);
        }
    }

    @Test
    @Order(3)
    @DisplayName("the disk fills up after the rule files, at version.json: the written files are removed too")
    void fullDiskHalfWayThrough() throws IOException {
        FULL.set(file -> file.getFileName().toString().equals("version.json"));
        try {
            HttpResponse<Buffer> response = publish("discount.dmn", "3b");

            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(507);
            assertNothingHalfWritten();
            assertThat(storedVersions()).containsExactly(1, 2);
        } finally {
            FULL.set(file -> false);
        }
    }

    @Test
    @Order(4)
    @DisplayName("after a failed publish, with the disk still full for new versions, rollback and activation work")
    void rollbackAfterAFailedPublish() throws IOException {
        FULL.set(file -> file.toString().contains("/versions/"));
        try {
            assertThat(publish("discount.dmn", "4").statusCode()).isEqualTo(507);
            assertThat(activate(1).statusCode()).isEqualTo(200);
            assertThat(activeVersion()).isEqualTo("1");
            assertThat(evaluate()).isEqualTo(200);
            assertThat(activate(2).statusCode()).isEqualTo(200);
            assertThat(activeVersion()).isEqualTo("2");
            assertNothingHalfWritten();
        } finally {
            FULL.set(file -> false);
        }
    }

    @Test
    @Order(5)
    @DisplayName("an activation whose pointer cannot be written: 507, the active version unchanged, no leftovers")
    void activationThatCannotBeStored() throws IOException {
        FULL.set(file -> file.getFileName().toString().startsWith(".tmp-active"));
        try {
            HttpResponse<Buffer> response = activate(1);
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(507);
            assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                    .isEqualTo("insufficient_storage");
            assertThat(activeVersion()).isEqualTo("2");
            assertThat(Files.readString(data.resolve("rulesets").resolve(RULE_SET).resolve("active")).trim())
                    .isEqualTo("2");
            assertNothingHalfWritten();
        } finally {
            FULL.set(file -> false);
        }
    }

    @Test
    @Order(6)
    @DisplayName("with space again, the next publish is stored as the next version")
    void publishesAgainOnceThereIsSpace() {
        HttpResponse<Buffer> response = publish("discount.dmn", "5");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        assertThat(response.bodyAsJsonObject().getJsonObject("version").getInteger("number")).isEqualTo(3);
        assertThat(activeVersion()).isEqualTo("3");
    }

    @Test
    @Order(7)
    @DisplayName("file names with NUL, over 255 bytes or with a path are refused with 400 naming 'file'; nothing on disk")
    void badFileNames() throws IOException {
        List<Path> before = allPaths();
        for (String name : List.of("bad%00name.dmn", "a".repeat(296) + ".dmn", "..%2Fx.dmn", "..", "tab%09.dmn")) {
            HttpResponse<Buffer> response = publish(name, "bad name");

            assertThat(response.statusCode()).as(name + ": " + response.bodyAsString()).isEqualTo(400);
            JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("invalid_request");
            assertThat(error.getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("file");
        }
        assertThat(allPaths()).as("the data directory, untouched").isEqualTo(before);
        assertThat(activeVersion()).isEqualTo("3");
    }

    private static void assertNothingHalfWritten() throws IOException {
        try (Stream<Path> all = Files.walk(data)) {
            assertThat(all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList())
                    .as("partial files left in the data directory").isEmpty();
        }
    }

    private static List<Path> allPaths() throws IOException {
        try (Stream<Path> all = Files.walk(data)) {
            return all.sorted().toList();
        }
    }

    private static HttpRequest<Buffer> admin(HttpRequest<Buffer> request) {
        return request.putHeader("Authorization", "Bearer " + TOKEN);
    }

    private static HttpResponse<Buffer> publish(String fileName, String note) {
        try {
            String dmn = Files.readString(TestServer.TEST_RULES.resolve(RULE_SET).resolve("discount.dmn"))
                    + "<!-- " + note + " -->\n";
            return admin(client.put("/api/v1/rulesets/" + RULE_SET + "?file=" + fileName))
                    .sendBuffer(Buffer.buffer(dmn)).await();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<Buffer> activate(int version) {
        return admin(client.post("/api/v1/rulesets/" + RULE_SET + "/activate?version=" + version)).send().await();
    }

    private static String activeVersion() {
        return client.get("/api/v1/rulesets/" + RULE_SET).send().await().bodyAsJsonObject().getString("version");
    }

    private static List<Integer> storedVersions() {
        return client.get("/api/v1/rulesets/" + RULE_SET + "/versions").send().await().bodyAsJsonObject()
                .getJsonArray("versions").stream().map(v -> ((JsonObject) v).getInteger("number")).toList();
    }

    private static int evaluate() {
        return client.post("/api/v1/rulesets/" + RULE_SET + "/evaluate")
                .sendBuffer(Buffer.buffer("{\"inputs\": {\"amount\": 150}}")).await().statusCode();
    }
}
