package dev.decisioning.server;

import dev.decisioning.server.settings.ServerLimits;
import dev.decisioning.server.decisionlog.DecisionLog;
import dev.decisioning.server.ops.ServerMetrics;
import dev.decisioning.server.settings.ServerSettings;
import dev.decisioning.engine.store.FileWrites;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A server started for a test by {@link WithServer}: where it listens, a client for it, its directories, and a
 * restart. Clients run on the server's Vert.x, as an embedding application's would.
 */
public final class ServerUnderTest implements AutoCloseable {
    /** How long a server may take to start or stop before the test fails instead of hanging. */
    static final long START_STOP_SECONDS = 120;

    private final ServerSettings settings;
    private final FileWrites writes;
    private final DecisionLog.Opener logFiles;
    private final Map<String, String> systemProperties;
    private final List<AutoCloseable> afterStop;
    /** The client tests hold: it passes each call to the client of the server as it runs now. */
    private final WebClient client;
    private Vertx serverVertx;
    private DecisioningServer.RunningServer running;
    private WebClient currentClient;

    private ServerUnderTest(Preparation preparation) {
        this.settings = preparation.settings();
        this.writes = preparation.writes;
        this.logFiles = preparation.logFiles;
        this.systemProperties = Map.copyOf(preparation.systemProperties);
        this.afterStop = List.copyOf(preparation.afterStop);
        this.client = (WebClient) Proxy.newProxyInstance(WebClient.class.getClassLoader(),
                new Class<?>[] {WebClient.class}, this::callCurrentClient);
    }

    /** Prepares and starts the server {@code config} describes; fails the test if it does not start. */
    static ServerUnderTest start(WithServer config) throws Exception {
        Preparation preparation = new Preparation(config);
        ServerUnderTest server = null;
        try {
            for (Class<? extends WithServer.Setup> step : config.setup()) {
                var constructor = step.getDeclaredConstructor();
                constructor.setAccessible(true);
                constructor.newInstance().prepare(preparation);
            }
            server = new ServerUnderTest(preparation);
            server.startServer();
            return server;
        } catch (Throwable e) {
            if (server != null) {
                server.closeQuietly(e);
            } else {
                for (AutoCloseable cleanup : preparation.afterStop) {
                    closeQuietly(cleanup, e);
                }
            }
            throw e;
        }
    }

    /** The port the server listens on, on 127.0.0.1; the same after a {@link #restart()}. */
    public int port() {
        return settings.port();
    }

    /** A client with the server as its default host and port; it keeps working across a {@link #restart()}. */
    public WebClient client() {
        return client;
    }

