package dev.decisioning.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a server's decision log files as an operator would, and asking it about them over HTTP. */
final class DecisionLogLines {
    /** Longer than the log's flush interval (1 s), with room for a slow machine. */
    static final Duration WRITTEN_WITHIN = Duration.ofSeconds(10);

    private DecisionLogLines() {
    }

    /** The log's files, oldest first. */
    static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of every file, oldest first. */
    static List<JsonObject> lines(Path directory) {
        List<JsonObject> lines = new ArrayList<>();
        for (Path file : files(directory)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lines.add(new JsonObject(line));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    static Optional<JsonObject> line(Path directory, String decisionId) {
        return lines(directory).stream().filter(l -> decisionId.equals(l.getString("decisionId"))).findFirst();
    }

    /** The line of a decision, once the writer has flushed it. */
    static JsonObject awaitLine(Path directory, String decisionId) {
        long deadline = System.nanoTime() + WRITTEN_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonObject> line = line(directory, decisionId);
            if (line.isPresent()) {
                return line.get();
            }
            sleep(50);
        }
        throw new AssertionError("decision " + decisionId + " was not written to " + directory + " within "
                + WRITTEN_WITHIN);
    }

    /** {@code GET /api/v1/decision-log}, once {@code until} holds of it (or the time is up). */
    static JsonObject status(WebClient client, String token, java.util.function.Predicate<JsonObject> until) {
        long deadline = System.nanoTime() + WRITTEN_WITHIN.toNanos();
        JsonObject status;
        do {
            HttpResponse<Buffer> response = client.get("/api/v1/decision-log")
                    .putHeader("Authorization", "Bearer " + token).send().await();
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            status = response.bodyAsJsonObject();
            if (until.test(status)) {
                return status;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        return status;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
