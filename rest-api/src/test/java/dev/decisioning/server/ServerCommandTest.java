package dev.decisioning.server;

import dev.decisioning.engine.ExecutionBudget;
import dev.decisioning.server.cluster.ClusterSettings;
import dev.decisioning.server.settings.LogFormat;
import dev.decisioning.server.settings.OperationSettings;
import dev.decisioning.server.settings.ServerLimits;
import dev.decisioning.server.settings.ServerSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the server's command line makes of flags, environment variables and system properties, without starting a
 * server: a flag wins over its variable, which wins over the default, and a wrong value names where it came from.
 */
class ServerCommandTest {
    private static final Properties NO_PROPERTIES = new Properties();

    private static ServerSettings.Launch parse(Map<String, String> env, String... args) {
        return ServerCommand.parse(env, NO_PROPERTIES, args);
    }

    private static ServerSettings settings(Map<String, String> env, String... args) {
        return parse(env, args).settings();
    }

    @Test
    @DisplayName("nothing given: the documented defaults, alone on every interface")
    void defaults() {
        ServerSettings.Launch launch = parse(Map.of());

        ServerSettings settings = launch.settings();
        assertThat(launch.clustered()).isFalse();
        assertThat(settings.rulesDirectory()).isEqualTo(Path.of("rules"));
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("data"));
        assertThat(settings.suitesDirectory()).isEqualTo(Path.of("rule-tests"));
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(settings.adminToken()).isNull();
        assertThat(settings.testerToken()).isNull();
        assertThat(settings.allowDrlPublish()).isFalse();
        assertThat(settings.watch()).isFalse();
        assertThat(settings.limits()).isEqualTo(ServerLimits.DEFAULT);
        assertThat(settings.operations()).isEqualTo(new OperationSettings(LogFormat.TEXT, Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("--name=value and --name value give the same settings, for every flag that takes a value")
    void bothOptionForms() {
        String[][] flags = {
                {"--rules", "/srv/rules"}, {"--data", "/srv/data"}, {"--host", "127.0.0.1"}, {"--port", "9090"},
                {"--suites", "/srv/suites"}, {"--time-budget-ms", "250"}, {"--step-budget", "5000"},
                {"--budgets", "retail-loyalty=500:20000,airline=200"}, {"--test-run-budget-ms", "60000"},
                {"--max-number-digits", "20"}, {"--max-number-scale", "10"}, {"--idle-timeout-s", "30"},
                {"--request-timeout-s", "5"}, {"--max-connections", "100"}, {"--max-calls-in-flight", "50"},
                {"--cluster-host", "10.0.0.1"}, {"--cluster-port", "5801"},
                {"--cluster-members", "10.0.0.1:5801,10.0.0.2"}, {"--cluster-bus-port", "5802"},
                {"--log-format", "json"}, {"--shutdown-grace-ms", "2500"}};
        List<String> separate = new java.util.ArrayList<>(List.of("--watch", "--allow-drl-publish"));
        List<String> attached = new java.util.ArrayList<>(List.of("--watch", "--allow-drl-publish"));
        for (String[] flag : flags) {
            separate.add(flag[0]);
            separate.add(flag[1]);
            attached.add(flag[0] + "=" + flag[1]);
        }

        ServerSettings.Launch spaced = parse(Map.of(), separate.toArray(String[]::new));
        ServerSettings.Launch joined = parse(Map.of(), attached.toArray(String[]::new));

        assertThat(joined).isEqualTo(spaced);
        ServerSettings settings = joined.settings();
        assertThat(settings.rulesDirectory()).isEqualTo(Path.of("/srv/rules"));
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/srv/data"));
        assertThat(settings.suitesDirectory()).isEqualTo(Path.of("/srv/suites"));
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.watch()).isTrue();
        assertThat(settings.allowDrlPublish()).isTrue();
        ServerLimits limits = settings.limits();
        assertThat(limits.budgets().defaults()).isEqualTo(new ExecutionBudget(Duration.ofMillis(250), 5000));
        assertThat(limits.budgets().of("retail-loyalty")).isEqualTo(new ExecutionBudget(Duration.ofMillis(500), 20000));
        assertThat(limits.budgets().of("airline")).isEqualTo(new ExecutionBudget(Duration.ofMillis(200), 5000));
        assertThat(limits.testRunTime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(limits.numbers().maxDigits()).isEqualTo(20);
        assertThat(limits.numbers().maxScale()).isEqualTo(10);
        assertThat(limits.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(limits.requestReadTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(limits.maxConnections()).isEqualTo(100);
        assertThat(limits.maxCallsInFlight()).isEqualTo(50);
        assertThat(joined.cluster()).isEqualTo(new ClusterSettings("10.0.0.1", 5801,
                List.of("10.0.0.1:5801", "10.0.0.2:5801"), 5802));
        assertThat(settings.operations()).isEqualTo(new OperationSettings(LogFormat.JSON, Duration.ofMillis(2500)));
    }

    @Test
    @DisplayName("the log format and the shutdown grace: flag, else DECISIONING_LOG_FORMAT / DECISIONING_SHUTDOWN_GRACE_MS")
    void operations() {
        Map<String, String> env = Map.of("DECISIONING_LOG_FORMAT", "JSON", "DECISIONING_SHUTDOWN_GRACE_MS", "0");
        assertThat(settings(env).operations()).isEqualTo(new OperationSettings(LogFormat.JSON, Duration.ZERO));
        assertThat(settings(env, "--log-format=text", "--shutdown-grace-ms=30000").operations())
                .isEqualTo(new OperationSettings(LogFormat.TEXT, Duration.ofSeconds(30)));
    }

    @Test
    @DisplayName("an environment variable stands in for its flag; the flag wins over it")
    void flagOverEnvironmentOverDefault() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("DECISIONING_RULES_DIR", "/env/rules"), Map.entry("DECISIONING_DATA_DIR", "/env/data"),
                Map.entry("DECISIONING_HOST", "127.0.0.1"), Map.entry("DECISIONING_PORT", "9000"),
                Map.entry("DECISIONING_ALLOW_DRL_PUBLISH", "TRUE"), Map.entry("DECISIONING_ADMIN_TOKEN", "admin"),
                Map.entry("DECISIONING_TESTER_TOKEN", " "), Map.entry("DECISIONING_IDLE_TIMEOUT_S", "20"),
                Map.entry("DECISIONING_MAX_CONNECTIONS", "77"));

        ServerSettings fromEnv = settings(env);
        assertThat(fromEnv.rulesDirectory()).isEqualTo(Path.of("/env/rules"));
        assertThat(fromEnv.dataDirectory()).isEqualTo(Path.of("/env/data"));
        assertThat(fromEnv.host()).isEqualTo("127.0.0.1");
        assertThat(fromEnv.port()).isEqualTo(9000);
        assertThat(fromEnv.allowDrlPublish()).isTrue();
        assertThat(fromEnv.adminToken()).isEqualTo("admin");
        assertThat(fromEnv.testerToken()).as("a blank variable is no token").isNull();
        assertThat(fromEnv.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(fromEnv.limits().maxConnections()).isEqualTo(77);

        ServerSettings fromFlags = settings(env, "--rules=/flag/rules", "--data=/flag/data", "--host=::1",
                "--port=9100", "--idle-timeout-s=40");
        assertThat(fromFlags.rulesDirectory()).isEqualTo(Path.of("/flag/rules"));
        assertThat(fromFlags.dataDirectory()).isEqualTo(Path.of("/flag/data"));
        assertThat(fromFlags.host()).isEqualTo("::1");
        assertThat(fromFlags.port()).isEqualTo(9100);
        assertThat(fromFlags.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(40));
        assertThat(fromFlags.limits().maxConnections()).as("a limit without a flag keeps its variable").isEqualTo(77);
    }

    @Test
    @DisplayName("the suites directory: --suites, else the system property, else the variable, else rule-tests")
    void suitesDirectory() {
        Properties property = new Properties();
        property.setProperty("decisioning.suites.dir", "/property/suites");
        Map<String, String> env = Map.of("DECISIONING_SUITES_DIR", "/env/suites");

        assertThat(ServerCommand.parse(env, property, "--suites=/flag/suites").settings().suitesDirectory())
                .isEqualTo(Path.of("/flag/suites"));
        assertThat(ServerCommand.parse(env, property).settings().suitesDirectory())
                .isEqualTo(Path.of("/property/suites"));
        assertThat(ServerCommand.parse(env, NO_PROPERTIES).settings().suitesDirectory())
                .isEqualTo(Path.of("/env/suites"));
        assertThat(ServerCommand.parse(Map.of(), NO_PROPERTIES).settings().suitesDirectory())
                .isEqualTo(Path.of("rule-tests"));
    }

    @Test
    @DisplayName("any cluster flag, DECISIONING_CLUSTER=true or a member list in the environment means clustered")
    void clustering() {
        assertThat(parse(Map.of(), "--cluster").cluster())
                .isEqualTo(new ClusterSettings("127.0.0.1", 5701, List.of(), 0));
        assertThat(parse(Map.of(), "--cluster-bus-port=0").clustered()).isTrue();
        assertThat(parse(Map.of("DECISIONING_CLUSTER", "true")).clustered()).isTrue();
        assertThat(parse(Map.of("DECISIONING_CLUSTER", "no")).clustered()).isFalse();
        assertThat(parse(Map.of("DECISIONING_CLUSTER_MEMBERS", "a,b:6000", "DECISIONING_CLUSTER_PORT", "5800")).cluster())
                .isEqualTo(new ClusterSettings("127.0.0.1", 5800, List.of("a:5800", "b:6000"), 0));
        assertThat(parse(Map.of("DECISIONING_CLUSTER_MEMBERS", " ")).clustered()).isFalse();
        assertThat(parse(Map.of("DECISIONING_CLUSTER_HOST", "10.0.0.9"), "--cluster").cluster().host())
                .isEqualTo("10.0.0.9");
        assertThat(parse(Map.of("DECISIONING_CLUSTER_HOST", "10.0.0.9"), "--cluster-host", "10.0.0.1").cluster().host())
                .isEqualTo("10.0.0.1");
    }

    @Test
    @DisplayName("a flag given twice takes its last value, as the command line always did")
    void repeatedFlag() {
        assertThat(settings(Map.of(), "--port", "9000", "--port=9001").port()).isEqualTo(9001);
    }

    @Test
    @DisplayName("a wrong value names the flag it came from, or the variable, and the value")
    void wrongValues() {
        assertWrong(Map.of(), "Invalid value for option '--port': 'abc' is not a whole number from 0 to 65535",
                "--port=abc");
        assertWrong(Map.of(), "Invalid value for option '--port': '70000' is not a whole number from 0 to 65535",
                "--port", "70000");
        assertWrong(Map.of("DECISIONING_PORT", "eighty"),
                "Invalid value for environment variable DECISIONING_PORT: 'eighty' is not a whole number from 0 to 65535");
        assertWrong(Map.of(), "Invalid value for option '--idle-timeout-s': '-5' is not a whole number from 1 to 86400",
                "--idle-timeout-s=-5");
        assertWrong(Map.of(), "Invalid value for option '--request-timeout-s': '-1' is not a whole number from 1 to 3600",
                "--request-timeout-s", "-1");
        assertWrong(Map.of("DECISIONING_TIME_BUDGET_MS", "0"),
                "Invalid value for environment variable DECISIONING_TIME_BUDGET_MS: '0' is not a whole number from 1 to 3600000");
        assertWrong(Map.of("DECISIONING_BUDGETS", "retail-loyalty"),
                "Invalid value for environment variable DECISIONING_BUDGETS: 'retail-loyalty' is not RULESET=MILLISECONDS"
                        + " or RULESET=MILLISECONDS:STEPS, e.g. retail-loyalty=500:20000");
        assertWrong(Map.of(), "Invalid value for option '--budgets': 'retail-loyalty=-5' is not RULESET=MILLISECONDS"
                + " or RULESET=MILLISECONDS:STEPS, e.g. retail-loyalty=500:20000", "--budgets=retail-loyalty=-5");
        assertWrong(Map.of(), "Invalid value for option '--cluster-port': 'x' is not a whole number from 0 to 65535",
                "--cluster-port=x");
        assertWrong(Map.of(), "Invalid value for option '--cluster-members': 'a:b' is not a list of HOST:PORT (the port"
                + " of cluster member 'a:b' must be a number, got 'b')", "--cluster-members=a:b");
        assertWrong(Map.of(), "Invalid value for option '--host': the address is empty", "--host=");
        assertWrong(Map.of(), "Invalid value for option '--log-format': 'xml' is not text or json", "--log-format=xml");
        assertWrong(Map.of("DECISIONING_LOG_FORMAT", "yaml"),
                "Invalid value for environment variable DECISIONING_LOG_FORMAT: 'yaml' is not text or json");
        assertWrong(Map.of(), "Invalid value for option '--shutdown-grace-ms': '-1' is not a whole number from 0 to"
                + " 3600000", "--shutdown-grace-ms=-1");
        assertWrong(Map.of(), "Unknown option: '--verbose'", "--verbose");
        assertWrong(Map.of(), "Missing required parameter for option '--port' (N)", "--port");
    }

    private static void assertWrong(Map<String, String> env, String message, String... args) {
        assertThatThrownBy(() -> parse(env, args)).isInstanceOf(ParameterException.class).hasMessage(message);
    }
}
