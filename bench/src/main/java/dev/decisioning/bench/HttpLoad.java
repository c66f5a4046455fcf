package dev.decisioning.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator on loopback. Maximum throughput comes from a closed loop over a fixed set of connections; latency
 * comes from an open loop at a fixed rate, each request timed from when it was due to be sent rather than when it
 * went out, so a stalled server cannot hide its stall (no coordinated omission). Runs on one event loop of its own.
 */
final class HttpLoad implements AutoCloseable {
    record Result(String endpoint, double warmUpSeconds, double maxPerSecond, double fixedRate, long p50Micros,
                  long p99Micros, long p999Micros, long errors) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final int connections;
    private final WebClient client;

    HttpLoad(int port, int connections) {
        this.connections = connections;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    Result measure(String endpoint, String path, List<Buffer> bodies, Duration warmUpLimit, Duration maxPhase,
                   Duration leadIn, Duration ratePhase) {
        // Steady state is what is measured. The decision path runs through a great deal of code and the JIT takes a
        // minute or more of traffic to settle on it on 2 cores, so traffic runs in 5 s windows until throughput stops
        // rising (under 3% better than the best window so far, twice in a row), or until the limit.
        long warmUpStarted = System.nanoTime();
        long limit = warmUpStarted + warmUpLimit.toNanos();
        double best = 0;
        int flat = 0;
        while (System.nanoTime() < limit && flat < 2) {
            double window = closedLoop(path, bodies, Duration.ofSeconds(5));
            System.out.printf(java.util.Locale.ROOT, "%s: warm-up window %.0f req/s%n", endpoint, window);
            flat = window < best * 1.03 ? flat + 1 : 0;
            best = Math.max(best, window);
        }
        double warmUpSeconds = (System.nanoTime() - warmUpStarted) / 1e9;
        double max = closedLoop(path, bodies, maxPhase);
        double rate = max / 2;
        AtomicLong errors = new AtomicLong();
        // Going from saturation to a fixed rate changes the call pattern the JIT compiled the client and the server
        // for: in the first second or two both recompile (over a hundred methods in the first 250 ms, measured), and
        // requests wait tens of milliseconds. Like wrk2's calibration period, the rate runs unmeasured for a while
        // before the latency that is reported.
        openLoop(path, bodies, rate, leadIn, errors);
        Histogram latency = openLoop(path, bodies, rate, ratePhase, errors);
        return new Result(endpoint, warmUpSeconds, max, rate, latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9), errors.get());
    }

    private double closedLoop(String path, List<Buffer> bodies, Duration duration) {
        Promise<Long> done = Promise.promise();
        AtomicLong completed = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong running = new AtomicLong(connections);
        long started = System.nanoTime();
        vertx.runOnContext(v -> {
            for (int c = 0; c < connections; c++) {
                loop(path, bodies, c, end, completed, running, done);
            }
        });
        done.future().await();
        return completed.get() / ((System.nanoTime() - started) / 1e9);
    }

    private void loop(String path, List<Buffer> bodies, int index, long end, AtomicLong completed, AtomicLong running,
                      Promise<Long> done) {
        if (System.nanoTime() > end) {
            if (running.decrementAndGet() == 0) {
                done.complete(completed.get());
            }
            return;
        }
        client.post(path).sendBuffer(bodies.get(index % bodies.size())).onComplete(r -> {
            completed.incrementAndGet();
            loop(path, bodies, index + connections, end, completed, running, done);
        });
    }

    private Histogram openLoop(String path, List<Buffer> bodies, double rate, Duration duration, AtomicLong errors) {
        Histogram histogram = new Histogram(60_000_000L, 3);
        long total = (long) (rate * duration.toSeconds());
        long intervalNanos = (long) (1e9 / rate);
        Promise<Void> done = Promise.promise();
        AtomicLong sent = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        long start = System.nanoTime();
        vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
            long due = (System.nanoTime() - start) / intervalNanos + 1;
            while (sent.get() < Math.min(due, total)) {
                long n = sent.getAndIncrement();
                long intended = start + n * intervalNanos;
                client.post(path).sendBuffer(bodies.get((int) (n % bodies.size()))).onComplete(r -> {
                    if (r.failed() || r.result().statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                    histogram.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
                    if (finished.incrementAndGet() == total) {
                        done.complete();
                    }
                });
            }
            if (sent.get() >= total) {
                vertx.cancelTimer(timer);
            }
        }));
        done.future().await();
        return histogram;
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
