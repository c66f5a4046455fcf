package dev.decisioning.server;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server's command line as an operator meets it, in a process of its own: help for the server and each
 * subcommand, one line and exit status 2 for a wrong flag or value, and {@code --host}.
 */
class ServerCommandLineTest {
    static final Duration EXIT_WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    @DisplayName("--help, for the server and for each subcommand, prints the usage and exits 0 without starting")
    void help() {
        ServerProcess.Ended server = ServerProcess.runToExit(EXIT_WITHIN, "--help");
        assertThat(server.exitCode()).as(server.output()).isZero();
        assertThat(server.output()).startsWith("usage: java -jar decisioning-server.jar [OPTIONS]")
                .contains("--rules=DIR", "--host=ADDRESS", "DECISIONING_HOST", "--port=N", "DECISIONING_PORT",
                        "--cluster-members=HOST:PORT", "--idle-timeout-s=N", "DECISIONING_IDLE_TIMEOUT_S", "test",
                        "self-check", "--name=value")
                .doesNotContain("INFO");

        ServerProcess.Ended test = ServerProcess.runToExit(EXIT_WITHIN, "test", "--help");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).startsWith("usage: java -jar decisioning-server.jar test --rules=DIR --suites=DIR")
                .contains("--min-coverage=PERCENT");

        ServerProcess.Ended selfCheck = ServerProcess.runToExit(EXIT_WITHIN, "self-check", "-h");
        assertThat(selfCheck.exitCode()).as(selfCheck.output()).isZero();
        assertThat(selfCheck.output()).startsWith("usage: java -jar decisioning-server.jar self-check [--rules=DIR]");
    }

    @Test
    @DisplayName("an unknown flag: exit 2, one line naming it and pointing to --help")
    void unknownFlag() {
        assertUsageError(ServerProcess.runToExit(EXIT_WITHIN, "--rules", "rules", "--verbose"),
                "Unknown option: '--verbose'; see 'java -jar decisioning-server.jar --help'");
        assertUsageError(ServerProcess.runToExit(EXIT_WITHIN, "self-check", "--port=80"),
                "Unknown option: '--port=80'; see 'java -jar decisioning-server.jar self-check --help'");
    }

    @Test
    @DisplayName("a bad value, given either way: exit 2, one line naming the flag and the value")
    void badValues() {
        assertUsageError(ServerProcess.runToExit(EXIT_WITHIN, "--port=abc"),
                "Invalid value for option '--port': 'abc' is not a whole number from 0 to 65535;"
                        + " see 'java -jar decisioning-server.jar --help'");
        assertUsageError(ServerProcess.runToExit(EXIT_WITHIN, "--idle-timeout-s", "-5"),
                "Invalid value for option '--idle-timeout-s': '-5' is not a whole number from 1 to 86400;"
                        + " see 'java -jar decisioning-server.jar --help'");
        assertUsageError(ServerProcess.runToExit(EXIT_WITHIN, "--request-timeout-s=-1"),
                "Invalid value for option '--request-timeout-s': '-1' is not a whole number from 1 to 3600;"
                        + " see 'java -jar decisioning-server.jar --help'");
    }

    @Test
    @DisplayName("a bad value in an environment variable: exit 2, one line naming the variable and the value")
    void badVariable() {
        assertUsageError(ServerProcess.runToExit(EXIT_WITHIN, Map.of("DECISIONING_MAX_CONNECTIONS", "lots")),
                "Invalid value for environment variable DECISIONING_MAX_CONNECTIONS: 'lots' is not a whole number"
                        + " from 1 to 1000000; see 'java -jar decisioning-server.jar --help'");
    }

    @Test
    @DisplayName("--host=127.0.0.1 serves on 127.0.0.1, and only there")
    void host() throws Exception {
        Path rules = work.resolve("rules");
        TestServer.copyRuleSets(TestServer.TEST_RULES.resolve("discount-only"), rules.resolve("discount-only"));
        int port = TestServer.port();

        try (ServerProcess server = ServerProcess.start(Map.of(), "--rules=" + rules, "--data=" + work.resolve("data"),
                "--port=" + port, "--host=127.0.0.1")) {
            server.awaitServing(port, Duration.ofSeconds(90));

            assertThat(server.output()).contains("serving 1 rule set(s) on http://127.0.0.1:" + port + " ");
            // Every 127.x.x.x address is this machine's loopback on Linux: a server on all interfaces would answer
            // on 127.0.0.2 as well, one on 127.0.0.1 does not.
            InetAddress other = InetAddress.getByName("127.0.0.2");
            Assumptions.assumeTrue(canListenOn(other), "127.0.0.2 is not a loopback address here");
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(other, port), 2_000);
                }
            }).isInstanceOf(IOException.class);
        }
    }

    private static boolean canListenOn(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void assertUsageError(ServerProcess.Ended run, String line) {
        assertThat(run.exitCode()).as("exit status; it said:\n" + run.output()).isEqualTo(DecisioningServer.USAGE);
        List<String> lines = run.lines().stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(run.output()).containsExactly(line);
    }
}
