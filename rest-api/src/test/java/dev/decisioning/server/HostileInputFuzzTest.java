package dev.decisioning.server;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile bodies against every endpoint that reads one: wrong types, huge and tiny numbers, deep nesting,
 * invalid UTF-8, duplicate keys, huge arrays and strings, truncated and non-JSON text. Not one may be answered with a
 * 5xx (a 503 for a stopped call excepted, which is the budget working) or go unanswered. The count is
 * {@code -Dfuzz.bodies=N} (2,000 by default; the full run is {@code mvn -pl rest-api -am verify -Dtest=HostileInputFuzzTest
 * -Dfuzz.bodies=10000 -Dsurefire.failIfNoSpecifiedTests=false}); the seed is {@code -Dfuzz.seed=S}.
 */
@WithServer(adminToken = HostileInputFuzzTest.TOKEN)
class HostileInputFuzzTest {
    static final String TOKEN = "fuzz-admin";
    static final int BODIES = Integer.getInteger("fuzz.bodies", 2_000);
    static final long SEED = Long.getLong("fuzz.seed", 20261205L);
    static final int IN_FLIGHT = 8;

    @WithServer.Inject
    static WebClient client;

    record Target(HttpMethod method, String path, boolean token, String valid) {
    }

    static final List<Target> TARGETS = List.of(
            new Target(HttpMethod.POST, "/api/v1/decisions/retail-loyalty", false, HostileBodies.DECISION),
            new Target(HttpMethod.POST, "/api/v1/decisions/retail-loyalty", false, HostileBodies.DECISION),
            new Target(HttpMethod.POST, "/api/v1/decisions/no-such-rule-set", false, HostileBodies.DECISION),
            new Target(HttpMethod.POST, "/api/v1/decisions/member-perks", false, HostileBodies.DATA_MODEL_DECISION),
            new Target(HttpMethod.POST, "/api/v1/rulesets/hit-policies/evaluate", false, HostileBodies.EVALUATION),
            new Target(HttpMethod.POST, "/api/v1/rulesets/retail-loyalty/evaluate", false, HostileBodies.EVALUATION),
            new Target(HttpMethod.POST, "/api/v1/rulesets/retail-loyalty/test", true, HostileBodies.TEST_RUN),
            new Target(HttpMethod.POST, "/api/v1/rulesets/retail-loyalty/test", false, HostileBodies.TEST_RUN),
            new Target(HttpMethod.POST, "/api/v1/rulesets/retail-loyalty/activate?version=1", true, "{\"version\": 1}"),
            new Target(HttpMethod.POST, "/api/v1/rulesets/retail-loyalty/versions/1/diff", true, HostileBodies.PREVIEW),
            new Target(HttpMethod.PUT, "/api/v1/rulesets/fuzzed?create=true&file=rules.dmn", true, HostileBodies.EVALUATION),
            new Target(HttpMethod.PUT, "/api/v1/rulesets/fuzzed?create=true&file=rules.drl.csv", true, HostileBodies.DECISION));

    @Test
    void noHostileBodyGetsAServerErrorOrHangs() throws Exception {
        Random random = new Random(SEED);
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<Future<?>> window = new ArrayList<>();
        for (int i = 0; i < BODIES; i++) {
            Target target = TARGETS.get(random.nextInt(TARGETS.size()));
            byte[] body = HostileBodies.next(random, target.valid());
            HttpRequest<Buffer> request = client.request(target.method(), target.path())
                    .putHeader("content-type", "application/json").timeout(TimeUnit.SECONDS.toMillis(30));
            if (target.token()) {
                request.putHeader("Authorization", "Bearer " + TOKEN);
            }
            int number = i;
            window.add(request.sendBuffer(Buffer.buffer(body)).andThen(done -> {
                synchronized (statuses) {
                    if (done.failed()) {
                        failures.add("#" + number + " " + target + ": no answer (" + done.cause() + ") to "
                                + preview(body));
                        return;
                    }
                    HttpResponse<Buffer> response = done.result();
                    statuses.merge(target.method() + " " + target.path().replaceAll("\\?.*", "") + " "
                            + response.statusCode(), 1, Integer::sum);
                    if (response.statusCode() >= 500 && response.statusCode() != 503) {
                        failures.add("#" + number + " " + target + ": " + response.statusCode() + " "
                                + response.bodyAsString() + " to " + preview(body));
                    }
                }
            }));
            if (window.size() == IN_FLIGHT) {
                Future.join(new ArrayList<>(window)).await(120, TimeUnit.SECONDS);
                window.clear();
            }
        }
        Future.join(window).await(120, TimeUnit.SECONDS);
        System.out.println(BODIES + " hostile bodies (seed " + SEED + "): " + statuses);
        assertThat(failures).as("answers of 5xx or none at all").isEmpty();
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(BODIES);
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return body.length > 200 ? text + "… (" + body.length + " bytes)" : text;
    }
}
