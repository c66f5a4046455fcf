package dev.decisioning.engine.workarounds;

import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.Message;
import org.kie.api.runtime.KieRuntimeFactory;
import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNMessageType;
import org.kie.dmn.api.core.DMNRuntime;
import org.kie.dmn.api.feel.runtime.events.FEELEvent;
import org.kie.dmn.feel.lang.ast.ASTNode;
import org.kie.dmn.feel.lang.ast.FunctionInvocationNode;
import org.kie.dmn.feel.lang.ast.NameRefNode;
import org.kie.dmn.feel.lang.types.BuiltInType;
import org.kie.dmn.feel.parser.feel11.ASTBuilderVisitor;
import org.kie.dmn.feel.parser.feel11.FEELParser;
import org.kie.dmn.feel.parser.feel11.FEEL_1_1Parser;
import org.kie.dmn.feel.runtime.events.UnknownVariableErrorEvent;
import org.kie.dmn.model.api.DMNModelInstrumentedBase;
import org.kie.dmn.model.api.Definitions;
import org.kie.dmn.model.api.FunctionItem;
import org.kie.dmn.model.api.InformationItem;
import org.kie.dmn.model.api.ItemDefinition;
import org.kie.dmn.model.api.LiteralExpression;
import org.kie.internal.builder.InternalKieBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Errors Drools reports on DMN models that the DMN standard accepts, where Drools compiles the model anyway and it
 * evaluates as the standard says. Drools makes every DMN error a build error, and a build error leaves no KieBase, so
 * such a model could not be served at all. Two kinds are accepted, each by its message type and the model element it
 * names, never by the message's wording:
 * <ul>
 *     <li>{@link DMNMessageType#TYPE_DEF_NOT_FOUND} on an item definition whose type references all name built-in
 *     types or item definitions the model declares: a forward reference (a function type's parameter typed by an item
 *     definition declared further down) that Drools' ordering of item definitions misses. The parameter is then
 *     typed {@code Any}. A reference to a type the model does not declare stays an error.</li>
 *     <li>{@link DMNMessageType#ERR_COMPILING_FEEL} for an unknown name in a literal expression where that name is the
 *     function of an invocation ({@code no_such_function(x)}): the standard says invoking what is not a function
 *     evaluates to null, and Drools evaluates it to null. An unknown name used as a value stays an error.</li>
 * </ul>
 * Drools reports one compile error per element and kind, so a second problem in an expression that has an unknown
 * function is reported only when that function is gone; it then shows when the expression is evaluated.
 */
public final class AcceptedModelErrors {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptedModelErrors.class);
    /** FEEL's own type names ({@code number}, {@code date and time}, {@code Any}, ...), each spelling it has. */
    private static final Set<String> BUILT_IN = java.util.Arrays.stream(BuiltInType.values())
            .flatMap(type -> java.util.Arrays.stream(type.getNames())).collect(Collectors.toUnmodifiableSet());

    private AcceptedModelErrors() {
    }

    /** Whether {@code message} is an error of Drools' on something the DMN standard accepts, as described above. */
    public static boolean accepted(DMNMessage message) {
        if (message.getSeverity() != DMNMessage.Severity.ERROR || message.getMessageType() == null) {
            return false;
        }
        return switch (message.getMessageType()) {
            case TYPE_DEF_NOT_FOUND -> message.getSourceReference() instanceof ItemDefinition item && forwardReference(item);
            case ERR_COMPILING_FEEL -> message.getSourceReference() instanceof LiteralExpression expression
                    && unknownFunctionInvoked(expression.getText(), message.getFeelEvent());
            default -> false;
        };
    }

    /** Whether a build message of a DMN module is an {@linkplain #accepted(DMNMessage) accepted} error. */
    public static boolean accepted(Message message) {
        return message instanceof DMNMessage dmn && accepted(dmn);
    }

    /**
     * The KieBase of a build of DMN models whose only errors are accepted ones, or null when there are others or
     * Drools' internals this needs have moved. Drools keeps what it compiled, models included, in the builder of the
     * module's KieBase; it only marks the packages as failed.
     */
    public static KieBase kieBaseDespiteErrors(KieBuilder builder) {
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (errors.isEmpty() || !errors.stream().allMatch(AcceptedModelErrors::accepted)) {
            return null;
        }
        try {
            InternalKieModule module = (InternalKieModule) ((InternalKieBuilder) builder).getKieModuleIgnoringErrors();
            Collection<String> kieBases = module.getKieModuleModel().getKieBaseModels().keySet();
            if (kieBases.size() != 1) {
                return null;
            }
            KnowledgeBuilderImpl compiled = (KnowledgeBuilderImpl) module.getKnowledgeBuilderForKieBase(kieBases.iterator().next());
            if (compiled == null) {
                return null;
            }
            // Each call marks the packages as failed again, so the packages are taken once and cleared.
            InternalKnowledgePackage[] packages = compiled.getPackages();
            for (InternalKnowledgePackage pkg : packages) {
                pkg.resetErrors();
            }
            InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase();
            kieBase.addPackages(List.of(packages));
            DMNRuntime runtime = KieRuntimeFactory.of(kieBase).get(DMNRuntime.class);
            return runtime.getModels().isEmpty() ? null : kieBase;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("a DMN model with errors the standard accepts is refused: Drools' builder internals have changed ({})",
                    e.toString());
            return null;
        }
    }

    /**
     * Whether every type an item definition refers to is built in or declared by its model: then a type Drools could
     * not resolve was declared after it.
     */
    static boolean forwardReference(ItemDefinition item) {
        Definitions definitions = definitionsOf(item);
        if (definitions == null) {
            return false;
        }
        Set<String> declared = definitions.getItemDefinition().stream().map(ItemDefinition::getName)
                .collect(Collectors.toSet());
        List<QName> references = new ArrayList<>();
        typeReferences(item, references);
        boolean undeclared = false;
        for (QName reference : references) {
            String name = reference.getLocalPart();
            if (!declared.contains(name) && !builtIn(name)) {
                undeclared = true;
            }
        }
        return !references.isEmpty() && !undeclared;
    }

    private static void typeReferences(ItemDefinition item, List<QName> into) {
        if (item.getTypeRef() != null) {
            into.add(item.getTypeRef());
        }
        FunctionItem function = item.getFunctionItem();
        if (function != null) {
            if (function.getOutputTypeRef() != null) {
                into.add(function.getOutputTypeRef());
            }
            for (InformationItem parameter : function.getParameters()) {
                if (parameter.getTypeRef() != null) {
                    into.add(parameter.getTypeRef());
                }
            }
        }
        item.getItemComponent().forEach(component -> typeReferences(component, into));
    }

    private static boolean builtIn(String name) {
        return BUILT_IN.contains(name);
    }

    private static Definitions definitionsOf(DMNModelInstrumentedBase element) {
        DMNModelInstrumentedBase node = element;
        for (int depth = 0; node != null && depth < 64; depth++) {
            if (node instanceof Definitions definitions) {
                return definitions;
            }
            node = node.getParent();
        }
        return null;
    }

    /**
     * Whether the unknown name a FEEL compile event reports is, at the place it reports, the function of an
     * invocation in {@code text}.
     */
    static boolean unknownFunctionInvoked(String text, FEELEvent event) {
        if (text == null || !(event instanceof UnknownVariableErrorEvent) || !(event.getOffendingSymbol() instanceof String name)) {
            return false;
        }
        ASTNode root;
        try {
            FEEL_1_1Parser parser = FEELParser.parse(null, text, Map.of(), Map.of(), List.of(), List.of(), null);
            parser.removeErrorListeners();
            root = parser.compilation_unit().accept(new ASTBuilderVisitor(Map.of(), null));
        } catch (RuntimeException e) {
            return false;
        }
        return invokedAt(root, name, event.getLine(), event.getColumn(), 0);
    }

    private static boolean invokedAt(ASTNode node, String name, int line, int column, int depth) {
        if (node == null || depth > 256) {
            return false;
        }
        if (node instanceof FunctionInvocationNode invocation && invocation.getName() instanceof NameRefNode function
                && name.equals(function.getText()) && function.getStartLine() == line && function.getStartColumn() == column) {
            return true;
        }
        ASTNode[] children = node.getChildrenNode();
        if (children != null) {
            for (ASTNode child : children) {
                if (invokedAt(child, name, line, column, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
