package dev.decisioning.server;

import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server process is killed with SIGKILL while it publishes, again and again. Whatever moment the kill lands on,
 * the data directory must hold only complete versions, and a restarted server must answer with one of them.
 */
class CrashDuringPublishTest {
    static final String TOKEN = "crash-test-token";

    @Test
    @DisplayName("kill -9 in the middle of publishing leaves a store that starts and serves")
    void killDuringPublish() throws Exception {
        Path rules = Files.createTempDirectory("crash-rules-");
        TestServer.copyRuleSets(RuleFiles.RETAIL, rules.resolve("retail-loyalty"));
        Path data = TestServer.dataDirectory();
        int port = TestServer.port();

        ProcessBuilder launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DecisioningServer.class.getName(),
                "--rules", rules.toString(), "--data", data.toString(), "--port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(Files.createTempFile("crash-server-", ".log").toFile());
        launcher.environment().put(ServerSettings.ADMIN_TOKEN_ENV, TOKEN);
        Process server = launcher.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            awaitHealthy(http, port, Duration.ofSeconds(60));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger published = new AtomicInteger();
            Thread publisher = new Thread(() -> {
                for (int i = 0; !stop.get() && i < 200; i++) {
                    String model = RuleFiles.decisionModelWithSilverAt(i % 2 == 0 ? 400 : 500) + "<!-- " + i + " -->";
                    try {
                        java.net.http.HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/api/v1/rulesets/retail-loyalty?file=customer-decision.dmn"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .PUT(HttpRequest.BodyPublishers.ofString(model)).build(), BodyHandlers.ofString());
                        if (response.statusCode() == 201) {
                            published.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        return; // the server is gone
                    }
                }
            });
            publisher.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (published.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(150); // land the kill while a publish is in flight
            server.destroyForcibly();
            server.waitFor();
            stop.set(true);
            publisher.join(10_000);
            assertThat(published.get()).as("publishes before the kill").isGreaterThanOrEqualTo(2);
        } finally {
            server.destroyForcibly();
        }

        // Restart on the same data directory, in this JVM.
        Vertx vertx = Vertx.vertx();
        try {
            int restartedPort = TestServer.start(vertx, new ServerSettings(rules, TestServer.port(), 1, data, TOKEN,
                    false, false)).await();
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(restartedPort));
            JsonObject versions = client.get("/api/v1/rulesets/retail-loyalty/versions").send().await().bodyAsJsonObject();
            List<Integer> numbers = versions.getJsonArray("versions").stream()
                    .map(v -> ((JsonObject) v).getInteger("number")).toList();
            assertThat(numbers).as("every listed version").startsWith(1).isSorted();
            assertThat(numbers).as("the seed and the publishes that completed").hasSizeGreaterThanOrEqualTo(3);

            HttpResponse<Buffer> decision = client.post("/api/v1/decisions/retail-loyalty")
                    .sendBuffer(Buffer.buffer(RuleFiles.customerWhoSpent450())).await();
            assertThat(decision.statusCode()).isEqualTo(200);
            assertThat(numbers).contains(decision.bodyAsJsonObject().getJsonObject("ruleset").getInteger("version"));

            // Every stored version is whole: each one activates.
            for (int number : numbers) {
                HttpResponse<Buffer> activated = client.post("/api/v1/rulesets/retail-loyalty/activate?version=" + number)
                        .putHeader("Authorization", "Bearer " + TOKEN).send().await();
                assertThat(activated.statusCode()).as("activate version " + number + ": " + activated.bodyAsString())
                        .isEqualTo(200);
            }
            try (Stream<Path> leftovers = Files.walk(data)) {
                assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList())
                        .as("half-written leftovers after restart").isEmpty();
            }
        } finally {
            vertx.close().await();
        }
    }

    private static void awaitHealthy(HttpClient http, int port, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server process did not become healthy within " + within);
    }
}
