package dev.decisioning.server.settings;

import dev.decisioning.server.cluster.ClusterSettings;

import java.nio.file.Path;

/**
 * How the server runs. {@link dev.decisioning.server.ServerCommand} makes these from the command line: a flag first, then its environment
 * variable, then the default.
 *
 * @param rulesDirectory  every folder under it is a rule set; seeds the store on first start
 * @param host            the address the HTTP server listens on; {@value #DEFAULT_HOST} for every interface
 * @param port            the HTTP port
 * @param instances       event-loop verticles to deploy; one per core by default
 * @param dataDirectory   where rule set versions are stored
 * @param suitesDirectory where each rule set's stored scenario suites are ({@code <dir>/<ruleset>/}), for test runs
 *                        and impact previews over HTTP
 * @param adminToken      bearer token for publishing, activation and previews; null turns those endpoints off
 * @param allowDrlPublish whether DRL files may be published over HTTP (they can run arbitrary Java)
 * @param watch           publish a rule set again whenever its files under the rules directory change
 * @param testerToken     bearer token for running scenario suites over HTTP (the admin token works too); null
 *                        leaves that to the admin token alone
 * @param limits          budgets, request, connection and load limits
 * @param decisionLog     where and how decisions are logged
 * @param apiKeys         the channel apps' keys; {@link ApiKeys#NONE} leaves the decision endpoints open
 * @param operations      the log's format and the shutdown's grace period
 */
public record ServerSettings(Path rulesDirectory, String host, int port, int instances, Path dataDirectory,
                             Path suitesDirectory, String adminToken, boolean allowDrlPublish, boolean watch,
                             String testerToken, ServerLimits limits, DecisionLogSettings decisionLog,
                             ApiKeys apiKeys, OperationSettings operations) {
    public static final String RULES_ENV = "DECISIONING_RULES_DIR";
    public static final String HOST_ENV = "DECISIONING_HOST";
    public static final String PORT_ENV = "DECISIONING_PORT";
    public static final String DATA_ENV = "DECISIONING_DATA_DIR";
    public static final String ADMIN_TOKEN_ENV = "DECISIONING_ADMIN_TOKEN";
    public static final String ALLOW_DRL_ENV = "DECISIONING_ALLOW_DRL_PUBLISH";
    public static final String TESTER_TOKEN_ENV = "DECISIONING_TESTER_TOKEN";
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;

    public ServerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the host must not be empty");
        }
        decisionLog = decisionLog == null ? DecisionLogSettings.DEFAULT : decisionLog;
        apiKeys = apiKeys == null ? ApiKeys.NONE : apiKeys;
        operations = operations == null ? OperationSettings.DEFAULT : operations;
    }

    /** Settings with the decision log's defaults, no API keys, the default log format and shutdown grace. */
    public ServerSettings(Path rulesDirectory, String host, int port, int instances, Path dataDirectory,
                          Path suitesDirectory, String adminToken, boolean allowDrlPublish, boolean watch,
                          String testerToken, ServerLimits limits) {
        this(rulesDirectory, host, port, instances, dataDirectory, suitesDirectory, adminToken, allowDrlPublish, watch,
                testerToken, limits, DecisionLogSettings.DEFAULT, ApiKeys.NONE,
                OperationSettings.DEFAULT);
    }

    /** Settings for embedding and tests: versions kept in a new temporary directory, no publishing, no watching. */
    public ServerSettings(Path rulesDirectory, int port, int instances) {
        this(rulesDirectory, port, instances, temporaryDataDirectory());
    }

    /** Settings for embedding and tests: no publishing, no watching. */
    public ServerSettings(Path rulesDirectory, int port, int instances, Path dataDirectory) {
        this(rulesDirectory, port, instances, dataDirectory, null, false, false);
    }

    /**
     * Settings listening on every interface, with the default limits and no tester token; the suites directory is
     * {@link ScenarioSuitesDirectory#fromEnvironment() the one the system property or environment names}, read now.
     */
    public ServerSettings(Path rulesDirectory, int port, int instances, Path dataDirectory, String adminToken,
                          boolean allowDrlPublish, boolean watch) {
        this(rulesDirectory, DEFAULT_HOST, port, instances, dataDirectory, ScenarioSuitesDirectory.fromEnvironment(),
                adminToken, allowDrlPublish, watch, null, ServerLimits.DEFAULT);
    }

    public ServerSettings withHost(String newHost) {
        return new ServerSettings(rulesDirectory, newHost, port, instances, dataDirectory, suitesDirectory, adminToken,
                allowDrlPublish, watch, testerToken, limits, decisionLog, apiKeys, operations);
    }

    public ServerSettings withSuitesDirectory(Path directory) {
        return new ServerSettings(rulesDirectory, host, port, instances, dataDirectory, directory, adminToken,
                allowDrlPublish, watch, testerToken, limits, decisionLog, apiKeys, operations);
    }

    public ServerSettings withTesterToken(String token) {
        return new ServerSettings(rulesDirectory, host, port, instances, dataDirectory, suitesDirectory, adminToken,
                allowDrlPublish, watch, token, limits, decisionLog, apiKeys, operations);
    }

    public ServerSettings withLimits(ServerLimits newLimits) {
        return new ServerSettings(rulesDirectory, host, port, instances, dataDirectory, suitesDirectory, adminToken,
                allowDrlPublish, watch, testerToken, newLimits, decisionLog, apiKeys, operations);
    }

    public ServerSettings withDecisionLog(DecisionLogSettings newDecisionLog) {
        return new ServerSettings(rulesDirectory, host, port, instances, dataDirectory, suitesDirectory, adminToken,
                allowDrlPublish, watch, testerToken, limits, newDecisionLog, apiKeys, operations);
    }

    public ServerSettings withApiKeys(ApiKeys keys) {
        return new ServerSettings(rulesDirectory, host, port, instances, dataDirectory, suitesDirectory, adminToken,
                allowDrlPublish, watch, testerToken, limits, decisionLog, keys, operations);
    }

    /** The decision log's folder: the one its settings name, or {@code decision-log} under the data directory. */
    public Path decisionLogDirectory() {
        return decisionLog.directoryUnder(dataDirectory);
    }

    public ServerSettings withOperations(OperationSettings newOperations) {
        return new ServerSettings(rulesDirectory, host, port, instances, dataDirectory, suitesDirectory, adminToken,
                allowDrlPublish, watch, testerToken, limits, decisionLog, apiKeys, newOperations);
    }

    /**
     * What the command line asks for: how the server runs and, with {@code --cluster}, how it joins the others.
     *
     * @param cluster null when the server runs alone
     */
    public record Launch(ServerSettings settings, ClusterSettings cluster) {
        public boolean clustered() {
            return cluster != null;
        }
    }

    private static Path temporaryDataDirectory() {
        try {
            return java.nio.file.Files.createTempDirectory("decisioning-data-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
