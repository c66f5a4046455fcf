package dev.decisioning.server.settings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the server finds each rule set's stored scenario suites ({@code <dir>/<ruleset>/}) when no flag names it:
 * system property {@value #PROPERTY} (for embedding and tests), else environment variable {@value #ENV}, else
 * {@value #DEFAULT}. It is read once, into the server's settings, when they are made; requests use the settings.
 */
public final class ScenarioSuitesDirectory {
    public static final String ENV = "DECISIONING_SUITES_DIR";
    public static final String PROPERTY = "decisioning.suites.dir";
    public static final String DEFAULT = "rule-tests";

    private ScenarioSuitesDirectory() {
    }

    /** The directory this process's system properties and environment name, read now. */
    public static Path fromEnvironment() {
        return resolve(System.getenv(), System.getProperties());
    }

    public static Path resolve(Map<String, String> env, Properties properties) {
        String property = properties.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String variable = env.get(ENV);
        return Path.of(variable == null || variable.isBlank() ? DEFAULT : variable);
    }
}
