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
 * Starts the real server, as {@code java -jar} would, on a free loopback port over a temporary rules directory
 * holding the bundled rule sets ({@code rules/}) and the test rule sets ({@code src/test/resources/test-rules/}).
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

    /** Starts the server on {@code rules}; completes with the port it listens on. */
    public static Future<Integer> start(Vertx vertx, Path rules) {
        int port = freePort();
        return DecisioningServer.start(vertx, new ServerSettings(rules, port, 2, dataDirectory())).map(engine -> port);
    }

    /**
     * Starts the server on the bundled and test rule sets, with publishing on under {@code adminToken}; completes with
     * the port it listens on.
     */
    public static Future<Integer> startPublishing(Vertx vertx, String adminToken) {
        return start(vertx, new ServerSettings(rulesDirectory(), freePort(), 2, dataDirectory(), adminToken, false, false));
    }

    /** A fresh, empty data directory: every test server starts with no stored versions. */
    public static Path dataDirectory() {
        try {
            return Files.createTempDirectory("decisioning-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server with the given settings; completes with the port it listens on. */
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
