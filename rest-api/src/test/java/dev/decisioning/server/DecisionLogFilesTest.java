package dev.decisioning.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision log's files on a really started server: a new file once one is full or old, closed files removed by
 * age and by the total size, look-ups across files, and what waits written when the server stops.
 */
class DecisionLogFilesTest {
    static final String TOKEN = "files-admin";
    static final int FILE_BYTES = 8 * 1024;

    /** Files of 8 KiB: a few retail-loyalty decisions each. */
    static final class SmallFiles implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) {
            server.settings(s -> s.withDecisionLog(s.decisionLog().withFiles(FILE_BYTES, Duration.ofHours(1))));
        }
    }

    /** ... and at most 20 KiB of them, with a file 40 days old left from before. */
    static final class SmallAndFewFiles implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) throws IOException {
            server.settings(s -> s.withDecisionLog(s.decisionLog().withFiles(FILE_BYTES, Duration.ofHours(1))
                    .withRetention(Duration.ofDays(30), 20 * 1024)));
            Path directory = server.dataDirectory().resolve("decision-log");
            Files.createDirectories(directory);
            Path old = Files.writeString(directory.resolve("decisions-20200101T000000.000Z.jsonl"), "{}\n");
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        }
    }

    /** Files started at most one second ago. */
    static final class YoungFiles implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) {
            server.settings(s -> s.withDecisionLog(s.decisionLog().withFiles(64L * 1024 * 1024, Duration.ofSeconds(1))));
        }
    }

    /** Nothing flushed by time: only stopping the server writes what waits. */
    static final class NoTimedFlush implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) {
            server.settings(s -> s.withDecisionLog(s.decisionLog().withFlushInterval(Duration.ofHours(1))));
        }
    }

    static List<String> decide(WebClient client, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<Buffer> response = client.post("/api/v1/decisions/retail-loyalty")
                    .putHeader("content-type", "application/json")
                    .sendBuffer(Buffer.buffer(DecisionLogApiTest.RETAIL_CUSTOMER)).await();
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            ids.add(response.bodyAsJsonObject().getString("decisionId"));
        }
        return ids;
    }

    static HttpResponse<Buffer> lookUp(WebClient client, String id) {
        return client.get("/api/v1/decisions/" + id).putHeader("Authorization", "Bearer " + TOKEN).send().await();
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty", adminToken = TOKEN, setup = SmallFiles.class)
    @DisplayName("a full file is closed and a new one started; every line stays whole and can be looked up")
    void rotatesBySize(ServerUnderTest server, WebClient client) throws IOException {
        List<String> ids = decide(client, 12);
        DecisionLogLines.awaitLine(server.decisionLogDirectory(), ids.get(11));

        List<Path> files = DecisionLogLines.files(server.decisionLogDirectory());
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            assertThat(Files.size(file) <= FILE_BYTES || lines.size() == 1)
                    .as("%s holds %d bytes in %d lines", file, Files.size(file), lines.size()).isTrue();
        }
        assertThat(DecisionLogLines.lines(server.decisionLogDirectory()).stream().map(l -> l.getString("decisionId")))
                .containsExactlyElementsOf(ids);
        for (String id : List.of(ids.get(0), ids.get(6), ids.get(11))) {
            HttpResponse<Buffer> found = lookUp(client, id);
            assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
            assertThat(found.bodyAsJsonObject().getString("decisionId")).isEqualTo(id);
        }
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty", adminToken = TOKEN, setup = SmallAndFewFiles.class)
    @DisplayName("closed files past their age are removed, then the oldest while all hold too much; a look-up says so")
    void removesOldFiles(ServerUnderTest server, WebClient client) {
        Path old = server.decisionLogDirectory().resolve("decisions-20200101T000000.000Z.jsonl");
        List<String> ids = decide(client, 16);
        DecisionLogLines.awaitLine(server.decisionLogDirectory(), ids.get(15));

        assertThat(old).doesNotExist();
        long total = DecisionLogLines.files(server.decisionLogDirectory()).stream().mapToLong(f -> f.toFile().length()).sum();
        assertThat(total).isLessThanOrEqualTo(20 * 1024 + FILE_BYTES);
        HttpResponse<Buffer> gone = lookUp(client, ids.get(0));
        assertThat(gone.statusCode()).as(gone.bodyAsString()).isEqualTo(404);
        JsonObject error = gone.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("decision_not_found");
        assertThat(error.getString("message")).startsWith("decision '" + ids.get(0) + "' was logged in decisions-")
                .contains("which the log has since removed", "at most 20 KiB in all");
        assertThat(lookUp(client, ids.get(15)).statusCode()).isEqualTo(200);
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty", adminToken = TOKEN, setup = YoungFiles.class)
    @DisplayName("a file older than its age is closed, even while no call comes; the next call starts a new one")
    void rotatesByAge(ServerUnderTest server, WebClient client) {
        String first = decide(client, 1).get(0);
        DecisionLogLines.awaitLine(server.decisionLogDirectory(), first);
        DecisionLogLines.sleep(1_500);
        String second = decide(client, 1).get(0);
        DecisionLogLines.awaitLine(server.decisionLogDirectory(), second);

        assertThat(DecisionLogLines.files(server.decisionLogDirectory())).hasSize(2);
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty", adminToken = TOKEN, setup = NoTimedFlush.class)
    @DisplayName("stopping the server writes what waits; after a restart the decision is found in the files")
    void stopWritesWhatWaits(ServerUnderTest server, WebClient client) {
        String id = decide(client, 1).get(0);
        DecisionLogLines.sleep(300);
        assertThat(DecisionLogLines.line(server.decisionLogDirectory(), id)).isEmpty();

        server.restart();

        assertThat(DecisionLogLines.line(server.decisionLogDirectory(), id)).isPresent();
        HttpResponse<Buffer> found = lookUp(client, id);
        assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
        assertThat(found.bodyAsJsonObject().getString("decisionId")).isEqualTo(id);
    }
}
