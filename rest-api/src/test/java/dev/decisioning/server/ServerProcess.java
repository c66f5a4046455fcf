package dev.decisioning.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server as an operator runs it: {@code java dev.decisioning.server.DecisioningServer ...} in a process of its own,
 * on the test classpath, its output (stdout and stderr) kept in a file.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** What a process that ended said and how it ended. */
    record Ended(int exitCode, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    static ServerProcess start(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DecisioningServer.class.getName()));
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("server-process-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // The server reads these; the test's own environment must not leak a setting into it.
            builder.environment().keySet().removeIf(name -> name.startsWith("DECISIONING_"));
            builder.environment().putAll(env);
            return new ServerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the server and waits for it to exit: for start-up failures, which must end the process. */
    static Ended runToExit(Duration within, String... args) {
        return runToExit(within, Map.of(), args);
    }

    /** {@link #runToExit(Duration, String...)} with these environment variables. */
    static Ended runToExit(Duration within, Map<String, String> env, String... args) {
        try (ServerProcess server = start(env, args)) {
            if (!server.process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the server did not exit within " + within + "; it said:\n" + server.output());
            }
            return new Ended(server.process.exitValue(), server.output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends the server SIGTERM, as a service manager or an orchestrator stops it. */
    void terminate() {
        process.destroy();
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit, or fails with what it said. */
    Ended awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + within + "; it said:\n" + output());
        }
        return new Ended(process.exitValue(), output());
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the server answers {@code GET /health}, or fails with what it said. */
    void awaitServing(int port, Duration within) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server did not serve within " + within + ":\n" + output());
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
