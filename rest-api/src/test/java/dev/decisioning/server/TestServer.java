package dev.decisioning.server;

import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The pieces of a test server: the bundled rule sets ({@code rules/}) and the test rule sets
 * ({@code src/test/resources/test-rules/}) copied into temporary directories, free loopback ports, clients. Tests
 * get a started server from {@link WithServer}; {@link #start(Vertx, ServerSettings)} is for a test that starts one
 * in the middle of its own steps (on the data a killed server process left, say).
 */
public final class TestServer {
    public static final Path BUNDLED_RULES = Path.of("..", "rules");
    public static final Path TEST_RULES = Path.of("src", "test", "resources", "test-rules");

    private TestServer() {
    }

    /** A fresh rules directory with the bundled and the test rule sets side by side. */
    public static Path rulesDirectory() {
        try {
            Path dir = Files.createTempDirectory("decisioning-rules-");
            copyRuleSets(BUNDLED_RULES, dir);
            copyRuleSets(TEST_RULES, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client for a server started here, on loopback. */
    public static WebClient client(Vertx vertx, int port) {
        return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    /** A fresh, empty data directory: every test server starts with no stored versions. */
    public static Path dataDirectory() {
        try {
            return Files.createTempDirectory("decisioning-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server with the given settings, the real server as {@code java -jar} would; completes with its port. */
    public static Future<Integer> start(Vertx vertx, ServerSettings settings) {
        return DecisioningServer.start(vertx, settings).map(engine -> settings.port());
    }

    /** A free loopback port for a server a test configures itself. */
    public static int port() {
        return freePort();
    }

    public static void copyRuleSets(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
