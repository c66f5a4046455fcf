package dev.decisioning.server;

import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A business user edits rule files while the server runs with {@code --watch}, and sees the change at once. */
@WithServer(ruleSets = "retail-loyalty", instances = 1, watch = true)
class WatchModeTest {
    @WithServer.Inject
    static ServerUnderTest server;
    @WithServer.Inject
    static WebClient client;

    static JsonObject decide450() {
        return client.post("/api/v1/decisions/retail-loyalty").sendBuffer(Buffer.buffer(RuleFiles.customerWhoSpent450()))
                .await().bodyAsJsonObject();
    }

    static JsonObject waitForVersion(String version, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonObject answer = decide450();
        while (!version.equals(String.valueOf(answer.getJsonObject("ruleset").getInteger("version")))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            answer = decide450();
        }
        return answer;
    }

    @Test
    @DisplayName("saving an edited table publishes it within seconds; a broken save leaves the last good version")
    void editedFilesArePublished() throws Exception {
        assertThat(decide450().getJsonObject("loyaltyTier").getString("tier")).isEqualTo("bronze");

        Path rules = server.rulesDirectory();
        Path model = rules.resolve("retail-loyalty").resolve("customer-decision.dmn");
        Files.writeString(model, RuleFiles.decisionModelWithSilverAt(400));
        JsonObject answer = waitForVersion("2", Duration.ofSeconds(10));
        assertThat(answer.getJsonObject("ruleset").getInteger("version")).isEqualTo(2);
        assertThat(answer.getJsonObject("loyaltyTier").getString("tier")).isEqualTo("silver");

        Path metrics = rules.resolve("retail-loyalty").resolve("customer-metrics.drl");
        Files.writeString(metrics, Files.readString(metrics).replace("salience 100\nwhen", "salience 100\nwhen (("));
        Thread.sleep(2_000);
        JsonObject after = decide450();
        assertThat(after.getJsonObject("ruleset").getInteger("version")).isEqualTo(2);
        assertThat(after.getJsonObject("loyaltyTier").getString("tier")).isEqualTo("silver");
        assertThat(client.get("/api/v1/rulesets/retail-loyalty/versions").send().await().bodyAsJsonObject()
                .getJsonArray("versions")).hasSize(2);

        // Rule code that reaches the host fails like a compile error: the last good version keeps serving, nothing runs.
        Path marker = Path.of("/tmp", "decisioning-watch-bypass");
        Files.deleteIfExists(marker);
        String setOrderCount = "modify( $p ) { setOrderCount( $c.getOrders().size() ) };";
        String original = new String(RuleFiles.retailLoyalty().get("customer-metrics.drl"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(original).contains(setOrderCount);
        Files.writeString(metrics, original.replace(setOrderCount, setOrderCount
                + " Runtime.getRuntime().exec(new String[] {\"touch\", \"" + marker + "\"});"));
        Thread.sleep(2_000);
        JsonObject refused = decide450();
        assertThat(refused.getJsonObject("ruleset").getInteger("version")).isEqualTo(2);
        assertThat(marker).doesNotExist();
    }
}
