package dev.decisioning.server;

import dev.decisioning.engine.store.FileWrites;
import dev.decisioning.server.ops.RequestIds;
import dev.decisioning.server.ops.ServerMetrics;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server listens as soon as it starts: live at once, ready only once its rule sets are compiled (before that,
 * health and metrics answer, every other call {@code 503 starting}).
 */
class ReadinessTest {
    static final Duration WITHIN = Duration.ofSeconds(60);

    @Test
    @DisplayName("while the engine opens: live 200, ready 503, the API 503 starting; once compiled: ready 200")
    void readyOnceCompiled() throws Exception {
        Path rules = Files.createTempDirectory("readiness-rules-");
        TestServer.copyRuleSets(TestServer.TEST_RULES.resolve("discount-only"), rules.resolve("discount-only"));
        ServerSettings settings = new ServerSettings(rules, TestServer.port(), 1, TestServer.dataDirectory());
        // The store's first write (seeding version 1) waits: the engine is still opening until it is let go.
        CountDownLatch opening = new CountDownLatch(1);
        FileWrites held = (file, content) -> {
            try {
                opening.await(WITHIN.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FileWrites.DIRECT.write(file, content);
        };
        ServerMetrics metrics = ServerMetrics.create();
        Vertx vertx = metrics.newVertx();
        try {
            Future<DecisioningServer.RunningServer> started = DecisioningServer.start(vertx, settings, held, metrics);
            WebClient client = TestServer.client(vertx, settings.port());
            awaitLive(client);

            HttpResponse<Buffer> ready = client.get("/health/ready").send().await();
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "DOWN")
                    .put("checks", new JsonArray().add(new JsonObject().put("id", "rulesets").put("status", "DOWN")
                            .put("data", new JsonObject().put("degraded", new JsonArray()))))
                    .put("outcome", "DOWN"));
            assertThat(client.get("/health").send().await().statusCode()).isEqualTo(503);
            HttpResponse<Buffer> starting = client.post("/api/v1/rulesets/discount-only/evaluate")
                    .putHeader(RequestIds.HEADER, "early-1").sendBuffer(Buffer.buffer("{\"inputs\": {\"amount\": 1}}"))
                    .await();
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.getHeader("Retry-After")).isEqualTo("1");
            assertThat(starting.getHeader(RequestIds.HEADER)).isEqualTo("early-1");
            assertThat(starting.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("starting");
            assertThat(client.get("/metrics").send().await().statusCode()).isEqualTo(200);
            assertThat(started.isComplete()).isFalse();

            opening.countDown();
            started.await(WITHIN.toSeconds(), TimeUnit.SECONDS);

            HttpResponse<Buffer> readyNow = client.get("/health/ready").send().await();
            assertThat(readyNow.statusCode()).isEqualTo(200);
            assertThat(readyNow.bodyAsJsonObject().getString("status")).isEqualTo("UP");
            assertThat(client.get("/health/live").send().await().statusCode()).isEqualTo(200);
            assertThat(client.post("/api/v1/rulesets/discount-only/evaluate")
                    .sendBuffer(Buffer.buffer("{\"inputs\": {\"amount\": 150}}")).await().statusCode()).isEqualTo(200);
        } finally {
            opening.countDown();
            vertx.close().await(WITHIN.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a stopping server is no longer ready, and still live")
    @WithServer(ruleSets = "discount-only")
    void notReadyWhileStopping(ServerUnderTest server) {
        assertThat(server.client().get("/health/ready").send().await().statusCode()).isEqualTo(200);
        server.running().state().stopping();
        assertThat(server.client().get("/health/ready").send().await().statusCode()).isEqualTo(503);
        assertThat(server.client().get("/health/live").send().await().statusCode()).isEqualTo(200);
    }

    private static void awaitLive(WebClient client) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.get("/health/live").send().await().statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not listening yet (Vert.x rethrows the connection's own, checked, exception)
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not listen within " + WITHIN);
    }
}
