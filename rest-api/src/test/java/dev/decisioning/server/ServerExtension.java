package dev.decisioning.server;

import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;

import java.lang.reflect.Field;
import java.util.Optional;

/**
 * Starts and stops the servers {@link WithServer} asks for, and hands them to the tests: one per annotated class,
 * around all of its tests, and one per annotated test method, around that test.
 */
final class ServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestInstancePostProcessor, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServerExtension.class);
    private static final String CLASS_SERVER = "class-server";
    private static final String METHOD_SERVER = "method-server";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<WithServer> config = AnnotationSupport.findAnnotation(testClass, WithServer.class);
        // A @Nested class without an annotation of its own shares the server of the class around it.
        if (config.isEmpty()) {
            return;
        }
        ServerUnderTest server = ServerUnderTest.start(config.get());
        context.getStore(NAMESPACE).put(CLASS_SERVER, server);
        injectFields(testClass, null, server);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // Only the context that started a server finds it in its own store; a nested class leaves its outer one alone.
        ServerUnderTest server = ownValue(context, CLASS_SERVER);
        if (server != null) {
            context.getStore(NAMESPACE).remove(CLASS_SERVER);
            injectFields(context.getRequiredTestClass(), null, null);
            server.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Optional<WithServer> config = AnnotationSupport.findAnnotation(context.getTestMethod(), WithServer.class);
        if (config.isPresent()) {
            context.getStore(NAMESPACE).put(METHOD_SERVER, ServerUnderTest.start(config.get()));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        ServerUnderTest server = ownValue(context, METHOD_SERVER);
        if (server != null) {
            context.getStore(NAMESPACE).remove(METHOD_SERVER);
            server.close();
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws Exception {
        ServerUnderTest server = context.getStore(NAMESPACE).get(CLASS_SERVER, ServerUnderTest.class);
        if (server != null) {
            injectFields(testInstance.getClass(), testInstance, server);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ServerUnderTest.class || type == WebClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        ServerUnderTest server = store.get(METHOD_SERVER, ServerUnderTest.class);
        if (server == null) {
            server = store.get(CLASS_SERVER, ServerUnderTest.class);
        }
        if (server == null) {
            throw new ParameterResolutionException("no server for " + parameter.getParameter() + ": @WithServer on "
                    + "the test class starts one for all its tests, on a test method one for that test (available from "
                    + "its @BeforeEach methods on)");
        }
        return parameter.getParameter().getType() == WebClient.class ? server.client() : server;
    }

    /** A value this very context put in its store, not one found in a parent's. */
    private static ServerUnderTest ownValue(ExtensionContext context, String key) {
        ServerUnderTest here = context.getStore(NAMESPACE).get(key, ServerUnderTest.class);
        ServerUnderTest above = context.getParent()
                .map(parent -> parent.getStore(NAMESPACE).get(key, ServerUnderTest.class)).orElse(null);
        return here != above ? here : null;
    }

    /** Sets the {@link WithServer.Inject} fields: static ones when {@code instance} is null, else the instance's. */
    private static void injectFields(Class<?> testClass, Object instance, ServerUnderTest server) throws IllegalAccessException {
        for (Field field : AnnotationSupport.findAnnotatedFields(testClass, WithServer.Inject.class,
                f -> ModifierSupport.isStatic(f) == (instance == null), HierarchyTraversalMode.TOP_DOWN)) {
            Object value;
            if (field.getType() == ServerUnderTest.class) {
                value = server;
            } else if (field.getType() == WebClient.class) {
                value = server == null ? null : server.client();
            } else {
                throw new ExtensionConfigurationException("@WithServer.Inject field " + field + " must be of type "
                        + ServerUnderTest.class.getSimpleName() + " or " + WebClient.class.getSimpleName());
            }
            if (ModifierSupport.isFinal(field)) {
                throw new ExtensionConfigurationException("@WithServer.Inject field " + field + " must not be final");
            }
            field.setAccessible(true);
            field.set(instance, value);
        }
    }
}
