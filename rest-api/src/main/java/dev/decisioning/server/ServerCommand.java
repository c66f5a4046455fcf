package dev.decisioning.server;

import dev.decisioning.server.cluster.ClusterSettings;
import dev.decisioning.server.settings.ScenarioSuitesDirectory;
import dev.decisioning.server.settings.ServerSettings;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import static dev.decisioning.server.settings.ServerSettings.ADMIN_TOKEN_ENV;
import static dev.decisioning.server.settings.ServerSettings.ALLOW_DRL_ENV;
import static dev.decisioning.server.settings.ServerSettings.DATA_ENV;
import static dev.decisioning.server.settings.ServerSettings.DEFAULT_HOST;
import static dev.decisioning.server.settings.ServerSettings.DEFAULT_PORT;
import static dev.decisioning.server.settings.ServerSettings.HOST_ENV;
import static dev.decisioning.server.settings.ServerSettings.PORT_ENV;
import static dev.decisioning.server.settings.ServerSettings.RULES_ENV;
import static dev.decisioning.server.settings.ServerSettings.TESTER_TOKEN_ENV;

/**
 * The server's command line: its flags (each over an environment variable, over a default), the {@code test},
 * {@code self-check} and {@code replay} subcommands, {@code --help} and {@code --version}. A wrong command line, or a
 * wrong value in a variable, is one line naming the flag or variable and the value, and exit status {@link #USAGE}.
 */
@Command(name = ServerCommand.NAME, mixinStandardHelpOptions = true, versionProvider = ServerCommand.Version.class,
        sortOptions = false, usageHelpWidth = 110, synopsisHeading = "usage: ",
        customSynopsis = {
                ServerCommand.INVOCATION + " [OPTIONS]",
                "       " + ServerCommand.INVOCATION + " test --rules=DIR --suites=DIR [OPTIONS]",
                "       " + ServerCommand.INVOCATION + " self-check [--rules=DIR]",
                "       " + ServerCommand.INVOCATION + " replay --ruleset=NAME --candidate=N [OPTIONS]"},
        descriptionHeading = "%n",
        description = "Serves the rule sets of the rules directory over HTTP.",
        commandListHeading = "%nCommands (each has its own --help):%n",
        footerHeading = "%n",
        footer = {
                "Every value can be given as --name=value or --name value. A flag wins over its environment variable,"
                        + " which wins over the default. Relative paths are taken from the working directory.",
                "Publishing, activation and previews need env " + ADMIN_TOKEN_ENV + " (a bearer token); running"
                        + " scenario suites over HTTP needs that token or env " + TESTER_TOKEN_ENV + ".",
                "Exit status: 1 when the server cannot start (one line says why), 2 for a wrong command line."})
