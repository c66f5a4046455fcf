package dev.decisioning.server;

import dev.decisioning.engine.store.FileWrites;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

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
 * for a full disk (after part of the file is written, as a full disk does). Each test publishes a rule set of its own
 * (the discount model under the test's name) and fills the disk for that rule set only.
 */
@WithServer(ruleSets = StoreWriteFailureApiTest.SEEDED, adminToken = StoreWriteFailureApiTest.TOKEN, instances = 1,
        setup = StoreWriteFailureApiTest.DiskThatFillsUp.class)
class StoreWriteFailureApiTest {
    static final String TOKEN = "store-failure-token";
    static final String SEEDED = "discount-only";
    /** Which file writes fail as if the disk were full; none unless a test says so. */
    static final AtomicReference<Predicate<Path>> FULL = new AtomicReference<>(file -> false);
    static final FileWrites DISK = (file, content) -> {
        if (FULL.get().test(file)) {
            Files.write(file, Arrays.copyOf(content, content.length / 2));
            throw new IOException("No space left on device");
        }
        Files.write(file, content);
    };

    @WithServer.Inject
    static ServerUnderTest server;
    @WithServer.Inject
    static WebClient client;
    /** This test's rule set. */
    String ruleSet;

    /** The store writes through {@link #DISK}. */
    static final class DiskThatFillsUp implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) {
            server.fileWrites(DISK);
        }
    }

    @BeforeEach
    void ruleSetOfThisTest(TestInfo test) {
        ruleSet = "discount-" + test.getTestMethod().orElseThrow().getName().toLowerCase(java.util.Locale.ROOT);
    }

    @AfterEach
    void diskHasRoomAgain() {
        FULL.set(file -> false);
    }

    /** Versions 1 and 2 of this test's rule set, 2 active. */
    void twoVersionsStored() {
        assertThat(publish(ruleSet, "discount.dmn", "1").statusCode()).isEqualTo(201);
        assertThat(publish(ruleSet, "discount.dmn", "2").statusCode()).isEqualTo(201);
        assertThat(activeVersion()).isEqualTo(2);
    }

    /** From now on, the writes of this test's rule set whose path {@code matches} fail as on a full disk. */
    void diskFullFor(Predicate<Path> matches) {
        Path ruleSetFolder = server.dataDirectory().resolve("rulesets").resolve(ruleSet);
        FULL.set(file -> file.startsWith(ruleSetFolder) && matches.test(file));
    }

    @Test
    void publishesWhileThereIsSpace() {
        assertThat(publish(ruleSet, "discount.dmn", "1").statusCode()).isEqualTo(201);
        assertThat(publish(ruleSet, "discount.dmn", "2").statusCode()).isEqualTo(201);
        assertThat(activeVersion()).isEqualTo(2);
    }

    @Test
    @DisplayName("a full disk: 507 insufficient_storage, no .tmp-* left, nothing changed, the active version answers")
    void fullDisk() throws IOException {
        twoVersionsStored();
        diskFullFor(file -> file.toString().contains("/versions/"));

        HttpResponse<Buffer> response = publish(ruleSet, "discount.dmn", "3");

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(507);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("insufficient_storage");
        assertThat(error.getString("message")).isEqualTo("the rule files of '" + ruleSet + "' could not be stored: "
                + "the server's disk is full; nothing changed; version 2 keeps serving");
        assertNothingHalfWritten();
        assertThat(storedVersions()).containsExactly(1, 2);
        assertThat(activeVersion()).isEqualTo(2);
        assertThat(evaluate()).isEqualTo(200);
    }

    @Test
    @DisplayName("the disk fills up after the rule files, at version.json: the written files are removed too")
    void fullDiskHalfWayThrough() throws IOException {
        twoVersionsStored();
        diskFullFor(file -> file.getFileName().toString().equals("version.json"));

        HttpResponse<Buffer> response = publish(ruleSet, "discount.dmn", "3b");

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(507);
        assertNothingHalfWritten();
        assertThat(storedVersions()).containsExactly(1, 2);
    }

    @Test
    @DisplayName("after a failed publish, with the disk still full for new versions, rollback and activation work")
    void rollbackAfterAFailedPublish() throws IOException {
        twoVersionsStored();
        diskFullFor(file -> file.toString().contains("/versions/"));

        assertThat(publish(ruleSet, "discount.dmn", "4").statusCode()).isEqualTo(507);
        assertThat(activate(1).statusCode()).isEqualTo(200);
        assertThat(activeVersion()).isEqualTo(1);
        assertThat(evaluate()).isEqualTo(200);
        assertThat(activate(2).statusCode()).isEqualTo(200);
        assertThat(activeVersion()).isEqualTo(2);
        assertNothingHalfWritten();
    }

    @Test
    @DisplayName("an activation whose pointer cannot be written: 507, the active version unchanged, no leftovers")
    void activationThatCannotBeStored() throws IOException {
        twoVersionsStored();
        diskFullFor(file -> file.getFileName().toString().startsWith(".tmp-active"));

        HttpResponse<Buffer> response;
        try (LogCapture errors = LogCapture.of(dev.decisioning.server.http.ErrorResponses.class)) {
            response = admin(client.post("/api/v1/rulesets/" + ruleSet + "/activate?version=1"))
                    .putHeader("X-Request-Id", "full-disk-7").send().await();
            // The log line an operator finds by the id the caller saw.
            assertThat(errors.events()).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                    .contains("store write failed on POST").contains("(request full-disk-7)"));
        }

        assertThat(response.getHeader("X-Request-Id")).isEqualTo("full-disk-7");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(507);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("insufficient_storage");
        assertThat(activeVersion()).isEqualTo(2);
        assertThat(Files.readString(server.dataDirectory().resolve("rulesets").resolve(ruleSet).resolve("active")).trim())
                .isEqualTo("2");
        assertNothingHalfWritten();
    }

    @Test
    @DisplayName("with space again, the next publish is stored as the next version")
    void publishesAgainOnceThereIsSpace() {
        twoVersionsStored();
        diskFullFor(file -> file.toString().contains("/versions/"));
        assertThat(publish(ruleSet, "discount.dmn", "3").statusCode()).isEqualTo(507);
        FULL.set(file -> false);

        HttpResponse<Buffer> response = publish(ruleSet, "discount.dmn", "5");

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        assertThat(response.bodyAsJsonObject().getJsonObject("version").getInteger("number")).isEqualTo(3);
        assertThat(activeVersion()).isEqualTo(3);
    }

    @Test
    @DisplayName("file names with NUL, over 255 bytes or with a path are refused with 400 naming 'file'; nothing on disk")
    void badFileNames() throws IOException {
        ruleSet = SEEDED;
        List<Path> before = allPaths();
        for (String name : List.of("bad%00name.dmn", "a".repeat(296) + ".dmn", "..%2Fx.dmn", "..", "tab%09.dmn")) {
            HttpResponse<Buffer> response = publish(ruleSet, name, "bad name");

            assertThat(response.statusCode()).as(name + ": " + response.bodyAsString()).isEqualTo(400);
            JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("invalid_request");
            assertThat(error.getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("file");
        }
        assertThat(allPaths()).as("the data directory, untouched").isEqualTo(before);
        assertThat(activeVersion()).isEqualTo(1);
    }

    private static void assertNothingHalfWritten() throws IOException {
        try (Stream<Path> all = Files.walk(server.dataDirectory())) {
            assertThat(all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList())
                    .as("partial files left in the data directory").isEmpty();
        }
    }

    private static List<Path> allPaths() throws IOException {
        try (Stream<Path> all = Files.walk(server.dataDirectory())) {
            return all.sorted().toList();
        }
    }

    private static HttpRequest<Buffer> admin(HttpRequest<Buffer> request) {
        return request.putHeader("Authorization", "Bearer " + TOKEN);
    }

    private static HttpResponse<Buffer> publish(String ruleSet, String fileName, String note) {
        try {
            String dmn = Files.readString(TestServer.TEST_RULES.resolve(SEEDED).resolve("discount.dmn"))
                    + "<!-- " + note + " -->\n";
            return admin(client.put("/api/v1/rulesets/" + ruleSet + "?create=true&file=" + fileName))
                    .sendBuffer(Buffer.buffer(dmn)).await();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<Buffer> activate(int version) {
        return admin(client.post("/api/v1/rulesets/" + ruleSet + "/activate?version=" + version)).send().await();
    }

    private Integer activeVersion() {
        return client.get("/api/v1/rulesets/" + ruleSet).send().await().bodyAsJsonObject().getInteger("version");
    }

    private List<Integer> storedVersions() {
        return client.get("/api/v1/rulesets/" + ruleSet + "/versions").send().await().bodyAsJsonObject()
                .getJsonArray("versions").stream().map(v -> ((JsonObject) v).getInteger("number")).toList();
    }

    private int evaluate() {
        return client.post("/api/v1/rulesets/" + ruleSet + "/evaluate")
                .sendBuffer(Buffer.buffer("{\"inputs\": {\"amount\": 150}}")).await().statusCode();
    }
}
