package dev.decisioning.engine.workarounds;

import dev.decisioning.engine.tableindex.InputEntry;

import org.kie.dmn.core.api.DMNExpressionEvaluator;
import org.kie.dmn.core.ast.DMNBaseNode;
import org.kie.dmn.core.compiler.DMNCompilerConfigurationImpl;
import org.kie.dmn.core.compiler.DMNCompilerContext;
import org.kie.dmn.core.compiler.DMNCompilerImpl;
import org.kie.dmn.core.compiler.DMNDecisionLogicCompiler;
import org.kie.dmn.core.compiler.DMNDecisionLogicCompilerFactory;
import org.kie.dmn.core.compiler.DMNEvaluatorCompiler;
import org.kie.dmn.core.compiler.DMNFEELHelper;
import org.kie.dmn.core.impl.DMNModelImpl;
import org.kie.dmn.core.util.Msg;
import org.kie.dmn.feel.lang.FEELDialect;
import org.kie.dmn.feel.lang.FEELProfile;
import org.kie.dmn.feel.runtime.UnaryTest;
import org.kie.dmn.api.core.DMNVersion;
import org.kie.dmn.model.api.DMNElement;
import org.kie.dmn.model.api.DecisionTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drools' DMN compiler, except that within one decision table an input entry written the same way as one already
 * compiled (a literal, a range, a comparison with a number, a list of these, or {@code -}) reuses that compiled test
 * instead of going through the FEEL parser again. The parser is most of a large table's compile time (about 0.7 ms an
 * entry until the JIT has warmed it), and large tables repeat their entries: a category column holds a handful of
 * values over a thousand rows. Entries that name anything, and entries whose compile reported a problem, are
 * compiled each time, so every message Drools gives still names its own cell. Everything else is Drools' own.
 *
 * <p>Drools picks this class up by name from the {@code org.kie.dmn.decisionlogiccompilerfactory} property of
 * the module it builds, which the rule set compiler sets on the module of a rule set's models. If Drools' internals it relies on have moved, it steps aside and Drools compiles
 * every entry.
 */
public final class RepeatedEntryReuse implements DMNDecisionLogicCompilerFactory {
    public static final String PROPERTY = "org.kie.dmn.decisionlogiccompilerfactory";
    private static final Logger LOG = LoggerFactory.getLogger(RepeatedEntryReuse.class);
    /** Set while a compile must be Drools' plain one (the reference the differential tests compare with). */
    public static final ThreadLocal<Boolean> PLAIN = ThreadLocal.withInitial(() -> false);
    private static final Reflection REFLECTION = Reflection.find();
    /** Entries that reused a compiled test instead of being parsed again, since start: shows this takes effect. */
    private static final java.util.concurrent.atomic.LongAdder REUSED = new java.util.concurrent.atomic.LongAdder();

    /** How many input entries reused a test compiled for the same text, in this JVM so far. */
    public static long reusedEntries() {
        return REUSED.sum();
    }

    @Override
    public DMNDecisionLogicCompiler newDMNDecisionLogicCompiler(DMNCompilerImpl compiler, DMNCompilerConfigurationImpl config) {
        DMNEvaluatorCompiler standard = DMNEvaluatorCompiler.dmnEvaluatorCompilerFactory(compiler, config);
        if (REFLECTION == null || standard.getClass() != DMNEvaluatorCompiler.class) {
            return standard; // Drools' alpha-network compiler, when configured, is left alone
        }
        return new Compiler(compiler);
    }

    private static final class Compiler extends DMNEvaluatorCompiler {
        Compiler(DMNCompilerImpl compiler) {
            super(compiler);
        }

        @Override
        protected DMNExpressionEvaluator compileDecisionTable(DMNCompilerContext ctx, DMNModelImpl model, DMNBaseNode node,
                                                              String name, DecisionTable table) {
            DMNFEELHelper original = ctx.getFeelHelper();
            ReusingHelper reusing = REFLECTION.reusing(original);
            if (reusing == null) {
                return super.compileDecisionTable(ctx, model, node, name, table);
            }
            REFLECTION.setHelper(ctx, reusing);
            try {
                return super.compileDecisionTable(ctx, model, node, name, table);
            } finally {
                REFLECTION.setHelper(ctx, original);
            }
        }
    }

    private static final class ReusingHelper extends DMNFEELHelper {
        private final Map<String, List<UnaryTest>> compiled = new HashMap<>();

        ReusingHelper(ClassLoader classLoader, List<FEELProfile> profiles, FEELDialect dialect, DMNVersion version) {
            super(classLoader, profiles, dialect, version);
        }

        @Override
        public List<UnaryTest> evaluateUnaryTests(DMNCompilerContext ctx, String text, DMNModelImpl model,
                                                  DMNElement element, Msg.Message message, Object... params) {
            if (text == null || InputEntry.parse(text) instanceof InputEntry.Other) {
                return super.evaluateUnaryTests(ctx, text, model, element, message, params);
            }
            // The same text under another column type ('?') is compiled apart.
            String key = text + '\u0000' + ctx.getVariables().get("?");
            List<UnaryTest> known = compiled.get(key);
            if (known != null) {
                REUSED.increment();
                return known;
            }
            int messages = model.getMessages().size();
            List<UnaryTest> tests = super.evaluateUnaryTests(ctx, text, model, element, message, params);
            if (model.getMessages().size() == messages && tests != null && !tests.isEmpty()) {
                compiled.put(key, tests);
            }
            return tests;
        }
    }

    /** The private parts of Drools this needs: the context's helper, and what a helper is built from. */
    private record Reflection(Field contextHelper, Field classLoader, Field profiles, Field dialect, Field version) {
        static Reflection find() {
            try {
                Field contextHelper = DMNCompilerContext.class.getDeclaredField("feelHelper");
                Field classLoader = DMNFEELHelper.class.getDeclaredField("classLoader");
                Field profiles = DMNFEELHelper.class.getDeclaredField("feelProfiles");
                Field dialect = DMNFEELHelper.class.getDeclaredField("feelDialect");
                Field version = DMNFEELHelper.class.getDeclaredField("dmnVersion");
                for (Field field : new Field[] {contextHelper, classLoader, profiles, dialect, version}) {
                    field.setAccessible(true);
                }
                return new Reflection(contextHelper, classLoader, profiles, dialect, version);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("decision-table entries are compiled one by one: Drools' compiler internals have changed ({})",
                        e.toString());
                return null;
            }
        }

        @SuppressWarnings("unchecked")
        ReusingHelper reusing(DMNFEELHelper original) {
            try {
                return new ReusingHelper((ClassLoader) classLoader.get(original), (List<FEELProfile>) profiles.get(original),
                        (FEELDialect) dialect.get(original), (DMNVersion) version.get(original));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        void setHelper(DMNCompilerContext ctx, DMNFEELHelper helper) {
            try {
                contextHelper.set(ctx, helper);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
