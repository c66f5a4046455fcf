package dev.decisioning.server;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the server runs: rules directory and port, from command-line flags first, then environment, then defaults.
 *
 * @param rulesDirectory every folder under it is a rule set
 * @param port           the HTTP port
 * @param instances      event-loop verticles to deploy; one per core by default
 */
public record ServerSettings(Path rulesDirectory, int port, int instances) {
    public static final String RULES_ENV = "DECISIONING_RULES_DIR";
    public static final String PORT_ENV = "DECISIONING_PORT";
    public static final int DEFAULT_PORT = 8080;

    public static ServerSettings parse(String[] args, Map<String, String> env) {
        String rules = env.getOrDefault(RULES_ENV, "rules");
        String port = env.getOrDefault(PORT_ENV, String.valueOf(DEFAULT_PORT));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rules" -> rules = value(args, ++i, "--rules");
                case "--port" -> port = value(args, ++i, "--port");
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
        return new ServerSettings(Path.of(rules), portNumber, Runtime.getRuntime().availableProcessors());
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + usage());
        }
        return args[index];
    }

    static String usage() {
        return "usage: java -jar decisioning-server.jar [--rules DIR] [--port N]\n"
                + "  --rules DIR  rules directory, one folder per rule set (env " + RULES_ENV + ", default ./rules)\n"
                + "  --port N     HTTP port (env " + PORT_ENV + ", default " + DEFAULT_PORT + ")";
    }
}
