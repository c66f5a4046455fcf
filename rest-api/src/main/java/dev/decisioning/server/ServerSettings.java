package dev.decisioning.server;

import dev.decisioning.server.cluster.ClusterSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How the server runs, from command-line flags first, then environment, then defaults.
 *
 * @param rulesDirectory  every folder under it is a rule set; seeds the store on first start
 * @param port            the HTTP port
 * @param instances       event-loop verticles to deploy; one per core by default
 * @param dataDirectory   where rule set versions are stored
 * @param adminToken      bearer token for publishing, activation and previews; null turns those endpoints off
 * @param allowDrlPublish whether DRL files may be published over HTTP (they can run arbitrary Java)
 * @param watch           publish a rule set again whenever its files under the rules directory change
 * @param testerToken     bearer token for running scenario suites over HTTP (the admin token works too); null
 *                        leaves that to the admin token alone
 * @param limits          budgets, request, connection and load limits
 */
public record ServerSettings(Path rulesDirectory, int port, int instances, Path dataDirectory, String adminToken,
                             boolean allowDrlPublish, boolean watch, String testerToken, ServerLimits limits) {
    public static final String RULES_ENV = "DECISIONING_RULES_DIR";
    public static final String PORT_ENV = "DECISIONING_PORT";
    public static final String DATA_ENV = "DECISIONING_DATA_DIR";
    public static final String ADMIN_TOKEN_ENV = "DECISIONING_ADMIN_TOKEN";
    public static final String ALLOW_DRL_ENV = "DECISIONING_ALLOW_DRL_PUBLISH";
    public static final String TESTER_TOKEN_ENV = "DECISIONING_TESTER_TOKEN";
    public static final int DEFAULT_PORT = 8080;

    /** Settings for embedding and tests: versions kept in a new temporary directory, no publishing, no watching. */
    public ServerSettings(Path rulesDirectory, int port, int instances) {
        this(rulesDirectory, port, instances, temporaryDataDirectory());
    }

    /** Settings for embedding and tests: no publishing, no watching. */
    public ServerSettings(Path rulesDirectory, int port, int instances, Path dataDirectory) {
        this(rulesDirectory, port, instances, dataDirectory, null, false, false);
    }

    /** Settings with the default limits and no tester token. */
    public ServerSettings(Path rulesDirectory, int port, int instances, Path dataDirectory, String adminToken,
                          boolean allowDrlPublish, boolean watch) {
        this(rulesDirectory, port, instances, dataDirectory, adminToken, allowDrlPublish, watch, null,
                ServerLimits.DEFAULT);
    }

    public ServerSettings withTesterToken(String token) {
        return new ServerSettings(rulesDirectory, port, instances, dataDirectory, adminToken, allowDrlPublish, watch,
                token, limits);
    }

    public ServerSettings withLimits(ServerLimits newLimits) {
        return new ServerSettings(rulesDirectory, port, instances, dataDirectory, adminToken, allowDrlPublish, watch,
                testerToken, newLimits);
    }

    /**
     * What the command line asks for: how the server runs and, with {@code --cluster}, how it joins the others.
     *
     * @param cluster null when the server runs alone
     */
    public record CommandLine(ServerSettings settings, ClusterSettings cluster) {
        public boolean clustered() {
            return cluster != null;
        }
    }

    public static CommandLine parseCommandLine(String[] args, Map<String, String> env) {
        // Any cluster flag, or a member list in the environment, means clustered: a member list given to a
        // server that then runs alone would be a silent mistake.
        boolean clustered = Boolean.parseBoolean(env.getOrDefault(ClusterSettings.CLUSTER_ENV, "false"))
                || !env.getOrDefault(ClusterSettings.MEMBERS_ENV, "").isBlank();
        String clusterHost = env.getOrDefault(ClusterSettings.HOST_ENV, ClusterSettings.DEFAULT_HOST);
        String clusterPort = env.getOrDefault(ClusterSettings.PORT_ENV, String.valueOf(ClusterSettings.DEFAULT_PORT));
        String clusterMembers = env.get(ClusterSettings.MEMBERS_ENV);
        String busPort = env.getOrDefault(ClusterSettings.BUS_PORT_ENV, "0");
        String rules = env.getOrDefault(RULES_ENV, "rules");
        String port = env.getOrDefault(PORT_ENV, String.valueOf(DEFAULT_PORT));
        String data = env.getOrDefault(DATA_ENV, "data");
        boolean allowDrl = Boolean.parseBoolean(env.getOrDefault(ALLOW_DRL_ENV, "false"));
        boolean watch = false;
        Map<String, String> limitFlags = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (ServerLimits.FLAGS.containsKey(args[i])) {
                limitFlags.put(args[i], value(args, ++i, args[i]));
                continue;
            }
            switch (args[i]) {
                case "--rules" -> rules = value(args, ++i, "--rules");
                case "--port" -> port = value(args, ++i, "--port");
                case "--data" -> data = value(args, ++i, "--data");
                case "--watch" -> watch = true;
                case "--allow-drl-publish" -> allowDrl = true;
                case "--cluster" -> clustered = true;
                case "--cluster-host" -> {
                    clusterHost = value(args, ++i, "--cluster-host");
                    clustered = true;
                }
                case "--cluster-port" -> {
                    clusterPort = value(args, ++i, "--cluster-port");
                    clustered = true;
                }
                case "--cluster-members" -> {
                    clusterMembers = value(args, ++i, "--cluster-members");
                    clustered = true;
                }
                case "--cluster-bus-port" -> {
                    busPort = value(args, ++i, "--cluster-bus-port");
                    clustered = true;
                }
                case "--help", "-h" -> throw new IllegalArgumentException(usage());
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + usage());
            }
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number, got '" + port + "'");
        }
        if (portNumber < 0 || portNumber > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + portNumber);
        }
        String token = env.get(ADMIN_TOKEN_ENV);
        String testerToken = env.get(TESTER_TOKEN_ENV);
        ServerSettings settings = new ServerSettings(Path.of(rules), portNumber,
                Runtime.getRuntime().availableProcessors(), Path.of(data),
                token == null || token.isBlank() ? null : token, allowDrl, watch,
                testerToken == null || testerToken.isBlank() ? null : testerToken,
                ServerLimits.parse(env, limitFlags));
        if (!clustered) {
            return new CommandLine(settings, null);
        }
        int memberPort = ClusterSettings.parsePort(clusterPort, "cluster port");
        List<String> members = ClusterSettings.parseMembers(clusterMembers, memberPort);
        return new CommandLine(settings, new ClusterSettings(clusterHost, memberPort, members,
                ClusterSettings.parsePort(busPort, "cluster bus port")));
    }

    private static Path temporaryDataDirectory() {
        try {
            return java.nio.file.Files.createTempDirectory("decisioning-data-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + usage());
        }
        return args[index];
    }

    static String usage() {
        return "usage: java -jar decisioning-server.jar [--rules DIR] [--port N] [--data DIR] [--watch] [--allow-drl-publish]\n"
                + "         [--cluster [--cluster-host H] [--cluster-port P] [--cluster-members H:P,H:P]"
                + " [--cluster-bus-port P]]\n"
                + "       java -jar decisioning-server.jar test --rules DIR --suites DIR [--min-coverage N]   (scenario suites)\n"
                + "       java -jar decisioning-server.jar self-check [--rules DIR]   (start, answer over HTTP, stop)\n"
                + "       java -jar decisioning-server.jar --version\n"
                + "  --rules DIR          rules directory, one folder per rule set (env " + RULES_ENV + ", default ./rules)\n"
                + "  --port N             HTTP port (env " + PORT_ENV + ", default " + DEFAULT_PORT + ")\n"
                + "  --data DIR           where rule set versions are stored (env " + DATA_ENV + ", default ./data)\n"
                + "  --watch              publish a rule set again when its files under the rules directory change\n"
                + "  --allow-drl-publish  accept DRL files over HTTP (env " + ALLOW_DRL_ENV + "=true)\n"
                + "  --cluster            join the other servers: an activation on one activates on all (env "
                + ClusterSettings.CLUSTER_ENV + "=true)\n"
                + "  --cluster-host H     address to bind and announce for the cluster (env "
                + ClusterSettings.HOST_ENV + ", default " + ClusterSettings.DEFAULT_HOST + ")\n"
                + "  --cluster-port P     Hazelcast member port (env " + ClusterSettings.PORT_ENV + ", default "
                + ClusterSettings.DEFAULT_PORT + ")\n"
                + "  --cluster-members L  servers to join, H:P,H:P, TCP-IP only (env " + ClusterSettings.MEMBERS_ENV
                + ")\n"
                + "  --cluster-bus-port P event bus port (env " + ClusterSettings.BUS_PORT_ENV
                + ", default 0: any free one)\n"
                + "  any --cluster-* flag implies --cluster\n"
                + "  publishing, activation and previews need env " + ADMIN_TOKEN_ENV + " (a bearer token)\n"
                + "  running scenario suites over HTTP needs that token or env " + TESTER_TOKEN_ENV + "\n"
                + "limits (see docs/security.md):\n"
                + "  --time-budget-ms N       time a decision or model evaluation may take (env "
                + ServerLimits.TIME_BUDGET_ENV + ", default 1000)\n"
                + "  --step-budget N          rule firings and DMN evaluations it may take (env "
                + ServerLimits.STEP_BUDGET_ENV + ", default 100000)\n"
                + "  --budgets R=MS[:STEPS],… budgets of single rule sets (env " + ServerLimits.BUDGETS_ENV + ")\n"
                + "  --test-run-budget-ms N   time one scenario run may take (env " + ServerLimits.TEST_RUN_BUDGET_ENV
                + ", default 120000)\n"
                + "  --max-number-digits N    significant digits of a number in a request (env "
                + ServerLimits.MAX_DIGITS_ENV + ", default 34)\n"
                + "  --max-number-scale N     largest power of ten of a number, up or down (env "
                + ServerLimits.MAX_SCALE_ENV + ", default 64)\n"
                + "  --idle-timeout-s N       close connections idle this long (env " + ServerLimits.IDLE_TIMEOUT_ENV
                + ", default 60)\n"
                + "  --request-timeout-s N    a request must arrive whole within this long (env "
                + ServerLimits.READ_TIMEOUT_ENV + ", default 10)\n"
                + "  --max-connections N      open connections at once (env " + ServerLimits.MAX_CONNECTIONS_ENV
                + ", default 4096)\n"
                + "  --max-calls-in-flight N  decisions waiting or running at once; past it 503 (env "
                + ServerLimits.MAX_IN_FLIGHT_ENV + ", default 1024)";
    }
}
