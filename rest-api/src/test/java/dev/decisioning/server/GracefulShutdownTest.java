package dev.decisioning.server;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a server process with a call in flight: it refuses new connections at once, answers the call, logs each
 * step of its shutdown and exits with status 0.
 */
class GracefulShutdownTest {
    static final Duration WITHIN = Duration.ofSeconds(120);
    /** A decision that takes as long as its input says: {@code n} rounds of FEEL (a few microseconds each). */
    static final String SLOW_MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="_slow" name="slow"
                         namespace="https://decisioning.dev/test/slow">
              <inputData id="_n" name="n"><variable name="n" typeRef="number"/></inputData>
              <decision id="_total" name="total">
                <variable name="total" typeRef="number"/>
                <informationRequirement><requiredInput href="#_n"/></informationRequirement>
                <literalExpression><text>count(for i in 1..n return i)</text></literalExpression>
              </decision>
            </definitions>
            """;
    /** How long the call in flight should take: time enough to stop the server while it runs. */
    static final long SLOW_CALL_MILLIS = 4_000;

    @TempDir
    Path work;

    @Test
    @DisplayName("SIGTERM: new connections refused, the call in flight answered 200, each step logged, exit 0")
    void sigtermLetsTheCallInFlightFinish() throws Exception {
        Path rules = work.resolve("rules");
        Files.createDirectories(rules.resolve("slow"));
        Files.writeString(rules.resolve("slow").resolve("slow.dmn"), SLOW_MODEL);
        int port = TestServer.port();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ServerProcess server = ServerProcess.start(Map.of(), "--rules", rules.toString(),
                "--data", work.resolve("data").toString(), "--port", String.valueOf(port),
                "--budgets", "slow=120000", "--shutdown-grace-ms", "60000")) {
            server.awaitServing(port, WITHIN);

            // How many rounds take SLOW_CALL_MILLIS on this machine, now.
            assertThat(slowCall(http, port, 100_000).body()).contains("\"result\":100000");
            long started = System.nanoTime();
            assertThat(slowCall(http, port, 200_000).body()).contains("\"result\":200000");
            double millisPerRound = Math.max(0.0001, (System.nanoTime() - started) / 1e6 / 200_000);
            int rounds = (int) Math.min(5_000_000, Math.max(200_000, SLOW_CALL_MILLIS / millisPerRound));

            long sent = System.nanoTime();
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(request(port, rounds),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            server.terminate();

            boolean refusedWhileInFlight = false;
            while (!inFlight.isDone() && !refusedWhileInFlight) {
                refusedWhileInFlight = refused(port);
                Thread.sleep(20);
            }
            HttpResponse<String> answer = inFlight.get();
            long callMillis = (System.nanoTime() - sent) / 1_000_000;
            ServerProcess.Ended ended = server.awaitExit(WITHIN);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"result\":" + rounds);
            assertThat(refusedWhileInFlight).as("a new connection was refused while the call (" + callMillis
                    + " ms) was in flight; the server said:\n" + ended.output()).isTrue();
            assertThat(ended.exitCode()).as(ended.output()).isZero();
            assertThat(shutdownLines(ended.lines())).as(ended.output()).satisfiesExactly(
                    line -> assertThat(line).contains("shutdown: SIGTERM: no new connections, 1 call(s) in flight get "
                            + "up to 60000 ms to finish"),
                    line -> assertThat(line).contains("POST /api/v1/rulesets/slow/evaluate 200"),
                    line -> assertThat(line).containsPattern("shutdown: HTTP stopped after \\d+ ms: 1 call\\(s\\) "
                            + "answered meanwhile, 0 closed unanswered"),
                    // the decision log's close is the server's one shutdown step
                    line -> assertThat(line).contains("shutdown: running 1 step(s): [decision-log]"),
                    line -> assertThat(line).containsPattern("shutdown: decision-log done in \\d+ ms"),
                    line -> assertThat(line).contains("shutdown: stopping Vert.x"),
                    line -> assertThat(line).containsPattern("shutdown: Vert.x stopped in \\d+ ms"),
                    line -> assertThat(line).containsPattern("GracefulShutdown - stopped after \\d+ ms"));
        }
    }

    /** The log from the signal on: the shutdown's steps and the access line of the call it waited for. */
    private static List<String> shutdownLines(List<String> lines) {
        return lines.stream().dropWhile(line -> !line.contains("shutdown: SIG"))
                .filter(line -> line.contains("GracefulShutdown") || line.contains("ShutdownSteps")
                        || line.contains(" access - ")).toList();
    }

    private static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> slowCall(HttpClient http, int port, int rounds)
            throws IOException, InterruptedException {
        return http.send(request(port, rounds), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, int rounds) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/rulesets/slow/evaluate"))
                .timeout(WITHIN).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": {\"n\": " + rounds + "}}")).build();
    }
}
