package dev.decisioning.server.ops;

import dev.decisioning.engine.EngineEvents;
import dev.decisioning.engine.PublishOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * One server's metrics, scraped at {@code GET /metrics} in Prometheus' text format: the server's own (decisions by rule
 * set and version, their latency, rule firings, errors by code, publishes, activations, compile times, calls in
 * flight), and Vert.x's (HTTP server, worker pools, event bus) and the JVM's when the server's Vert.x was built by
 * {@link #newVertx()} or {@link #vertxBuilder(VertxOptions)}. Each server has a registry of its own, so servers in one
 * JVM (tests) count apart. Fed by the access log ({@link AccessLog}) and by the engine, as its {@link EngineEvents}.
 */
public final class ServerMetrics implements EngineEvents {
    /**
     * The decision latency histogram's bucket bounds: from a table lookup to a call at the default time budget. Fixed
     * bounds, so that the histograms of every server add up, and percentiles come from Prometheus
     * ({@code histogram_quantile}).
     */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final Duration[] COMPILE_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};
    private static final AtomicLong REGISTRIES = new AtomicLong();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** The name Vert.x knows this registry by; unique, since Vert.x shares registries of the same name. */
    private final String registryName = "decisioning-" + REGISTRIES.incrementAndGet();

    private ServerMetrics() {
    }

    public static ServerMetrics create() {
        return new ServerMetrics();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A Vert.x reporting its own metrics, and the JVM's, here. */
    public Vertx newVertx() {
        return vertxBuilder(new VertxOptions()).build();
    }

    /** A builder of a Vert.x with {@code options} that reports its own metrics, and the JVM's, here. */
    public VertxBuilder vertxBuilder(VertxOptions options) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                // The server calls nothing over HTTP; clients that share its Vert.x (tests) would be counted here.
                .setDisabledMetricsCategories(Set.of(MetricsDomain.HTTP_CLIENT.name()))
                .setRegistryName(registryName)
                .setJvmMetricsEnabled(true)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        return Vertx.builder().with(new VertxOptions(options).setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry));
    }

    /** {@code GET /metrics}: every meter of the registry, in Prometheus' text format. */
    public Handler<RoutingContext> scrapeHandler() {
        return PrometheusScrapingHandler.create(registry);
    }

    /** Calls being answered, as a gauge. */
    void inFlight(IntSupplier calls) {
        Gauge.builder("decisioning.requests.in.flight", calls::getAsInt)
                .description("HTTP requests received and not answered yet").register(registry);
    }

    /** A rule set answered a call: a decision or a model evaluation. */
    void answered(CallRecord call, long nanos) {
        String ruleSet = call.ruleSet();
        String version = call.version() == null ? "none" : String.valueOf(call.version());
        Counter.builder("decisioning.decisions").description("Calls answered by a rule set, by rule set and version")
                .tags("kind", call.kind(), "ruleset", ruleSet, "version", version).register(registry).increment();
        Timer.builder("decisioning.decision.latency")
                .description("Time from receiving a decision or evaluation call to its answer, by rule set")
                .tags("kind", call.kind(), "ruleset", ruleSet)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if (call.ruleFirings() > 0) {
            Counter.builder("decisioning.rule.firings")
                    .description("Rules and decision-table rows that made the answers (entries of their explanations)")
                    .tags("kind", call.kind(), "ruleset", ruleSet).register(registry).increment(call.ruleFirings());
        }
    }

    /** An error envelope was answered. */
    void error(String code) {
        Counter.builder("decisioning.errors").description("Error answers, by the error envelope's code")
                .tag("code", code).register(registry).increment();
    }

    @Override
    public void compiled(String ruleSet, Duration took, boolean serves) {
        Timer.builder("decisioning.compile.time").description("Time to compile a rule set version")
                .tags("ruleset", ruleSet, "outcome", serves ? "compiled" : "failed")
                .serviceLevelObjectives(COMPILE_BUCKETS)
                .register(registry).record(took);
    }

    @Override
    public void published(PublishOutcome outcome) {
        Counter.builder("decisioning.publishes").description("Publishes, accepted or refused, by rule set")
                .tags("ruleset", outcome.ruleSet(), "outcome", outcome.accepted() ? "accepted" : "refused")
                .register(registry).increment();
    }

    @Override
    public void activated(String ruleSet, int version, Activation how) {
        Counter.builder("decisioning.activations")
                .description("Versions made active: published, activated (rollbacks too) or followed from the cluster")
                .tags("ruleset", ruleSet, "how", how.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
