package dev.decisioning.server;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that cannot start says why in one line (the cause, the file or port, the flag and environment variable
 * that change it) and exits with a non-zero status: run as a process, the way an operator or a service manager does.
 */
class StartupFailureTest {
    static final Duration EXIT_WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    @DisplayName("a port in use: exit 1, one line naming the port and --port / DECISIONING_PORT")
    void portInUse() throws IOException {
        Path rules = smallRules();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();

            ServerProcess.Ended run = ServerProcess.runToExit(EXIT_WITHIN, "--rules", rules.toString(),
                    "--data", work.resolve("data").toString(), "--port", String.valueOf(port));

            assertFailedWithOneLine(run, "port " + port + " is already in use", "--port", "DECISIONING_PORT");
        }
    }

    @Test
    @DisplayName("a missing rules folder (and nothing stored): exit 1, one line naming the folder and --rules")
    void missingRulesFolder() {
        Path missing = work.resolve("no-such-rules");

        ServerProcess.Ended run = ServerProcess.runToExit(EXIT_WITHIN, "--rules", missing.toString(),
                "--data", work.resolve("data").toString(), "--port", String.valueOf(TestServer.port()));

        assertFailedWithOneLine(run, "rules directory " + missing + " does not exist", "--rules",
                "DECISIONING_RULES_DIR");
    }

    @Test
    @DisplayName("a rules 'folder' that is a file: exit 1, one line naming it and --rules")
    void rulesFolderIsAFile() throws IOException {
        Path file = Files.writeString(work.resolve("rules.txt"), "not a folder");

        ServerProcess.Ended run = ServerProcess.runToExit(EXIT_WITHIN, "--rules", file.toString(),
                "--data", work.resolve("data").toString(), "--port", String.valueOf(TestServer.port()));

        assertFailedWithOneLine(run, "rules directory " + file + " is a file, not a folder", "--rules",
                "DECISIONING_RULES_DIR");
    }

    @Test
    @DisplayName("--data naming a file: exit 1, one line naming the file and --data / DECISIONING_DATA_DIR")
    void dataDirectoryIsAFile() throws IOException {
        Path file = Files.writeString(work.resolve("data.txt"), "not a folder");

        ServerProcess.Ended run = ServerProcess.runToExit(EXIT_WITHIN, "--rules", smallRules().toString(),
                "--data", file.toString(), "--port", String.valueOf(TestServer.port()));

        assertFailedWithOneLine(run, "data directory " + file + " is a file, not a folder", "--data",
                "DECISIONING_DATA_DIR");
        assertThat(Files.readString(file)).as("the file is left as it was").isEqualTo("not a folder");
    }

    @Test
    @DisplayName("a store that cannot be repaired (its rulesets folder is a file): exit 1, one line naming it and --data")
    void storeThatCannotBeUsed() throws IOException {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("rulesets"), "not a folder");

        ServerProcess.Ended run = ServerProcess.runToExit(EXIT_WITHIN, "--rules", smallRules().toString(),
                "--data", data.toString(), "--port", String.valueOf(TestServer.port()));

        assertFailedWithOneLine(run, "the stored versions under " + data.resolve("rulesets") + " cannot be used ("
                + data.resolve("rulesets") + " is a file where a folder belongs)", "--data", "DECISIONING_DATA_DIR");
    }

    @Test
    @DisplayName("a data directory that cannot be written: exit 1, one line naming it and --data")
    void dataDirectoryNotWritable() throws IOException {
        Path data = Files.createDirectories(work.resolve("read-only-data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Path probe = data.resolve("probe");
            boolean writable;
            try {
                Files.delete(Files.createFile(probe));
                writable = true;
            } catch (IOException e) {
                writable = false;
            }
            Assumptions.assumeFalse(writable, "this user (root?) can write to a read-only folder");

            ServerProcess.Ended run = ServerProcess.runToExit(EXIT_WITHIN, "--rules", smallRules().toString(),
                    "--data", data.toString(), "--port", String.valueOf(TestServer.port()));

            assertFailedWithOneLine(run, "data directory " + data, "--data", "DECISIONING_DATA_DIR");
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** One small DMN rule set: compiles in well under a second. */
    private Path smallRules() throws IOException {
        Path rules = work.resolve("rules");
        TestServer.copyRuleSets(TestServer.TEST_RULES.resolve("discount-only"), rules.resolve("discount-only"));
        return rules;
    }

    @Test
    @DisplayName("--version prints the server's version and exits 0 without starting")
    void versionFlag() {
        ServerProcess.Ended run = ServerProcess.runToExit(EXIT_WITHIN, "--version");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().strip()).matches("decisioning-server \\S+");
    }

    private static void assertFailedWithOneLine(ServerProcess.Ended run, String cause, String flag, String env) {
        assertThat(run.exitCode()).as("exit status; it said:\n" + run.output()).isEqualTo(DecisioningServer.START_FAILED);
        List<String> errors = run.lines().stream().filter(line -> line.contains("ERROR")).toList();
        assertThat(errors).as("error lines in:\n" + run.output()).hasSize(1);
        assertThat(errors.get(0)).contains("could not start: ").contains(cause).contains(flag).contains(env);
        assertThat(run.output()).as("no stack trace for a failure the operator fixes with a flag")
                .doesNotContain("\tat ").doesNotContain("Exception");
    }
}
