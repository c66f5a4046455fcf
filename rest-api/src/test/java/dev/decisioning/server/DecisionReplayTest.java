package dev.decisioning.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replaying logged decisions against a staged version: what would change, and what masking the personal fields does
 * to the replay, over HTTP and with the {@code replay} command.
 */
@WithServer(ruleSets = "retail-loyalty", adminToken = DecisionReplayTest.TOKEN)
class DecisionReplayTest {
    static final String TOKEN = "replay-admin";
    /** Born on 24 November: the birthday is two days after the decision, so the metrics know it. */
    static final String BIRTHDAY_SOON = """
            {"customer": {"id": "c-bday", "birthDate": "1990-11-24", "signupDate": "2020-01-01",
                          "marketingConsent": true, "orders": [{"id": "o1", "date": "2026-11-01", "amount": 120.50}]},
             "context": {"now": "2026-11-22T10:00:00Z"}}""";
    /** No moment in the request: the server's clock decides, and the log keeps the moment it used. */
    static final String NO_MOMENT = """
            {"customer": {"id": "c-clock", "signupDate": "2020-01-01", "marketingConsent": false}}""";

    @WithServer.Inject
    static WebClient client;

    static Instant started;
    static String spent450;
    static String birthday;
    static String clock;

    @BeforeAll
    static void decideThenStageVersion2() {
        started = Instant.now();
        spent450 = decide(RuleFiles.customerWhoSpent450()).getString("decisionId");
        birthday = decide(BIRTHDAY_SOON).getString("decisionId");
        clock = decide(NO_MOMENT).getString("decisionId");
        // Version 2, staged: silver from 400, so the customer who spent 450 moves up.
        HttpResponse<Buffer> staged = client.put("/api/v1/rulesets/retail-loyalty?activate=false&file=customer-decision.dmn")
                .putHeader("Authorization", "Bearer " + TOKEN).putHeader("content-type", "application/octet-stream")
                .sendBuffer(Buffer.buffer(RuleFiles.decisionModelWithSilverAt(400))).await();
        assertThat(staged.statusCode()).as(staged.bodyAsString()).isEqualTo(201);
    }

