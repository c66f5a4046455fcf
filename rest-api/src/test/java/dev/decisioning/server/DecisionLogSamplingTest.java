package dev.decisioning.server;

import dev.decisioning.engine.ExecutionBudget;
import dev.decisioning.engine.ExecutionBudgets;
import dev.decisioning.server.decisionlog.DecisionLog;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the decision log leaves out, and that decisions never wait for it: sampling, a writer that cannot keep up
 * (its queue full), and the log turned off.
 */
class DecisionLogSamplingTest {
    static final String TOKEN = DecisionLogFilesTest.TOKEN;

    /** Logs no call at all. */
    static final class SampleNone implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) {
            server.settings(s -> s.withDecisionLog(s.decisionLog().withSampleRate(0)));
        }
    }

    /** A disk that does not answer until the test lets it, and room for two calls in the queue. */
    static final class StalledDisk implements WithServer.Setup {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Override
        public void prepare(ServerUnderTest.Preparation server) {
            // A machine busy with other builds can take long over a first, cold decision: the test is about the log.
            ExecutionBudgets patient = new ExecutionBudgets(new ExecutionBudget(Duration.ofSeconds(30),
                    ExecutionBudget.DEFAULT.steps()), Map.of());
            server.settings(s -> s.withDecisionLog(s.decisionLog().withQueue(2))
                    .withLimits(s.limits().withBudgets(patient)));
            server.decisionLogFiles(file -> {
                try {
                    RELEASE.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return DecisionLog.Opener.DIRECT.open(file);
            });
            server.afterStop(RELEASE::countDown);
        }
    }

    /** {@code --decision-log=off}. */
    static final class LogOff implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) {
            server.settings(s -> s.withDecisionLog(s.decisionLog().withEnabled(false)));
        }
    }

    static List<String> decide(WebClient client, int count) {
        return DecisionLogFilesTest.decide(client, count);
    }

    static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty", adminToken = TOKEN, setup = SampleNone.class)
    @DisplayName("sampling 0: decisions are answered, nothing is written, and a look-up says sampling may be why")
    void sampleNone(ServerUnderTest server, WebClient client) {
        List<String> ids = decide(client, 5);

        JsonObject status = DecisionLogLines.status(client, TOKEN, s -> s.getLong("sampledOut") == 5);
        assertThat(status.getLong("sampledOut")).isEqualTo(5);
        assertThat(status.getLong("logged")).isZero();
        DecisionLogLines.sleep(1_200);
        assertThat(server.decisionLogDirectory()).doesNotExist();
        HttpResponse<Buffer> missing = DecisionLogFilesTest.lookUp(client, ids.get(0));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(error(missing).getString("message")).contains("left out by sampling (this server logs 0% of its calls)");
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty", adminToken = TOKEN, setup = StalledDisk.class)
    @DisplayName("a full queue: decisions are answered at once, the calls that do not fit are dropped and counted")
    void fullQueue(WebClient client) {
        long started = System.nanoTime();
        List<String> ids = decide(client, 20);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        JsonObject stalled = DecisionLogLines.status(client, TOKEN, s -> s.getLong("dropped") >= 17);
        assertThat(stalled.getLong("dropped")).isEqualTo(17);
        assertThat(stalled.getLong("logged")).isZero();
        assertThat(tookMs).as("20 decisions while the log's disk is stalled").isLessThan(30_000);

        StalledDisk.RELEASE.countDown();
        JsonObject caughtUp = DecisionLogLines.status(client, TOKEN, s -> s.getLong("logged") == 3);
        assertThat(caughtUp.getLong("logged")).isEqualTo(3);
        assertThat(caughtUp.getLong("dropped") + caughtUp.getLong("logged")).isEqualTo(20);
        assertThat(DecisionLogFilesTest.lookUp(client, ids.get(0)).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> dropped = DecisionLogFilesTest.lookUp(client, ids.get(19));
        assertThat(dropped.statusCode()).isEqualTo(404);
        assertThat(error(dropped).getString("message")).contains("dropped while the log's queue was full (17 calls so far)");
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty", adminToken = TOKEN, setup = LogOff.class)
    @DisplayName("--decision-log=off: no folder, no files, and look-ups and replays say the log is off")
    void off(ServerUnderTest server, WebClient client) {
        List<String> ids = decide(client, 2);

        assertThat(server.decisionLogDirectory()).doesNotExist();
        HttpResponse<Buffer> missing = DecisionLogFilesTest.lookUp(client, ids.get(0));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(error(missing).getString("message")).startsWith("the decision log is off on this server");
        HttpResponse<Buffer> replay = client.post("/api/v1/rulesets/retail-loyalty/replay?version=1")
                .putHeader("Authorization", "Bearer " + TOKEN).send().await();
        assertThat(replay.statusCode()).isEqualTo(404);
        assertThat(error(replay).getString("code")).isEqualTo("decision_not_found");
        JsonObject status = DecisionLogLines.status(client, TOKEN, s -> true);
        assertThat(status.getBoolean("enabled")).isFalse();
    }
}