    /**
     * A client of its own, with connections of its own (as a new caller has) and the pool given, on the server's
     * Vert.x: it closes with the server, a restart included.
     */
    public WebClient newClient(PoolOptions pool) {
        return WebClient.create(serverVertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port()),
                pool);
    }

    public Path rulesDirectory() {
        return settings.rulesDirectory();
    }

    public Path dataDirectory() {
        return settings.dataDirectory();
    }

    /** Where the server logs its decisions. */
    public Path decisionLogDirectory() {
        return settings.decisionLogDirectory();
    }

    /** The admin token, or null when publishing is off. */
    public String adminToken() {
        return settings.adminToken();
    }

    /** The server as it runs now: its engine, metrics, shutdown steps. */
    public DecisioningServer.RunningServer running() {
        if (running == null) {
            throw new IllegalStateException("the server on port " + port() + " is not running");
        }
        return running;
    }

    /** Stops the server and starts it again with the same settings, on the same port and directories. */
    public void restart() {
        stopServer();
        startServer();
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        try {
            stopServer();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (AutoCloseable cleanup : afterStop) {
            try {
                cleanup.close();
            } catch (Exception e) {
                failure = add(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void startServer() {
        // As the server's own launch makes it: Vert.x and the JVM report their metrics with the server's.
        ServerMetrics metrics = ServerMetrics.create();
        Vertx vertx = metrics.newVertx();
        Map<String, String> previous = new LinkedHashMap<>();
        systemProperties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        try {
            running = await(DecisioningServer.start(vertx, settings, writes, metrics, logFiles), "the server to start");
            serverVertx = vertx;
            currentClient = TestServer.client(vertx, settings.port());
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    private void stopServer() {
        if (serverVertx != null) {
            Vertx vertx = serverVertx;
            serverVertx = null;
            running = null;
            currentClient = null;
            await(vertx.close(), "the server to stop");
        }
    }

    private Object callCurrentClient(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "the client of the server on port " + port();
            };
        }
        if (currentClient == null) {
            throw new IllegalStateException("the server on port " + port() + " is not running");
        }
        try {
            return method.invoke(currentClient, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void closeQuietly(Throwable primary) {
        try {
            close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }

    private static void closeQuietly(AutoCloseable cleanup, Throwable primary) {
        try {
            cleanup.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }

    private static Exception add(Exception failure, Exception next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.await(START_STOP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + START_STOP_SECONDS + " s for " + what, e);
        }
    }

    /**
     * A server before it starts, as {@link WithServer.Setup} steps see it: its rules directory already holds the rule
     * sets the annotation names, and anything the settings say can still change.
     */
    public static final class Preparation {
        /**
         * Tests decide under a budget a busy machine does not run past on a cold first decision (the default is 1 s);
         * tests of the budget itself set their own.
         */
        static final dev.decisioning.engine.ExecutionBudgets UNHURRIED = new dev.decisioning.engine.ExecutionBudgets(
                new dev.decisioning.engine.ExecutionBudget(java.time.Duration.ofSeconds(30),
                        dev.decisioning.engine.ExecutionBudget.DEFAULT.steps()), java.util.Map.of());

        private ServerSettings settings;
        private FileWrites writes = FileWrites.DIRECT;
        private DecisionLog.Opener logFiles = DecisionLog.Opener.DIRECT;
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final List<AutoCloseable> afterStop = new ArrayList<>();

        private Preparation(WithServer config) throws IOException {
            settings = new ServerSettings(rulesDirectory(config.ruleSets()), TestServer.port(), config.instances(),
                    TestServer.dataDirectory(), blankToNull(config.adminToken()), config.allowDrlPublish(),
                    config.watch()).withTesterToken(blankToNull(config.testerToken()))
                    .withLimits(ServerLimits.DEFAULT.withBudgets(UNHURRIED));
        }

        public Path rulesDirectory() {
            return settings.rulesDirectory();
        }

        public Path dataDirectory() {
            return settings.dataDirectory();
        }

        /** Keeps the server's versions in {@code directory} instead of a fresh temporary one. */
        public Preparation dataDirectory(Path directory) {
            return settings(s -> new ServerSettings(s.rulesDirectory(), s.host(), s.port(), s.instances(), directory,
                    s.suitesDirectory(), s.adminToken(), s.allowDrlPublish(), s.watch(), s.testerToken(), s.limits(),
                    s.decisionLog(), s.apiKeys(), s.operations()));
        }

        /** Changes the settings, e.g. {@code s -> s.withLimits(...)}. */
        public Preparation settings(UnaryOperator<ServerSettings> change) {
            settings = Objects.requireNonNull(change.apply(settings));
            return this;
        }

        /** Has the store write its files through {@code fileWrites} (a disk that fills up). */
        public Preparation fileWrites(FileWrites fileWrites) {
            writes = Objects.requireNonNull(fileWrites);
            return this;
        }

        /** Has the decision log open its files through {@code opener} (a disk that stalls). */
        public Preparation decisionLogFiles(DecisionLog.Opener opener) {
            logFiles = Objects.requireNonNull(opener);
            return this;
        }

        /** Sets a system property while the server starts (each time it starts), for what the server reads then. */
        public Preparation systemProperty(String name, String value) {
            systemProperties.put(name, value);
            return this;
        }

        /** Runs {@code cleanup} once the server has stopped for good (or did not start). */
        public Preparation afterStop(AutoCloseable cleanup) {
            afterStop.add(cleanup);
            return this;
        }

        ServerSettings settings() {
            return settings;
        }

        private static Path rulesDirectory(String[] ruleSets) throws IOException {
            if (List.of(ruleSets).equals(List.of(WithServer.ALL))) {
                return TestServer.rulesDirectory();
            }
            Path directory = Files.createTempDirectory("decisioning-rules-");
            for (String name : ruleSets) {
                Path source = TestServer.TEST_RULES.resolve(name);
                if (!Files.isDirectory(source)) {
                    source = TestServer.BUNDLED_RULES.resolve(name);
                }
                if (!Files.isDirectory(source)) {
                    throw new UncheckedIOException(new IOException("no rule set folder '" + name + "' under "
                            + TestServer.TEST_RULES + " or " + TestServer.BUNDLED_RULES));
                }
                TestServer.copyRuleSets(source, directory.resolve(name));
            }
            return directory;
        }

        private static String blankToNull(String text) {
            return text.isBlank() ? null : text;
        }
    }
}
