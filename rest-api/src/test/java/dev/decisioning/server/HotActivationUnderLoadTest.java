package dev.decisioning.server;

import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twenty publishes while decisions keep coming: no call fails, none waits for a compilation, and each answer is
 * wholly one version's (the tier it gives matches the threshold of the version it names). Loopback only, bounded
 * in count and time.
 */
@WithServer(ruleSets = "retail-loyalty", adminToken = HotActivationUnderLoadTest.TOKEN)
class HotActivationUnderLoadTest {
    static final String TOKEN = "load-test-token";
    static final int PUBLISHES = 20;
    static final int CONCURRENCY = 16;
    static final long MAX_SECONDS = 120;

    @WithServer.Inject
    static ServerUnderTest server;
    static Vertx clients;
    static WebClient client;

    @BeforeAll
    static void connect() {
        clients = Vertx.vertx();
        client = WebClient.create(clients, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()),
                new PoolOptions().setHttp1MaxSize(CONCURRENCY));
    }

    @AfterAll
    static void disconnect() {
        clients.close().await();
    }

    @Test
    @DisplayName("twenty publishes under load: zero failed calls, one version per answer, no wait on compilation")
    void publishesUnderLoad() {
        // Which tier the 450 customer gets under each version: version 1 is the bundled file (silver at 500).
        Map<String, String> tierByVersion = new ConcurrentHashMap<>(Map.of("1", "bronze"));
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> answers = Collections.synchronizedList(new ArrayList<>());
        List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + MAX_SECONDS * 1_000_000_000L;

        Promise<Void> loadDone = Promise.promise();
        AtomicInteger running = new AtomicInteger(CONCURRENCY);
        clients.runOnContext(v -> {
            for (int i = 0; i < CONCURRENCY; i++) {
                callInLoop(publishing, deadline, calls, failures, answers, latenciesMicros, running, loadDone);
            }
        });

        List<Integer> answeredDuringEachPublish = new ArrayList<>();
        for (int i = 0; i < PUBLISHES; i++) {
            int before = calls.get();
            int threshold = i % 2 == 0 ? 400 : 500;
            // A comment makes every publish new content, so each one is a new version, not a repeat.
            String model = RuleFiles.decisionModelWithSilverAt(threshold) + "\n<!-- publish " + i + " -->\n";
            HttpResponse<Buffer> response = client.put("/api/v1/rulesets/retail-loyalty?file=customer-decision.dmn")
                    .putHeader("Authorization", "Bearer " + TOKEN)
                    .sendBuffer(Buffer.buffer(model.getBytes(StandardCharsets.UTF_8))).await();
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
            String version = String.valueOf(response.bodyAsJsonObject().getJsonObject("version").getInteger("number"));
            tierByVersion.put(version, threshold == 400 ? "silver" : "bronze");
            answeredDuringEachPublish.add(calls.get() - before);
        }
        publishing.set(false);
        loadDone.future().await();

        assertThat(failures).as("failed calls").isEmpty();
        assertThat(calls.get()).as("decisions answered while publishing").isGreaterThan(PUBLISHES * 10);
        List<String> seenVersions = new ArrayList<>();
        synchronized (answers) {
            for (String answer : answers) {
                String[] versionAndTier = answer.split(":");
                assertThat(tierByVersion).containsKey(versionAndTier[0]);
                assertThat(versionAndTier[1]).as("tier of an answer from version " + versionAndTier[0])
                        .isEqualTo(tierByVersion.get(versionAndTier[0]));
                if (!seenVersions.contains(versionAndTier[0])) {
                    seenVersions.add(versionAndTier[0]);
                }
            }
        }
        assertThat(seenVersions.size()).as("versions seen answering").isGreaterThan(PUBLISHES / 2);
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        long p99 = sorted.get((int) (sorted.size() * 0.99));
        long max = sorted.get(sorted.size() - 1);
        System.out.printf("hot activation: %d decisions during %d publishes, %d versions seen, p50 %d us, p99 %d us, "
                        + "max %d us, answered during each publish %s%n", calls.get(), PUBLISHES, seenVersions.size(),
                sorted.get(sorted.size() / 2), p99, max, answeredDuringEachPublish);
        // Compilation runs on a worker thread: decisions keep being answered while each publish compiles.
        assertThat(answeredDuringEachPublish).as("decisions answered while each publish compiled")
                .allSatisfy(n -> assertThat(n).isPositive());
        assertThat(max).as("slowest call in microseconds, on a machine also compiling").isLessThan(5_000_000);
    }

    private static void callInLoop(AtomicBoolean publishing, long deadline, AtomicInteger calls, List<String> failures,
                                   List<String> answers, List<Long> latencies, AtomicInteger running,
                                   Promise<Void> done) {
        if (!publishing.get() || System.nanoTime() > deadline) {
            if (running.decrementAndGet() == 0) {
                done.complete();
            }
            return;
        }
        long started = System.nanoTime();
        Future<HttpResponse<Buffer>> call = client.post("/api/v1/decisions/retail-loyalty")
                .sendBuffer(Buffer.buffer(RuleFiles.customerWhoSpent450()));
        call.onComplete(result -> {
            latencies.add((System.nanoTime() - started) / 1000);
            calls.incrementAndGet();
            if (result.failed()) {
                failures.add(result.cause().toString());
            } else if (result.result().statusCode() != 200) {
                failures.add(result.result().statusCode() + " " + result.result().bodyAsString());
            } else {
                JsonObject answer = result.result().bodyAsJsonObject();
                answers.add(answer.getJsonObject("ruleset").getInteger("version") + ":"
                        + answer.getJsonObject("loyaltyTier").getString("tier"));
            }
            callInLoop(publishing, deadline, calls, failures, answers, latencies, running, done);
        });
    }
}
