package dev.decisioning.server;

import dev.decisioning.server.settings.ServerSettings;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * A reason the server cannot start that the operator can fix: its message is the one line the server prints before it
 * exits, naming what is wrong, the file, address or port, and the flag (and environment variable) that changes it.
 */
public final class StartupFailure extends RuntimeException {

    public StartupFailure(String message) {
        super(message, null, false, false);
    }

    /** The flag and environment variable of a setting, as the start-up messages name them. */
    static String flag(String flag, String env) {
        return flag + " (or " + env + ")";
    }

    static String path(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    /**
     * The one line to print for a failure to start: a {@link StartupFailure}'s own message, the address or port for
     * one that cannot be listened on, otherwise the failure as it is (an unexpected one, which also gets its stack trace).
     */
    static String describe(Throwable failure, ServerSettings settings) {
        Throwable e = unwrap(failure);
        if (e instanceof StartupFailure startup) {
            return startup.getMessage();
        }
        boolean ownHost = !settings.host().equals(ServerSettings.DEFAULT_HOST);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (ownHost && t instanceof UnknownHostException) {
                return "address " + settings.host() + " does not resolve (" + message.strip() + "); choose one of this"
                        + " machine's addresses, or " + ServerSettings.DEFAULT_HOST + " for all of them, with "
                        + flag("--host", ServerSettings.HOST_ENV);
            }
            if (ownHost && message.contains("Cannot assign requested address")) {
                return "address " + settings.host() + " is not one of this machine's (" + message + "); choose one"
                        + " of its addresses, or " + ServerSettings.DEFAULT_HOST + " for all of them, with "
                        + flag("--host", ServerSettings.HOST_ENV);
            }
            if (t instanceof BindException || message.contains("Address already in use")
                    || message.contains("Permission denied") && message.contains("bind")) {
                String why = message.contains("Address already in use") ? "is already in use by another process"
                        : "cannot be opened (" + message + ")";
                return "port " + settings.port() + " " + why + "; choose a free one with "
                        + flag("--port", ServerSettings.PORT_ENV);
            }
        }
        return e.toString();
    }

    /** True for the failures {@link #describe} explains fully, which need no stack trace. */
    static boolean expected(Throwable failure, ServerSettings settings) {
        Throwable e = unwrap(failure);
        return e instanceof StartupFailure || !describe(e, settings).equals(e.toString());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