    static JsonObject decide(String body) {
        HttpResponse<Buffer> response = client.post("/api/v1/decisions/retail-loyalty")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body)).await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    static HttpResponse<Buffer> replay(String query, JsonObject body, String token) {
        var request = client.post("/api/v1/rulesets/retail-loyalty/replay" + query)
                .putHeader("content-type", "application/json");
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        return request.sendBuffer(body.toBuffer()).await();
    }

    @Test
    @DisplayName("a time range replayed against staged version 2: the tier that changes, and what masking did")
    void timeRange() {
        HttpResponse<Buffer> response = replay("?version=2", new JsonObject().put("from", started.toString()), TOKEN);

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject report = response.bodyAsJsonObject();
        assertThat(report.getString("ruleSet")).isEqualTo("retail-loyalty");
        assertThat(report.getInteger("activeVersion")).isEqualTo(1);
        assertThat(report.getInteger("candidateVersion")).isEqualTo(2);
        assertThat(report.getInteger("found")).isEqualTo(3);
        assertThat(report.getInteger("replayed")).isEqualTo(3);
        assertThat(report.getJsonArray("skipped")).isEmpty();
        assertThat(report.getJsonObject("selection").getBoolean("limited")).isFalse();
        JsonObject impact = report.getJsonObject("impact");
        assertThat(impact.getInteger("customers")).isEqualTo(3);
        assertThat(impact.getInteger("changed")).isEqualTo(1);
        assertThat(impact.getJsonObject("changes").getJsonObject("loyaltyTier").getMap())
                .isEqualTo(Map.of("bronze -> silver", 1));
        assertThat(impact.getJsonArray("examples").getJsonObject(0).getString("customerId")).isEqualTo("c-450");
        // The birth date was masked: the metrics of that customer's birthday cannot be reproduced from the log.
        assertThat(report.getJsonArray("maskedFields")).containsExactly("customer.birthDate");
        JsonObject reproduction = report.getJsonObject("reproduction");
        assertThat(reproduction.getInteger("checked")).isEqualTo(3);
        assertThat(reproduction.getInteger("reproduced")).isEqualTo(2);
        assertThat(reproduction.getInteger("notReproduced")).isEqualTo(1);
        assertThat(reproduction.getJsonArray("examples")).containsExactly(birthday);
        assertThat(reproduction.getJsonObject("differingOutputs").fieldNames()).contains("metrics");
        assertThat(report.getJsonArray("notes").encode()).contains("customer.birthDate", "may differ",
                "1 of 3 decisions checked were answered otherwise", "replayed as of its logged moment");
    }

    @Test
    @DisplayName("a list of decision ids: those found are replayed, the others listed as not found")
    void decisionIds() {
        JsonObject body = new JsonObject().put("decisionIds", new JsonArray().add(spent450).add(clock)
                .add("0b5e8d4a-0000-4000-8000-00000000dead"));

        HttpResponse<Buffer> response = replay("?version=2", body, TOKEN);

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject report = response.bodyAsJsonObject();
        assertThat(report.getInteger("found")).isEqualTo(2);
        assertThat(report.getJsonArray("notFound")).containsExactly("0b5e8d4a-0000-4000-8000-00000000dead");
        assertThat(report.getJsonArray("maskedFields")).isEmpty();
        assertThat(report.getJsonObject("reproduction").getInteger("reproduced")).isEqualTo(2);
        assertThat(report.getJsonObject("impact").getInteger("changed")).isEqualTo(1);
    }

    @Test
    @DisplayName("replays take the admin token, a version that exists, and a sound body")
    void refused() {
        assertThat(replay("?version=2", new JsonObject(), null).statusCode()).isEqualTo(401);
        HttpResponse<Buffer> noVersion = replay("", new JsonObject(), TOKEN);
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("version");
        HttpResponse<Buffer> unknown = replay("?version=9", new JsonObject(), TOKEN);
        assertThat(unknown.statusCode()).as(unknown.bodyAsString()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unknown_version");
        HttpResponse<Buffer> both = replay("?version=2", new JsonObject().put("from", started.toString())
                .put("decisionIds", new JsonArray().add(spent450)), TOKEN);
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(replay("?version=2", new JsonObject().put("limit", 0), TOKEN).statusCode()).isEqualTo(400);
        assertThat(replay("?version=2", new JsonObject().put("form", "x"), TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("the replay command reads the data directory and the log, and reports as the endpoint does")
    void command(ServerUnderTest server) {
        DecisionLogLines.awaitLine(server.decisionLogDirectory(), clock);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = ReplayCommand.run(new String[] {"replay", "--data", server.dataDirectory().toString(),
                "--ruleset", "retail-loyalty", "--candidate", "2", "--from", started.toString(), "--json"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(output).isZero();
        JsonObject report = new JsonObject(output.substring(output.indexOf('{')));
        assertThat(report.getInteger("replayed")).isEqualTo(3);
        assertThat(report.getJsonObject("impact").getInteger("changed")).isEqualTo(1);

        bytes.reset();
        int text = ReplayCommand.run(new String[] {"--data", server.dataDirectory().toString(),
                "--ruleset", "retail-loyalty", "--candidate", "2", "--ids", spent450},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(text).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("replayed 1 of 1 logged decision(s) of "
                + "retail-loyalty with version 2, against active version 1", "changed: 1 of 1",
                "loyaltyTier: bronze -> silver  (1)");

        bytes.reset();
        int wrong = ReplayCommand.run(new String[] {"--data", server.dataDirectory().toString(),
                "--ruleset", "retail-loyalty", "--candidate", "7"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(wrong).as(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(ReplayCommand.FAILED);

        bytes.reset();
        assertThat(ReplayCommand.run(new String[] {"--help"}, new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("usage: java -jar decisioning-server.jar replay "
                + "--ruleset=NAME --candidate=N");
    }
}
