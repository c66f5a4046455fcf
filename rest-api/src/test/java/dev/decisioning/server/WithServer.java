package dev.decisioning.server;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the tests against a really started server, in this JVM, on a free loopback port, over a fresh temporary rules
 * directory and a fresh, empty data directory.
 * <p>
 * On a test class, one server serves every test of the class (and of its {@code @Nested} classes that do not bring
 * their own); it starts before the class's {@code @BeforeAll} methods and stops after its {@code @AfterAll} methods.
 * On a test method, that test gets a server of its own, started before its {@code @BeforeEach} methods and stopped
 * after its {@code @AfterEach} methods.
 * <p>
 * A test reaches the server through a parameter of type {@link ServerUnderTest} or {@link io.vertx.ext.web.client.WebClient}
 * (test, lifecycle and constructor parameters; a method's own server comes before its class's), or through a field
 * of either type marked {@link Inject} (static fields get the class's server, instance fields too).
 *
 * <pre>{@code
 * @WithServer(ruleSets = "retail-loyalty", adminToken = "secret")
 * class PublishTest {
 *     @WithServer.Inject
 *     static WebClient client;
 *
 *     @Test
 *     void publishes(ServerUnderTest server) { ... server.dataDirectory() ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(ServerExtension.class)
public @interface WithServer {
    /** In {@link #ruleSets()}: every bundled rule set ({@code rules/}) and every test rule set. */
    String ALL = "*";

    /**
     * The rule set folders the server starts on, by name, from {@code src/test/resources/test-rules/} or else the
     * bundled {@code rules/}; {@link #ALL} (the default) for all of both, none for an empty rules directory.
     */
    String[] ruleSets() default ALL;

    /** The bearer token for publishing, activation and previews; empty (the default) leaves those endpoints off. */
    String adminToken() default "";

    /** The bearer token for running scenario suites; empty (the default) leaves that to the admin token. */
    String testerToken() default "";

    /** Whether DRL files may be published over HTTP. */
    boolean allowDrlPublish() default false;

    /** Whether the server publishes a rule set again when its files under the rules directory change. */
    boolean watch() default false;

    /** How many HTTP verticles the server deploys. */
    int instances() default 2;

    /**
     * What else the server needs before it starts (files in its rules directory, limits, a file-write hook, system
     * properties), applied in order; each class needs a constructor without parameters.
     */
    Class<? extends Setup>[] setup() default {};

    /** Marks a field of type {@link ServerUnderTest} or {@link io.vertx.ext.web.client.WebClient} to be given the server. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface Inject {
    }

    /** A step of preparing a server, after its directories exist and before it starts. */
    @FunctionalInterface
    interface Setup {
        void prepare(ServerUnderTest.Preparation server) throws Exception;
    }
}
