package dev.decisioning.server;

import dev.decisioning.server.settings.DecisionLogSettings;
import dev.decisioning.server.settings.ServerSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decision log's flags and variables, without starting a server. */
class DecisionLogCommandLineTest {
    private static final long MIB = 1024L * 1024;

    private static ServerSettings settings(Map<String, String> env, String... args) {
        return ServerCommand.parse(env, new Properties(), args).settings();
    }

    @Test
    @DisplayName("on by default, under the data directory, every call, 64 MiB or a day a file, kept 30 days")
    void defaults() {
        ServerSettings settings = settings(Map.of(), "--data", "/srv/data");

        assertThat(settings.decisionLog()).isEqualTo(DecisionLogSettings.DEFAULT);
        assertThat(settings.decisionLogDirectory()).isEqualTo(Path.of("/srv/data", "decision-log"));
        assertThat(settings.decisionLog().enabled()).isTrue();
        assertThat(settings.decisionLog().sampleRate()).isEqualTo(1.0);
        assertThat(settings.decisionLog().maxFileBytes()).isEqualTo(64 * MIB);
        assertThat(settings.decisionLog().maxFileAge()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.decisionLog().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.decisionLog().maxTotalBytes()).isEqualTo(4096 * MIB);
    }

    @Test
    @DisplayName("each flag, and its variable under it")
    void flagsAndVariables() {
        DecisionLogSettings log = settings(Map.of(), "--decision-log=/var/log/decisions", "--decision-log-max-mb=16",
                "--decision-log-rotate-hours", "6", "--decision-log-max-age-days=7", "--decision-log-max-total-mb=512",
                "--decision-log-sample=0.25").decisionLog();
        assertThat(log.directory()).isEqualTo(Path.of("/var/log/decisions"));
        assertThat(log.maxFileBytes()).isEqualTo(16 * MIB);
        assertThat(log.maxFileAge()).isEqualTo(Duration.ofHours(6));
        assertThat(log.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(log.maxTotalBytes()).isEqualTo(512 * MIB);
        assertThat(log.sampleRate()).isEqualTo(0.25);

        DecisionLogSettings fromEnv = settings(Map.of("DECISIONING_DECISION_LOG", "/logs",
                "DECISIONING_DECISION_LOG_SAMPLE", "0", "DECISIONING_DECISION_LOG_MAX_AGE_DAYS", "90")).decisionLog();
        assertThat(fromEnv.directory()).isEqualTo(Path.of("/logs"));
        assertThat(fromEnv.sampleRate()).isZero();
        assertThat(fromEnv.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(settings(Map.of("DECISIONING_DECISION_LOG_SAMPLE", "0"), "--decision-log-sample=1").decisionLog()
                .sampleRate()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("--decision-log=off (any case, or in the variable) turns the log off")
    void off() {
        assertThat(settings(Map.of(), "--decision-log=off").decisionLog().enabled()).isFalse();
        assertThat(settings(Map.of(), "--decision-log=OFF").decisionLog().enabled()).isFalse();
        assertThat(settings(Map.of("DECISIONING_DECISION_LOG", "off")).decisionLog().enabled()).isFalse();
    }

    @Test
    @DisplayName("a wrong value names the flag or variable and the value")
    void wrongValues() {
        assertWrong(Map.of(), "Invalid value for option '--decision-log-sample': '1.5' is not a number from 0 to 1 "
                + "(0.1 logs one call in ten)", "--decision-log-sample=1.5");
        assertWrong(Map.of("DECISIONING_DECISION_LOG_SAMPLE", "half"), "Invalid value for environment variable "
                + "DECISIONING_DECISION_LOG_SAMPLE: 'half' is not a number from 0 to 1 (0.1 logs one call in ten)");
        assertWrong(Map.of(), "Invalid value for option '--decision-log-max-mb': '0' is not a whole number from 1 to "
                + "1000000", "--decision-log-max-mb=0");
        assertWrong(Map.of(), "Invalid value for option '--decision-log-max-age-days': 'x' is not a whole number from 1 "
                + "to 36500", "--decision-log-max-age-days=x");
        assertWrong(Map.of(), "Invalid value for option '--decision-log': the folder is empty; name one, or off",
                "--decision-log=");
    }

    private static void assertWrong(Map<String, String> env, String message, String... args) {
        assertThatThrownBy(() -> settings(env, args)).isInstanceOf(ParameterException.class).hasMessage(message);
    }
}
