package dev.decisioning.server;

import dev.decisioning.server.settings.ApiKeys;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * API keys of the channel apps: with keys configured, decisions and evaluations need one, the channel it names goes
 * into the decision log, and reading logged decisions takes a key allowed to, or the admin token.
 */
class ApiKeysTest {
    static final String TOKEN = "keys-admin";
    static final String WEB_SHOP = "ws-4f9c2a7e1b8d6035";
    static final String CALL_CENTRE = "cc-9d1e7b3a5c2f8046";
    static final String AUDITOR = "au-2b6e9f1c4a7d3058";

    /** Three channels; the call centre's key given as its digest, as a file need not hold the key itself. */
    static final class ThreeChannels implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) {
            ApiKeys keys = ApiKeys.parse(List.of(
                    "# channel   key   permissions",
                    "web-shop    " + WEB_SHOP,
                    "call-centre sha256:" + HexFormat.of().formatHex(ApiKeys.digest(CALL_CENTRE))
                            + "  decide,read-decisions",
                    "auditor     " + AUDITOR + "  read-decisions   # reads, never decides"), "keys.txt");
            server.settings(s -> s.withApiKeys(keys));
        }
    }

    static HttpResponse<Buffer> decide(WebClient client, String header, String value) {
        HttpRequest<Buffer> request = client.post("/api/v1/decisions/retail-loyalty")
                .putHeader("content-type", "application/json");
        if (header != null) {
            request.putHeader(header, value);
        }
        return request.sendBuffer(Buffer.buffer(DecisionLogApiTest.RETAIL_CUSTOMER)).await();
    }

    static HttpResponse<Buffer> lookUp(WebClient client, String id, String header, String value) {
        HttpRequest<Buffer> request = client.get("/api/v1/decisions/" + id);
        if (header != null) {
            request.putHeader(header, value);
        }
        return request.send().await();
    }

    static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty", adminToken = TOKEN, setup = ThreeChannels.class)
    @DisplayName("decisions need a key: 401 without one or with a wrong one, 403 for a key that may not decide")
    void decisionsNeedAKey(WebClient client) {
        HttpResponse<Buffer> none = decide(client, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(error(none).getString("code")).isEqualTo("unauthorized");
        assertThat(error(none).getString("message")).isEqualTo("decisions and evaluations on this server need an API "
                + "key: send it as 'X-Api-Key: <key>' or 'Authorization: Bearer <key>'");

        HttpResponse<Buffer> wrong = decide(client, "X-Api-Key", WEB_SHOP + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(decide(client, "Authorization", "Bearer " + TOKEN).statusCode())
                .as("the admin token is no API key").isEqualTo(401);
        assertThat(decide(client, "Authorization", "bearer " + WEB_SHOP).statusCode()).isEqualTo(401);

        HttpResponse<Buffer> auditor = decide(client, "X-Api-Key", AUDITOR);
        assertThat(auditor.statusCode()).isEqualTo(403);
        assertThat(error(auditor).getString("code")).isEqualTo("forbidden");
        assertThat(error(auditor).getString("message")).isEqualTo("the API key of channel 'auditor' does not have the "
                + "decide permission this call needs");

        HttpResponse<Buffer> evaluate = client.post("/api/v1/rulesets/retail-loyalty/evaluate")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{\"inputs\": {}}")).await();
        assertThat(evaluate.statusCode()).isEqualTo(401);
        assertThat(client.get("/api/v1/rulesets").send().await().statusCode()).isEqualTo(200);
        assertThat(client.get("/health").send().await().statusCode()).isEqualTo(200);
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty", adminToken = TOKEN, setup = ThreeChannels.class)
    @DisplayName("the right key, in either header: answered, and the key's channel is the caller in the decision log")
    void channelInTheLog(ServerUnderTest server, WebClient client) {
        HttpResponse<Buffer> webShop = decide(client, "X-Api-Key", WEB_SHOP);
        assertThat(webShop.statusCode()).as(webShop.bodyAsString()).isEqualTo(200);
        HttpResponse<Buffer> callCentre = decide(client, "Authorization", "Bearer " + CALL_CENTRE);
        assertThat(callCentre.statusCode()).as(callCentre.bodyAsString()).isEqualTo(200);
        HttpResponse<Buffer> evaluated = client.post("/api/v1/rulesets/retail-loyalty/evaluate")
                .putHeader("content-type", "application/json").putHeader("X-Api-Key", WEB_SHOP)
                .sendBuffer(Buffer.buffer("{\"inputs\": {\"today\": \"2026-11-22\"}}")).await();
        assertThat(evaluated.statusCode()).as(evaluated.bodyAsString()).isEqualTo(200);

        assertThat(DecisionLogLines.awaitLine(server.decisionLogDirectory(),
                webShop.bodyAsJsonObject().getString("decisionId")).getString("caller")).isEqualTo("web-shop");
        assertThat(DecisionLogLines.awaitLine(server.decisionLogDirectory(),
                callCentre.bodyAsJsonObject().getString("decisionId")).getString("caller")).isEqualTo("call-centre");
        assertThat(DecisionLogLines.awaitLine(server.decisionLogDirectory(),
                evaluated.getHeader("X-Decision-Id")).getString("caller")).isEqualTo("web-shop");
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty", adminToken = TOKEN, setup = ThreeChannels.class)
    @DisplayName("reading a logged decision: a key with read-decisions or the admin token; 403 for a key without it")
    void readingDecisions(WebClient client) {
        String id = decide(client, "X-Api-Key", WEB_SHOP).bodyAsJsonObject().getString("decisionId");

        assertThat(lookUp(client, id, "X-Api-Key", AUDITOR).statusCode()).isEqualTo(200);
        assertThat(lookUp(client, id, "Authorization", "Bearer " + CALL_CENTRE).statusCode()).isEqualTo(200);
        assertThat(lookUp(client, id, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> webShop = lookUp(client, id, "X-Api-Key", WEB_SHOP);
        assertThat(webShop.statusCode()).isEqualTo(403);
        assertThat(error(webShop).getString("code")).isEqualTo("forbidden");
        assertThat(lookUp(client, id, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    @WithServer(ruleSets = "retail-loyalty")
    @DisplayName("with neither an admin token nor a key that may read them, logged decisions cannot be read at all")
    void readingDecisionsOff(WebClient client) {
        String id = decide(client, null, null).bodyAsJsonObject().getString("decisionId");

        HttpResponse<Buffer> refused = lookUp(client, id, null, null);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(error(refused).getString("code")).isEqualTo("reading_decisions_disabled");
        assertThat(error(refused).getString("message")).contains("DECISIONING_ADMIN_TOKEN", "read-decisions");
    }

    @Test
    @DisplayName("--api-keys reads the file once; a line it cannot use is a usage error naming the file and line")
    void keysFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("keys.txt"), "web-shop " + WEB_SHOP + "\n");
        ServerSettings settings = ServerCommand.parse(Map.of(), new Properties(), "--api-keys", file.toString())
                .settings();
        assertThat(settings.apiKeys().holderOf(WEB_SHOP)).map(ApiKeys.Holder::channel).contains("web-shop");
        assertThat(settings.apiKeys().holderOf(CALL_CENTRE)).isEmpty();
        assertThat(ServerCommand.parse(Map.of("DECISIONING_API_KEYS_FILE", file.toString()), new Properties())
                .settings().apiKeys().configured()).isTrue();
        assertThat(ServerCommand.parse(Map.of(), new Properties()).settings().apiKeys().configured()).isFalse();

        Path weak = Files.writeString(dir.resolve("weak.txt"), "# keys\nweb-shop secret\n");
        assertThatThrownBy(() -> ServerCommand.parse(Map.of(), new Properties(), "--api-keys=" + weak))
                .isInstanceOf(ParameterException.class)
                .hasMessage("Invalid value for option '--api-keys': " + weak + " line 2: a key of 6 characters is too "
                        + "easy to guess; use at least 16");
        Path twice = Files.writeString(dir.resolve("twice.txt"), "a " + WEB_SHOP + "\nb " + WEB_SHOP + "\n");
        assertThatThrownBy(() -> ServerCommand.parse(Map.of(), new Properties(), "--api-keys=" + twice))
                .hasMessageContaining("line 2: the key of 'b' is also the key of 'a'");
        Path badPermission = Files.writeString(dir.resolve("perm.txt"), "a " + WEB_SHOP + " admin\n");
        assertThatThrownBy(() -> ServerCommand.parse(Map.of(), new Properties(), "--api-keys=" + badPermission))
                .hasMessageContaining("line 1: 'admin' is not a permission; there are decide and read-decisions");
        assertThatThrownBy(() -> ServerCommand.parse(Map.of(), new Properties(), "--api-keys=" + dir.resolve("none")))
                .hasMessageStartingWith("Invalid value for option '--api-keys': cannot read");
    }
}
