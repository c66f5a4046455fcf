package dev.decisioning.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code decisioning-server.jar self-check} as the build and an operator run it: a real server started on the given
 * rules, asked over HTTP, its answers and exit code reported.
 */
class SelfCheckCommandTest {
    @TempDir
    Path work;

    @Test
    void passesOnTheBundledRulesAfterAnsweringACustomerDecisionOverHttp() {
        Run run = run("self-check", "--rules", TestServer.BUNDLED_RULES.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(SelfCheckCommand.PASSED);
        assertThat(run.output())
                .contains("GET /health -> 200")
                .contains("POST /api/v1/decisions/retail-loyalty -> 200")
                .contains("POST /api/v1/decisions/retail-loyalty (malformed JSON) -> 400")
                .contains("self-check passed");
    }

    @Test
    void failsAndNamesTheRuleSetThatDoesNotCompileWhileCheckingTheOthers() throws IOException {
        Path rules = work.resolve("rules");
        TestServer.copyRuleSets(TestServer.BUNDLED_RULES.resolve("retail-loyalty"), rules.resolve("retail-loyalty"));
        TestServer.copyRuleSets(TestServer.TEST_RULES.resolve("broken-drl"), rules.resolve("broken-drl"));
        TestServer.copyRuleSets(TestServer.TEST_RULES.resolve("discount-only"), rules.resolve("discount-only"));

        Run run = run("self-check", "--rules", rules.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(SelfCheckCommand.FAILED);
        assertThat(run.output())
                .contains("rule set broken-drl: FAILED")
                .contains("rule set discount-only: no customer decision model, version 1 serving")
                .contains("POST /api/v1/decisions/retail-loyalty -> 200")
                .contains("self-check FAILED: broken-drl does not compile");
    }

    @Test
    void refusesAnUnknownOptionOrAMissingRulesDirectory() {
        Run unknown = run("self-check", "--port", "80");
        assertThat(unknown.exitCode()).isEqualTo(SelfCheckCommand.USAGE);
        assertThat(unknown.output().strip())
                .isEqualTo("Unknown option: '--port'; see 'java -jar decisioning-server.jar self-check --help'");

        Run missing = run("self-check", "--rules", work.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(SelfCheckCommand.USAGE);
        assertThat(missing.output()).contains("no rules directory at");
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exitCode = SelfCheckCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
    }
}
