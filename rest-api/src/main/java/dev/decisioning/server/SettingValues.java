package dev.decisioning.server;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a setting the way the command line documents it: the flag's value when the flag was given, else its
 * environment variable's when set and not blank, else the default. A value that is not valid is a usage error that
 * names where it came from (the flag or the variable) and the value.
 */
final class SettingValues {
    private final CommandLine commandLine;
    private final Map<String, String> env;

    SettingValues(CommandLine commandLine, Map<String, String> env) {
        this.commandLine = commandLine;
        this.env = env;
    }

    /** The flag's value, else the variable's (blank counts as unset), else null. */
    String text(String flagValue, String variable) {
        if (flagValue != null) {
            return flagValue;
        }
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value;
    }

    String text(String flagValue, String variable, String fallback) {
        String value = text(flagValue, variable);
        return value == null ? fallback : value;
    }

    Path path(Path flagValue, String variable, String fallback) {
        return flagValue != null ? flagValue : Path.of(text(null, variable, fallback));
    }

    /** Whether the variable says {@code true} (any case); anything else is false. */
    boolean isTrue(String variable) {
        return Boolean.parseBoolean(env.get(variable));
    }

    /** A whole number from {@code min} to {@code max}. */
    long number(String flagValue, String flag, String variable, long fallback, long min, long max) {
        String text = text(flagValue, variable);
        if (text == null) {
            return fallback;
        }
        Long value = wholeNumber(text);
        if (value == null || value < min || value > max) {
            throw invalid(flagValue, flag, variable, "'" + text + "' is not a whole number from " + min + " to " + max);
        }
        return value;
    }

    private static Long wholeNumber(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A usage error about the value of a setting: {@code problem} says what is wrong with the value, this names the
     * flag when {@code flagValue} came from it, the environment variable otherwise.
     */
    ParameterException invalid(String flagValue, String flag, String variable, String problem) {
        String source = flagValue != null ? "option '" + flag + "'" : "environment variable " + variable;
        return new ParameterException(commandLine, "Invalid value for " + source + ": " + problem);
    }
}
