package dev.decisioning.server;

import dev.decisioning.engine.ExecutionBudget;
import dev.decisioning.engine.ExecutionBudgets;
import dev.decisioning.server.settings.ServerLimits;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A business user edits rule files while the server runs with {@code --watch}, and sees the change at once. */
@WithServer(ruleSets = "retail-loyalty", instances = 1, watch = true, setup = WatchModeTest.PatientBudget.class)
class WatchModeTest {
    /** A loaded machine must not turn a cold first decision into a budget overrun: this test is about publishing. */
    static final class PatientBudget implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) {
            server.settings(settings -> settings.withLimits(ServerLimits.DEFAULT.withBudgets(new ExecutionBudgets(
                    new ExecutionBudget(Duration.ofSeconds(60), ExecutionBudget.DEFAULT.steps()), Map.of()))));
        }
    }

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

    /** The rule set's messages about its last change under the rules directory that was not published. */
    static java.util.List<JsonObject> refusedChange() {
        return client.get("/api/v1/rulesets/retail-loyalty").send().await().bodyAsJsonObject().getJsonArray("messages")
                .stream().map(JsonObject.class::cast).filter(m -> "refused-change".equals(m.getString("type")))
                .toList();
    }

    static java.util.List<JsonObject> awaitRefusedChange(java.util.function.Predicate<java.util.List<JsonObject>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        java.util.List<JsonObject> messages = refusedChange();
        while (!done.test(messages) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            messages = refusedChange();
        }
        return messages;
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
        java.util.List<JsonObject> refused;
        try (LogCapture log = LogCapture.of(RulesWatchVerticle.class)) {
            Files.writeString(metrics, Files.readString(metrics).replace("salience 100\nwhen", "salience 100\nwhen (("));
            refused = awaitRefusedChange(messages -> !messages.isEmpty());
            // The log: one line saying what happened, then each error with its file and line, not a Java record.
            java.util.List<String> lines = log.events().stream().map(e -> e.getFormattedMessage())
                    .dropWhile(line -> !line.contains("was not published")).toList();
            assertThat(lines).isNotEmpty();
            assertThat(lines.get(0)).matches("retail-loyalty changed on disk but was not published, \\d+ error\\(s\\); "
                    + "version 2 keeps serving");
            assertThat(lines.subList(1, lines.size())).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).matches("retail-loyalty: \\S+( line \\d+)?: .+"))
                    .anySatisfy(line -> assertThat(line).matches("retail-loyalty: customer-metrics\\.drl line \\d+: .+"));
            assertThat(String.join("\n", lines)).doesNotContain("DecisionMessage[");
        }
        // Over HTTP: the rule set's state says the change was not published, and why, file and line.
        JsonObject ruleSet = client.get("/api/v1/rulesets/retail-loyalty").send().await().bodyAsJsonObject();
        assertThat(ruleSet.getString("state")).isEqualTo("COMPILED");
        assertThat(ruleSet.getInteger("version")).isEqualTo(2);
        assertThat(refused.get(0).getString("severity")).isEqualTo("WARNING");
        assertThat(refused.get(0).getString("text")).contains("were not published: version 2 keeps serving");
        assertThat(refused.subList(1, refused.size())).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getString("severity")).isEqualTo("WARNING"))
                .anySatisfy(m -> {
                    assertThat(m.getString("source")).isEqualTo("customer-metrics.drl");
                    assertThat(m.getInteger("line")).isPositive();
                });
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
        JsonObject notPublished = decide450();
        assertThat(notPublished.getJsonObject("ruleset").getInteger("version")).isEqualTo(2);
        assertThat(marker).doesNotExist();
        assertThat(awaitRefusedChange(messages -> messages.stream().anyMatch(m -> m.getString("text").contains("exec"))))
                .anySatisfy(m -> assertThat(m.getString("source")).isEqualTo("customer-metrics.drl"));

        // Saved right again: the files are version 2's, which answers, and nothing is refused any more.
        Files.write(metrics, RuleFiles.retailLoyalty().get("customer-metrics.drl"));
        assertThat(awaitRefusedChange(List::isEmpty)).isEmpty();
        assertThat(decide450().getJsonObject("ruleset").getInteger("version")).isEqualTo(2);
    }
}
