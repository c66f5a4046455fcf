package dev.decisioning.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code GET /metrics} after known traffic: the server's own counters exact, its latency histogram and percentiles,
 * and Vert.x's and the JVM's metrics beside them.
 */
class MetricsTest {
    static final String TOKEN = "metrics-admin";

    /** The scrape's samples: each series (name and labels, as written) and its value. */
    static Map<String, Double> scrape(WebClient client) {
        HttpResponse<Buffer> response = client.get("/metrics").send().await();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("content-type")).startsWith("text/plain");
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : response.bodyAsString().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    static HttpResponse<Buffer> post(WebClient client, String path, String body) {
        return client.post(path).putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body)).await();
    }

    @Test
    @DisplayName("n decisions, an evaluation, a refused request and a publish: each counted exactly, by rule set and version")
    @WithServer(ruleSets = {"retail-loyalty", "discount-only"}, adminToken = TOKEN)
    void countsKnownTraffic(WebClient client) {
        int firings = 0;
        for (int i = 0; i < 3; i++) {
            HttpResponse<Buffer> decided = post(client, "/api/v1/decisions/retail-loyalty", RuleFiles.customerWhoSpent450());
            assertThat(decided.statusCode()).isEqualTo(200);
            firings += decided.bodyAsJsonObject().getJsonArray("explanation").size();
        }
        assertThat(post(client, "/api/v1/rulesets/discount-only/evaluate", "{\"inputs\": {\"amount\": 150}}")
                .statusCode()).isEqualTo(200);
        assertThat(post(client, "/api/v1/decisions/retail-loyalty", "{\"customer\": {\"id\": \"c-1\", \"points\": 5}}")
                .statusCode()).isEqualTo(400);
        HttpResponse<Buffer> published = client.put("/api/v1/rulesets/retail-loyalty?file=customer-decision.dmn")
                .putHeader("Authorization", "Bearer " + TOKEN)
                .sendBuffer(Buffer.buffer(RuleFiles.decisionModelWithSilverAt(400))).await();
        assertThat(published.statusCode()).as(published.bodyAsString()).isEqualTo(201);
        JsonObject afterPublish = post(client, "/api/v1/decisions/retail-loyalty", RuleFiles.customerWhoSpent450())
                .bodyAsJsonObject();
        assertThat(afterPublish.getJsonObject("ruleset").getInteger("version")).isEqualTo(2);
        firings += afterPublish.getJsonArray("explanation").size();

        Map<String, Double> metrics = scrape(client);

        assertThat(metrics).containsEntry(
                        "decisioning_decisions_total{kind=\"decision\",ruleset=\"retail-loyalty\",version=\"1\"}", 3.0)
                .containsEntry("decisioning_decisions_total{kind=\"decision\",ruleset=\"retail-loyalty\",version=\"2\"}",
                        1.0)
                .containsEntry("decisioning_decisions_total{kind=\"evaluation\",ruleset=\"discount-only\",version=\"1\"}",
                        1.0)
                .containsEntry("decisioning_rule_firings_total{kind=\"decision\",ruleset=\"retail-loyalty\"}",
                        (double) firings)
                .containsEntry("decisioning_errors_total{code=\"invalid_request\"}", 1.0)
                .containsEntry("decisioning_publishes_total{outcome=\"accepted\",ruleset=\"retail-loyalty\"}", 1.0)
                .containsEntry("decisioning_activations_total{how=\"publish\",ruleset=\"retail-loyalty\"}", 1.0)
                // compiled at start, and again for the publish
                .containsEntry("decisioning_compile_time_seconds_count{outcome=\"compiled\",ruleset=\"retail-loyalty\"}",
                        2.0)
                .containsEntry("decisioning_compile_time_seconds_count{outcome=\"compiled\",ruleset=\"discount-only\"}",
                        1.0)
                .containsEntry("decisioning_decision_latency_seconds_count{kind=\"decision\",ruleset=\"retail-loyalty\"}",
                        4.0);
        assertThat(metrics.keySet()).noneMatch(series -> series.startsWith("decisioning_errors_total")
                && !series.contains("invalid_request"));
        assertThat(metrics.keySet()).noneMatch(series -> series.startsWith("decisioning_publishes_total")
                && series.contains("refused"));
        // The latency histogram: its buckets, from 1 ms to 10 s, for Prometheus to add up and take percentiles of.
        assertThat(metrics).containsEntry("decisioning_decision_latency_seconds_bucket{kind=\"decision\","
                + "ruleset=\"retail-loyalty\",le=\"+Inf\"}", 4.0);
        assertThat(metrics.keySet()).filteredOn(series -> series.startsWith("decisioning_decision_latency_seconds_bucket"
                + "{kind=\"decision\"")).hasSize(14).anyMatch(series -> series.endsWith("le=\"0.001\"}"))
                .anyMatch(series -> series.endsWith("le=\"10.0\"}"));
        assertThat(metrics.get("decisioning_compile_time_seconds_sum{outcome=\"compiled\",ruleset=\"retail-loyalty\"}"))
                .isPositive();
        // The scrape itself is in flight while it is written.
        assertThat(metrics.get("decisioning_requests_in_flight")).isCloseTo(1.0, within(0.0));
        // Vert.x's own HTTP server metrics and the JVM's, on the same registry.
        assertThat(metrics.keySet()).anyMatch(series -> series.startsWith("vertx_http_server_requests_total"));
        assertThat(metrics.keySet()).anyMatch(series -> series.startsWith("jvm_memory_used_bytes"));
    }

    @Test
    @DisplayName("activations and rollbacks counted by how; a refused publish counted as refused")
    @WithServer(ruleSets = "discount-only", adminToken = TOKEN)
    void activationsAndRefusals(WebClient client) {
        String model = "/api/v1/rulesets/discount-only?file=discount.dmn";
        assertThat(client.put(model).putHeader("Authorization", "Bearer " + TOKEN)
                .sendBuffer(Buffer.buffer("<definitions")).await().statusCode()).isEqualTo(422);
        assertThat(client.post("/api/v1/rulesets/discount-only/activate?version=1")
                .putHeader("Authorization", "Bearer " + TOKEN).send().await().statusCode()).isEqualTo(200);

        Map<String, Double> metrics = scrape(client);

        assertThat(metrics)
                .containsEntry("decisioning_publishes_total{outcome=\"refused\",ruleset=\"discount-only\"}", 1.0)
                .containsEntry("decisioning_activations_total{how=\"activate\",ruleset=\"discount-only\"}", 1.0)
                .containsEntry("decisioning_errors_total{code=\"ruleset_invalid\"}", 1.0)
                .containsEntry("decisioning_compile_time_seconds_count{outcome=\"failed\",ruleset=\"discount-only\"}",
                        1.0);
    }
}
