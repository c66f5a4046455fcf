package dev.decisioning.server;

import dev.decisioning.server.DecisioningServer.RunningServer;
import dev.decisioning.server.cluster.ClusterSettings;
import dev.decisioning.server.cluster.ClusterSync;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several servers behind one load balancer, in this JVM on loopback, each with its own clustered Vert.x, Hazelcast
 * member and data directory: an activation made on any of them answers on all, an archived rule set stops serving on
 * all, and a server started later catches up.
 *
 * <p>Timing: the cluster's own part (message, scheduling, storing, the poll that sees it) must stay under a second.
 * A server adopting a version it has not compiled spends the compile on top: a fraction of a second on a quiet
 * machine, seconds where three servers share two busy cores. The assertions allow for that time as each server
 * reports it, and an activation that needs no compiling must answer everywhere within the second outright.
 *
 * <p>The servers start once for all the tests, on retail-loyalty and one copy of it per test that changes versions:
 * each such test brings its own rule set to the state it needs, so that any test runs alone or in any order. The
 * servers are clustered and several, which {@link WithServer} does not start.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterTest {
    static final String TOKEN = "cluster-test-token";
    static final String RULE_SET = "retail-loyalty";
    /** Copies of retail-loyalty, one for each test that publishes or activates. */
    static final String PUBLISHED = "retail-published";
    static final String ROLLED_BACK = "retail-rolled-back";
    static final String REACTIVATED = "retail-reactivated";
    static final String CAUGHT_UP = "retail-caught-up";
    static final String ARCHIVED = "retail-archived";
    static final String SILVER_AT_500 = "<text>&gt;= 500</text>";
    /** Spent 450 in the last year: bronze while silver starts at 500, silver once it starts at 400. */
    static final String CUSTOMER_WHO_SPENT_450 = """
            {"customer": {"id": "c-450", "signupDate": "2020-01-01", "marketingConsent": true,
               "orders": [{"id": "o1", "date": "2026-11-01", "amount": 450.00}]},
             "context": {"now": "2026-11-22T10:00:00Z"}}""";
    static final long PROPAGATION_LIMIT_MILLIS = 1_000;
    static final long POLL_MILLIS = 50;
    static final long START_TIMEOUT_SECONDS = 60;

    /** Hazelcast member ports of all four servers, chosen up front so that every server is given the same list. */
    static final List<Integer> memberPorts = IntStream.range(0, 4).mapToObj(i -> TestServer.port()).toList();
    static final List<Integer> httpPorts = IntStream.range(0, 4).mapToObj(i -> TestServer.port()).toList();
    static final List<RunningServer> servers = new ArrayList<>();
    static Path rules;
    static Vertx clientVertx;
    static WebClient client;

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void startThreeServers() throws IOException {
        rules = Files.createTempDirectory("cluster-rules-");
        for (String name : List.of(RULE_SET, PUBLISHED, ROLLED_BACK, REACTIVATED, CAUGHT_UP, ARCHIVED)) {
            TestServer.copyRuleSets(TestServer.BUNDLED_RULES.resolve(RULE_SET), rules.resolve(name));
        }
        clientVertx = Vertx.vertx();
        client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
        long started = System.nanoTime();
        // The first alone: Drools initialises itself on a JVM's first compile, and three first compiles at once in
        // one JVM can fail ("Unknown resource type ... Decision Model and Notation"). Separate servers have separate
        // JVMs; here the other two start together once the first has compiled.
        List<Future<RunningServer>> starting = new ArrayList<>();
        starting.add(startServerAsync(0));
        try {
            await(starting.get(0));
            starting.add(startServerAsync(1));
            starting.add(startServerAsync(2));
            await(Future.join(starting));
        } finally {
            // Those that did start are closed after all, even if another did not.
            starting.forEach(server -> servers.add(server.succeeded() ? server.result() : null));
        }
        System.out.printf("cluster test: three servers started in %d ms%n", millisSince(started));
    }

    @AfterAll
    static void stopServers() {
        // One at a time, newest first: each leaves a cluster whose other members are still there to take note.
        for (int i = servers.size() - 1; i >= 0; i--) {
            if (servers.get(i) != null) {
                await(servers.get(i).close());
            }
        }
        if (clientVertx != null) {
            await(clientVertx.close());
        }
    }

    /** Server {@code index + 1}: its own clustered Vert.x, Hazelcast member port, data directory and HTTP port. */
    static Future<RunningServer> startServerAsync(int index) {
        ServerSettings settings = new ServerSettings(rules, httpPorts.get(index), 1,
                TestServer.dataDirectory(), TOKEN, false, false);
        List<String> members = memberPorts.stream().map(port -> "127.0.0.1:" + port).toList();
        return DecisioningServer.startClustered(settings,
                ClusterSettings.of("127.0.0.1", memberPorts.get(index), members));
    }

    @Test
    @DisplayName("all three servers start on the bundled rules, version 1")
    void startOnVersionOne() {
        assertThat(answers(3, RULE_SET)).allSatisfy(answer -> assertVersionAndTier(answer, "1", "bronze"));
    }

    @Test
    @DisplayName("a version published on server 1 answers on all three within a second plus the time to compile it")
    void publishOnOneAnswersOnAll() {
        Adoptions adoptions = new Adoptions(3, PUBLISHED);
        long millis = publishSilverAt400AndAwait(PUBLISHED);

        long adopting = adoptions.slowest(2, 1, 2);
        report("version 2 published on server 1", millis, adopting);
        assertThat(millis - adopting).as("ms beyond adopting").isLessThan(PROPAGATION_LIMIT_MILLIS);
        assertThat(answers(3, PUBLISHED)).allSatisfy(answer -> assertVersionAndTier(answer, "2", "silver"));
    }

    @Test
    @DisplayName("a rollback on server 2 answers on all three within a second plus the time to compile it")
    void rollbackOnTwoAnswersOnAll() {
        publishSilverAt400AndAwait(ROLLED_BACK);

        Adoptions adoptions = new Adoptions(3, ROLLED_BACK);
        // Servers 1 and 3 compile version 1 again: the engine keeps no compiled copy of the version it started with.
        long millis = activateAndAwait(1, ROLLED_BACK, 1);

        long adopting = adoptions.slowest(1, 0, 2);
        report("rollback to version 1 on server 2", millis, adopting);
        assertThat(millis - adopting).as("ms beyond adopting").isLessThan(PROPAGATION_LIMIT_MILLIS);
        assertThat(answers(3, ROLLED_BACK)).allSatisfy(answer -> assertVersionAndTier(answer, "1", "bronze"));
    }

    @Test
    @DisplayName("activating a version every server has compiled answers on all three within a second")
    void activationWithoutCompilingAnswersOnAll() {
        // Version 2 published and rolled back: every server has compiled it, and version 1 answers.
        publishSilverAt400AndAwait(REACTIVATED);
        activateAndAwait(1, REACTIVATED, 1);

        Adoptions adoptions = new Adoptions(3, REACTIVATED);
        // Every server still holds version 2 compiled: this is the time the cluster itself takes.
        long millis = activateAndAwait(2, REACTIVATED, 2);

        report("activation of version 2 on server 3", millis, adoptions.slowest(2, 0, 1));
        assertThat(millis).isLessThan(PROPAGATION_LIMIT_MILLIS);
        assertThat(answers(3, REACTIVATED)).allSatisfy(answer -> assertVersionAndTier(answer, "2", "silver"));
    }

    @Test
    @DisplayName("a server started later answers the cluster's active version, one it never stored itself")
    void laterServerCatchesUp() {
        publishSilverAt400AndAwait(CAUGHT_UP);

        // The fourth server's data directory starts with version 1 only; the cluster serves version 2.
        long started = System.nanoTime();
        RunningServer later = await(startServerAsync(3));
        try {
            System.out.printf("cluster test: server 4 started in %d ms%n", millisSince(started));

            // Caught up before it answers HTTP: its very first answer is the cluster's version.
            assertVersionAndTier(answer(3, CAUGHT_UP), "2", "silver");
            JsonObject versions = client.get(httpPorts.get(3), "127.0.0.1", "/api/v1/rulesets/" + CAUGHT_UP + "/versions")
                    .send().await().bodyAsJsonObject();
            assertThat(versions.getInteger("activeVersion")).isEqualTo(2);
            assertThat(versions.getJsonArray("versions").stream().map(v -> ((JsonObject) v).getInteger("number")))
                    .containsExactly(1, 2);
            assertThat(answers(4, CAUGHT_UP)).allSatisfy(answer -> assertVersionAndTier(answer, "2", "silver"));
        } finally {
            // It leaves again, so that the tests after this one meet the three servers they started with.
            await(later.close());
        }
    }

    @Test
    @DisplayName("a rule set archived on server 1 stops serving on all three and on a server started later; unarchived "
            + "on server 3, all serve it again")
    void archiveOnOneStopsAll() {
        HttpResponse<Buffer> archived = client.post(httpPorts.get(0), "127.0.0.1",
                        "/api/v1/rulesets/" + ARCHIVED + "/archive")
                .putHeader("Authorization", "Bearer " + TOKEN).putHeader("X-Author", "anna").send().await();
        assertThat(archived.statusCode()).as(archived.bodyAsString()).isEqualTo(200);
        awaitAllStatus(ARCHIVED, 410);
        for (int index = 0; index < 3; index++) {
            JsonObject log = client.get(httpPorts.get(index), "127.0.0.1", "/api/v1/rulesets/" + ARCHIVED + "/activations")
                    .send().await().bodyAsJsonObject();
            assertThat(log.getBoolean("archived")).as("server %d", index + 1).isTrue();
            JsonObject last = log.getJsonArray("activations").getJsonObject(log.getJsonArray("activations").size() - 1);
            assertThat(last.getString("action")).isEqualTo("archived");
            assertThat(last.getString("by")).isEqualTo("anna");
        }
        // A server started now learns it from the cluster: its own store never saw the rule set archived.
        RunningServer later = await(startServerAsync(3));
        try {
            int status = client.post(httpPorts.get(3), "127.0.0.1", "/api/v1/decisions/" + ARCHIVED)
                    .putHeader("content-type", "application/json")
                    .sendBuffer(Buffer.buffer(CUSTOMER_WHO_SPENT_450)).await().statusCode();
            assertThat(status).as("server 4's first answer").isEqualTo(410);
        } finally {
            await(later.close());
        }

        HttpResponse<Buffer> unarchived = client.post(httpPorts.get(2), "127.0.0.1",
                        "/api/v1/rulesets/" + ARCHIVED + "/unarchive")
                .putHeader("Authorization", "Bearer " + TOKEN).putHeader("X-Author", "bob").send().await();
        assertThat(unarchived.statusCode()).as(unarchived.bodyAsString()).isEqualTo(200);
        awaitAllStatus(ARCHIVED, 200);
        assertThat(answers(3, ARCHIVED)).allSatisfy(answer -> assertVersionAndTier(answer, "1", "bronze"));
    }

    /** Polls servers 1-3 until a decision of {@code ruleSet} answers {@code status} on all of them. */
    static void awaitAllStatus(String ruleSet, int status) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (int index = 0; index < 3; index++) {
            while (true) {
                int answered = client.post(httpPorts.get(index), "127.0.0.1", "/api/v1/decisions/" + ruleSet)
                        .putHeader("content-type", "application/json")
                        .sendBuffer(Buffer.buffer(CUSTOMER_WHO_SPENT_450)).await().statusCode();
                if (answered == status) {
                    break;
                }
                assertThat(System.nanoTime()).as("server %d still answers %d, not %d", index + 1, answered, status)
                        .isLessThan(deadline);
                sleep(POLL_MILLIS);
            }
        }
    }

    /**
     * Publishes version 2 of {@code ruleSet}, silver at 400, on server 1; the ms from its response until servers 1-3
     * answer it.
     */
    static long publishSilverAt400AndAwait(String ruleSet) {
        HttpResponse<Buffer> published = client.put(httpPorts.get(0), "127.0.0.1",
                        "/api/v1/rulesets/" + ruleSet + "?file=customer-decision.dmn")
                .putHeader("Authorization", "Bearer " + TOKEN)
                .putHeader("X-Author", "cluster-test")
                .sendBuffer(Buffer.buffer(decisionModelWithSilverAt(400))).await();
        long answered = System.nanoTime();
        assertThat(published.statusCode()).as(published.bodyAsString()).isEqualTo(201);
        assertThat(published.bodyAsJsonObject().getJsonObject("version").getInteger("number")).isEqualTo(2);
        return awaitAllAnswer(3, ruleSet, "2", answered);
    }

    /**
     * How long each server took to adopt, as its cluster sync reports it: mostly compiling, which is the engine's
     * time, not the cluster's, and on a small busy machine takes seconds (a fraction of one on a quiet one).
     */
    static final class Adoptions {
        final List<Map<Integer, Long>> millisByVersion = new ArrayList<>();
        final List<MessageConsumer<JsonObject>> listening = new ArrayList<>();

        /** Listens on the first {@code count} servers for adoptions of versions of {@code ruleSet}. */
        Adoptions(int count, String ruleSet) {
            for (int i = 0; i < count; i++) {
                Map<Integer, Long> adopted = new ConcurrentHashMap<>();
                millisByVersion.add(adopted);
                MessageConsumer<JsonObject> consumer = servers.get(i).vertx().eventBus().localConsumer(
                        ClusterSync.ADOPTED_ADDRESS, message -> {
                            if (ruleSet.equals(message.body().getString("ruleSet"))) {
                                adopted.put(message.body().getInteger("version"), message.body().getLong("millis"));
                            }
                        });
                consumer.completion().await();
                listening.add(consumer);
            }
        }

        /** The longest adoption of {@code version} among the servers given; each must have adopted it. */
        long slowest(int version, int... indexes) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            long slowest = 0;
            for (int index : indexes) {
                Long millis;
                while ((millis = millisByVersion.get(index).get(version)) == null) {
                    assertThat(System.nanoTime()).as("server %d adopting version %d", index + 1, version)
                            .isLessThan(deadline);
                    sleep(10);
                }
                slowest = Math.max(slowest, millis);
            }
            listening.forEach(consumer -> consumer.unregister().await());
            return slowest;
        }
    }

    static void report(String what, long millis, long adoptingMillis) {
        System.out.printf("cluster test: %s answered on all three %d ms after the response; the slowest server "
                + "took %d ms of that to adopt it%n", what, millis, adoptingMillis);
    }

    /**
     * Activates {@code version} of {@code ruleSet} on server {@code index + 1}; the ms from its response until servers
     * 1-3 answer it.
     */
    static long activateAndAwait(int index, String ruleSet, int version) {
        HttpResponse<Buffer> activated = client.post(httpPorts.get(index), "127.0.0.1",
                        "/api/v1/rulesets/" + ruleSet + "/activate?version=" + version)
                .putHeader("Authorization", "Bearer " + TOKEN).send().await();
        long answered = System.nanoTime();
        assertThat(activated.statusCode()).as(activated.bodyAsString()).isEqualTo(200);
        assertThat(activated.bodyAsJsonObject().getInteger("activeVersion")).isEqualTo(version);
        return awaitAllAnswer(3, ruleSet, String.valueOf(version), answered);
    }

    /**
     * Polls the first {@code count} servers, those not yet answering {@code version} of {@code ruleSet}, until all do;
     * the ms since {@code since}. Gives up well past the limits asserted, so that a slow cluster fails with its
     * measured time.
     */
    static long awaitAllAnswer(int count, String ruleSet, String version, long since) {
        long deadline = since + TimeUnit.SECONDS.toNanos(15);
        List<Integer> waiting = new ArrayList<>(IntStream.range(0, count).boxed().toList());
        while (true) {
            List<Future<JsonObject>> polled = waiting.stream().map(index -> decide(index, ruleSet)).toList();
            List<JsonObject> answers = Future.all(polled).await().list();
            List<Integer> behind = new ArrayList<>();
            for (int i = 0; i < waiting.size(); i++) {
                if (!version.equals(String.valueOf(answers.get(i).getJsonObject("ruleset").getInteger("version")))) {
                    behind.add(waiting.get(i));
                }
            }
            if (behind.isEmpty()) {
                return millisSince(since);
            }
            waiting = behind;
            assertThat(System.nanoTime()).as("servers %s still answer another version than %s", waiting, version)
                    .isLessThan(deadline);
            sleep(POLL_MILLIS);
        }
    }

    static List<JsonObject> answers(int count, String ruleSet) {
        List<Future<JsonObject>> answers = IntStream.range(0, count).mapToObj(index -> decide(index, ruleSet)).toList();
        return Future.all(answers).await().<JsonObject>list();
    }

    static JsonObject answer(int index, String ruleSet) {
        return decide(index, ruleSet).await();
    }

    static Future<JsonObject> decide(int index, String ruleSet) {
        return client.post(httpPorts.get(index), "127.0.0.1", "/api/v1/decisions/" + ruleSet)
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(CUSTOMER_WHO_SPENT_450))
                .map(response -> {
                    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
                    return response.bodyAsJsonObject();
                });
    }

    static void assertVersionAndTier(JsonObject answer, String version, String tier) {
        assertThat(answer.getJsonObject("ruleset").getInteger("version")).isEqualTo(Integer.valueOf(version));
        assertThat(answer.getJsonObject("loyaltyTier").getString("tier")).isEqualTo(tier);
    }

    /** The bundled decision model with silver reached at {@code threshold} instead of 500 (the tier table's row). */
    static byte[] decisionModelWithSilverAt(int threshold) {
        try {
            String dmn = Files.readString(TestServer.BUNDLED_RULES.resolve(RULE_SET).resolve("customer-decision.dmn"));
            int silver = dmn.indexOf(SILVER_AT_500, dmn.indexOf("name=\"tierAssignment\""));
            assertThat(silver).as("the silver row of the tier table").isPositive();
            String changed = dmn.substring(0, silver) + "<text>&gt;= " + threshold + "</text>"
                    + dmn.substring(silver + SILVER_AT_500.length());
            return changed.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits for a server to start or stop, or fails: a server that never does must not hang the build. */
    static <T> T await(Future<T> future) {
        try {
            return future.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a server did not start or stop within " + START_TIMEOUT_SECONDS + " s", e);
        }
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
