package dev.decisioning.server;

import java.nio.file.Path;
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
 */
public record ServerSettings(Path rulesDirectory, int port, int instances, Path dataDirectory, String adminToken,
                             boolean allowDrlPublish, boolean watch) {
    public static final String RULES_ENV = "DECISIONING_RULES_DIR";
    public static final String PORT_ENV = "DECISIONING_PORT";
    public static final String DATA_ENV = "DECISIONING_DATA_DIR";
    public static final String ADMIN_TOKEN_ENV = "DECISIONING_ADMIN_TOKEN";
    public static final String ALLOW_DRL_ENV = "DECISIONING_ALLOW_DRL_PUBLISH";
    public static final int DEFAULT_PORT = 8080;

    /** Settings for embedding and tests: versions kept in a new temporary directory, no publishing, no watching. */
    public ServerSettings(Path rulesDirectory, int port, int instances) {
        this(rulesDirectory, port, instances, temporaryDataDirectory());
    }

    /** Settings for embedding and tests: no publishing, no watching. */
    public ServerSettings(Path rulesDirectory, int port, int instances, Path dataDirectory) {
        this(rulesDirectory, port, instances, dataDirectory, null, false, false);
    }

    public static ServerSettings parse(String[] args, Map<String, String> env) {
        String rules = env.getOrDefault(RULES_ENV, "rules");
        String port = env.getOrDefault(PORT_ENV, String.valueOf(DEFAULT_PORT));
        String data = env.getOrDefault(DATA_ENV, "data");
        boolean allowDrl = Boolean.parseBoolean(env.getOrDefault(ALLOW_DRL_ENV, "false"));
        boolean watch = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rules" -> rules = value(args, ++i, "--rules");
                case "--port" -> port = value(args, ++i, "--port");
                case "--data" -> data = value(args, ++i, "--data");
                case "--watch" -> watch = true;
                case "--allow-drl-publish" -> allowDrl = true;
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
        return new ServerSettings(Path.of(rules), portNumber, Runtime.getRuntime().availableProcessors(),
                Path.of(data), token == null || token.isBlank() ? null : token, allowDrl, watch);
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
                + "  --rules DIR          rules directory, one folder per rule set (env " + RULES_ENV + ", default ./rules)\n"
                + "  --port N             HTTP port (env " + PORT_ENV + ", default " + DEFAULT_PORT + ")\n"
                + "  --data DIR           where rule set versions are stored (env " + DATA_ENV + ", default ./data)\n"
                + "  --watch              publish a rule set again when its files under the rules directory change\n"
                + "  --allow-drl-publish  accept DRL files over HTTP (env " + ALLOW_DRL_ENV + "=true)\n"
                + "  publishing, activation and previews need env " + ADMIN_TOKEN_ENV + " (a bearer token)";
    }
}