final class ServerCommand implements Callable<Integer> {
    static final String NAME = "decisioning-server";
    /** How an operator starts the server, as usage lines and hints show it. */
    static final String INVOCATION = "java -jar decisioning-server.jar";
    /** Exit status of a wrong command line (picocli's convention). */
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = "%nServer:%n", order = 1)
    ServerOptions server = new ServerOptions();

    @ArgGroup(validate = false, heading = "%nCluster (any --cluster-* flag implies --cluster):%n", order = 2)
    ClusterOptions cluster = new ClusterOptions();

    @ArgGroup(validate = false, heading = "%nLimits (see docs/security.md):%n", order = 3)
    LimitOptions limits = new LimitOptions();

    @ArgGroup(validate = false, heading = "%nDecision log (see docs/decision-log.md):%n", order = 4)
    DecisionLogOptions decisionLog = new DecisionLogOptions();

    @ArgGroup(validate = false, heading = "%nChannel apps (see docs/security.md):%n", order = 5)
    ApiKeyOptions apiKeys = new ApiKeyOptions();

    @ArgGroup(validate = false, heading = "%nLogs and shutdown (see docs/operations.md):%n", order = 6)
    OperationOptions operations = new OperationOptions();

    private final Map<String, String> env;
    private final Properties properties;
    private boolean serving;

    ServerCommand(Map<String, String> env, Properties properties) {
        this.env = env;
        this.properties = properties;
    }

    static final class ServerOptions {
        @Option(names = "--rules", paramLabel = "DIR", order = 1,
                description = "rules directory, one folder per rule set (env " + RULES_ENV + ", default: rules)")
        Path rules;

        @Option(names = "--data", paramLabel = "DIR", order = 2,
                description = "where rule set versions are stored (env " + DATA_ENV + ", default: data)")
        Path data;

        @Option(names = "--host", paramLabel = "ADDRESS", order = 3,
                description = "address to listen on (env " + HOST_ENV + ", default: " + DEFAULT_HOST
                        + ", every interface)")
        String host;

        @Option(names = "--port", paramLabel = "N", order = 4,
                description = "HTTP port (env " + PORT_ENV + ", default: " + DEFAULT_PORT + ")")
        String port;

        @Option(names = "--suites", paramLabel = "DIR", order = 5,
                description = "scenario suites for test runs and previews over HTTP, one folder per rule set (env "
                        + ScenarioSuitesDirectory.ENV + " or system property " + ScenarioSuitesDirectory.PROPERTY
                        + ", default: " + ScenarioSuitesDirectory.DEFAULT + ")")
        Path suites;

        @Option(names = "--watch", order = 6,
                description = "publish a rule set again when its files under the rules directory change")
        boolean watch;

        @Option(names = "--allow-drl-publish", order = 7,
                description = "accept DRL files over HTTP (env " + ALLOW_DRL_ENV + "=true)")
        boolean allowDrlPublish;
    }

    static final class ClusterOptions {
        @Option(names = "--cluster", order = 10,
                description = "join the other servers: an activation on one activates on all (env "
                        + ClusterSettings.CLUSTER_ENV + "=true)")
        boolean cluster;

        @Option(names = "--cluster-host", paramLabel = "ADDRESS", order = 11,
                description = "address to bind and announce for the cluster (env " + ClusterSettings.HOST_ENV
                        + ", default: " + ClusterSettings.DEFAULT_HOST + ")")
        String host;

        @Option(names = "--cluster-port", paramLabel = "N", order = 12,
                description = "Hazelcast member port (env " + ClusterSettings.PORT_ENV + ", default: "
                        + ClusterSettings.DEFAULT_PORT + ")")
        String port;

        @Option(names = "--cluster-members", paramLabel = "HOST:PORT,...", order = 13,
                description = "servers to join, over TCP-IP (env " + ClusterSettings.MEMBERS_ENV
                        + "; a value there also implies --cluster)")
        String members;

        @Option(names = "--cluster-bus-port", paramLabel = "N", order = 14,
                description = "event bus port (env " + ClusterSettings.BUS_PORT_ENV + ", default: 0, any free one)")
        String busPort;

        /** The cluster to join, or null when nothing asks for one. */
        ClusterSettings settings(SettingValues values) {
            // A member list given to a server that then runs alone would be a silent mistake: it means clustered too.
            boolean clustered = cluster || host != null || port != null || members != null || busPort != null
                    || values.isTrue(ClusterSettings.CLUSTER_ENV)
                    || values.text(null, ClusterSettings.MEMBERS_ENV) != null;
            if (!clustered) {
                return null;
            }
            String memberHost = values.text(host, ClusterSettings.HOST_ENV, ClusterSettings.DEFAULT_HOST);
            if (memberHost.isBlank()) {
                throw values.invalid(host, "--cluster-host", ClusterSettings.HOST_ENV, "the address is empty");
            }
            int memberPort = (int) values.number(port, "--cluster-port", ClusterSettings.PORT_ENV,
                    ClusterSettings.DEFAULT_PORT, 0, 65_535);
            int eventBusPort = (int) values.number(busPort, "--cluster-bus-port", ClusterSettings.BUS_PORT_ENV, 0, 0,
                    65_535);
            String list = values.text(members, ClusterSettings.MEMBERS_ENV);
            List<String> memberList;
            try {
                memberList = ClusterSettings.parseMembers(list, memberPort);
            } catch (IllegalArgumentException e) {
                throw values.invalid(members, "--cluster-members", ClusterSettings.MEMBERS_ENV,
                        "'" + list + "' is not a list of HOST:PORT (" + e.getMessage() + ")");
            }
            return new ClusterSettings(memberHost, memberPort, memberList, eventBusPort);
        }
    }

    /** The server's version, as {@code --version} prints it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{NAME + " " + DecisioningServer.version()};
        }
    }

    /** Starts the server; it goes on serving after this returns 0. */
    @Override
    public Integer call() {
        int status = DecisioningServer.launch(launch());
        serving = status == 0;
        return status;
    }

    /** Whether {@link #call} started a server that now serves (rather than help, a subcommand or a failure ran). */
    boolean serving() {
        return serving;
    }

    /**
     * The settings the parsed flags, the environment and the system properties make.
     *
     * @throws ParameterException naming the flag or variable of a value that is not valid
     */
    ServerSettings.Launch launch() {
        SettingValues values = new SettingValues(spec.commandLine(), env);
        String host = values.text(server.host, HOST_ENV, DEFAULT_HOST);
        if (host.isBlank()) {
            throw values.invalid(server.host, "--host", HOST_ENV, "the address is empty");
        }
        ServerSettings settings = new ServerSettings(
                values.path(server.rules, RULES_ENV, "rules"),
                host,
                (int) values.number(server.port, "--port", PORT_ENV, DEFAULT_PORT, 0, 65_535),
                Runtime.getRuntime().availableProcessors(),
                values.path(server.data, DATA_ENV, "data"),
                server.suites != null ? server.suites : ScenarioSuitesDirectory.resolve(env, properties),
                values.text(null, ADMIN_TOKEN_ENV),
                server.allowDrlPublish || values.isTrue(ALLOW_DRL_ENV),
                server.watch,
                values.text(null, TESTER_TOKEN_ENV),
                limits.limits(values))
                .withOperations(operations.settings(values));
        settings = settings.withDecisionLog(decisionLog.settings(values)).withApiKeys(apiKeys.keys(values));
        return new ServerSettings.Launch(settings, cluster.settings(values));
    }

    /**
     * What {@code args} ask the server for, over {@code env} and {@code properties}, without starting it.
     *
     * @throws ParameterException for a wrong command line or a wrong value in a variable
     */
    static ServerSettings.Launch parse(Map<String, String> env, Properties properties, String... args) {
        ServerCommand command = new ServerCommand(env, properties);
        commandLine(command).parseArgs(args);
        return command.launch();
    }

    /** The command line of {@code server} with its subcommands: usage errors as one line, a repeated flag's last value. */
    static CommandLine commandLine(ServerCommand server) {
        return new CommandLine(server)
                .addSubcommand(new ScenarioCommand())
                .addSubcommand(new SelfCheckCommand())
                .addSubcommand(new ReplayCommand())
                .setOverwrittenOptionsAllowed(true)
                .setParameterExceptionHandler(ServerCommand::usageError);
    }

    /**
     * Runs subcommand {@code name} with {@code args}, which may start with the name: what it prints, and its usage
     * errors, go to {@code out}.
     *
     * @return its exit status
     */
    static int runSubcommand(String name, String[] args, PrintStream out) {
        List<String> line = new ArrayList<>(List.of(args));
        if (line.isEmpty() || !line.get(0).equals(name)) {
            line.add(0, name);
        }
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        CommandLine commandLine = commandLine(new ServerCommand(System.getenv(), System.getProperties()));
        commandLine.setOut(writer);
        commandLine.setErr(writer);
        try {
            return commandLine.execute(line.toArray(String[]::new));
        } finally {
            writer.flush();
        }
    }

    /** One line: what is wrong and where the help is. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            message = (first.startsWith("-") ? "Unknown option: '" : "Unexpected argument: '") + first + "'";
        }
        String subcommand = commandLine.getCommandSpec().qualifiedName(" ").substring(NAME.length());
        commandLine.getErr().println(message.replaceAll("\\R", " ") + "; see '" + INVOCATION + subcommand
                + " --help'");
        commandLine.getErr().flush();
        return USAGE;
    }
}
