package dev.decisioning.engine.validation;

import dev.decisioning.engine.formats.RuleFileFormat;
import dev.decisioning.engine.formats.RuleFileFormats;

import dev.decisioning.engine.DecisionMessage;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.Function;
import org.drools.base.rule.LineMappings;
import org.drools.base.rule.TypeDeclaration;
import org.drools.core.rule.JavaDialectRuntimeData;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What rule code may do, checked on what Drools compiled it to. A DRL rule, function or spreadsheet action can hold
 * any Java; whatever spelling it uses (imports, fully qualified names, unicode escapes, string concatenation fed to
 * reflection, lambdas, static initializers), what runs is the bytecode of the classes Drools generates for the rule
 * set. Every call, field access and {@code invokedynamic} in those classes must be on the allow list
 * ({@code rule-code-allowed.txt} beside this class) or on the rule set's own classes, and code that came from the rule
 * author may not loop (backward jumps) or recurse: rules iterate with patterns ({@code from}, {@code accumulate}).
 * Refusals name the rule file and line (the spreadsheet row for decision tables).
 *
 * <p>Rule sets are compiled the classic way ({@code KieBuilder.buildAll()}): Java code (consequences, {@code eval},
 * inline accumulate code, functions) is compiled into classes kept in each package's {@link JavaDialectRuntimeData},
 * next to the invokers Drools generates around it ({@code Rule_<name><hash>...Invoker}); declared types are generated
 * as class definitions there too. Consequences in the {@code mvel} dialect are interpreted, not compiled, and are
 * refused because they cannot be checked.
 */
public final class RuleCodeCheck {
    private static final AllowList ALLOWED = AllowList.load("rule-code-allowed.txt");
    private static final String CONSEQUENCE_INVOKER = "DefaultConsequenceInvoker";
    private static final Pattern SPREADSHEET_ROW = Pattern.compile("//\\s*rule values at [A-Z]+(\\d+)");
    private static final Pattern GENERATED_SUFFIX = Pattern.compile("[A-Za-z]+\\d*Invoker");
    /** Lines in the generated class between the consequence's {@code then} and where Drools' line mapping counts. */
    private static final int CONSEQUENCE_LINE_SHIFT = 3;
    private static final int FUNCTION_LINE_SHIFT = 0;

    private RuleCodeCheck() {
    }

    /** Where a generated class comes from, and whether its code is the author's (checked strictly) or Drools'. */
    private record Origin(String file, String kind, String name, boolean authored, LineMappings lines, int lineShift) {
        String describe() {
            return kind + " " + (kind.equals("rule") ? "\"" + name + "\"" : name);
        }
    }

    /** A class of the rule set; {@code scan} false for one already refused as a whole. */
    private record Scanned(ClassNode node, Origin origin, boolean scan) {
        Scanned(ClassNode node, Origin origin) {
            this(node, origin, true);
        }
    }

    /**
     * @param kieBase    the rule set's freshly built rules
     * @param fileOfPath the rule set's file name for a Drools resource path
     * @param contents   the rule set's files by name
     * @param drl        the DRL Drools compiled for each file written in DRL or generated from a table, by file name
     * @return one error per refused use, in file and line order; empty when the rule code keeps to the allow list
     */
    public static List<DecisionMessage> check(KieBase kieBase, java.util.function.Function<String, String> fileOfPath,
                                       Map<String, byte[]> contents, Map<String, String> drl) {
        Sources sources = new Sources(contents, drl);
        List<DecisionMessage> problems = new ArrayList<>();
        Map<String, Scanned> classes = new LinkedHashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            InternalKnowledgePackage pkg = (InternalKnowledgePackage) kiePackage;
            if (!(pkg.getDialectRuntimeRegistry().getDialectData("java") instanceof JavaDialectRuntimeData data)) {
                continue;
            }
            Map<String, LineMappings> lineMappings = pkg.getDialectRuntimeRegistry().getLineMappings();
            // Rule classes, by their internal name: Rule_<name><hash>, its nested classes and the invokers beside it.
            Map<String, RuleImpl> ruleClasses = new HashMap<>();
            for (Rule rule : pkg.getRules()) {
                RuleImpl impl = (RuleImpl) rule;
                if (impl.isQuery() || impl.getConsequence() == null) {
                    continue; // nothing of the author's runs but conditions, checked below
                }
                String file = impl.getResource() == null ? null : fileOfPath.apply(impl.getResource().getSourcePath());
                String invoker = impl.getConsequence().getClass().getName();
                if (!invoker.endsWith(CONSEQUENCE_INVOKER)
                        || !data.getStore().containsKey(invoker.replace('.', '/') + ".class")) {
                    problems.add(DecisionMessage.error("safety", file, sources.ruleLine(file, impl.getName()),
                            "rule \"" + impl.getName() + "\" is in the '" + impl.getDialect() + "' dialect: rule code must "
                                    + "be Java (dialect \"java\", the default) so that what it calls can be checked"));
                    continue;
                }
                ruleClasses.put(invoker.substring(0, invoker.length() - CONSEQUENCE_INVOKER.length()).replace('.', '/'), impl);
            }
            Map<String, Function> functionClasses = new HashMap<>();
            pkg.getFunctions().values().forEach(f -> functionClasses.put(f.getClassName().replace('.', '/'), f));

            for (Map.Entry<String, byte[]> stored : data.getStore().entrySet()) {
                if (!stored.getKey().endsWith(".class")) {
                    continue;
                }
                ClassNode node = read(stored.getValue());
                classes.put(node.name, new Scanned(node, originOf(node.name, ruleClasses, functionClasses, lineMappings,
                        fileOfPath, sources)));
            }
            for (TypeDeclaration type : pkg.getTypeDeclarations().values()) {
                byte[] definition = data.getClassDefinition(type.getTypeClassName().replace('.', '/') + ".class");
                if (definition == null) {
                    continue; // a fact class declared again for its metadata: not generated
                }
                ClassNode node = read(definition);
                String file = type.getResource() == null ? null : fileOfPath.apply(type.getResource().getSourcePath());
                String simpleName = type.getTypeName();
                if (!node.superName.equals("java/lang/Object") && !data.getStore().containsKey(node.superName + ".class")
                        && data.getClassDefinition(node.superName + ".class") == null && !ALLOWED.mentions(node.superName)) {
                    // Drools generates a declared type's methods from its superclass's: one message says it all.
                    problems.add(DecisionMessage.error("safety", file, sources.toSheetRow(file, sources.typeLine(file, simpleName)),
                            "declared type " + simpleName + " extends " + dotted(node.superName) + ", which rule code may "
                                    + "not use: declared types may extend only other declared types and fact classes"));
                    // Still known as the rule set's own, so that rule code calling it is told what it really calls.
                    classes.put(node.name, new Scanned(node, new Origin(file, "declared type", simpleName, false, null, 0), false));
                    continue;
                }
                // Generated by Drools from the declaration (fields, accessors, equals, toString): held to the list for generated code.
                classes.put(node.name, new Scanned(node, new Origin(file, "declared type", simpleName, false, null, 0)));
            }
        }
        new Scan(classes, sources, problems).run();
        problems.addAll(ConditionCheck.check(contents.keySet(), sources));
        problems.sort(Comparator.comparing((DecisionMessage m) -> m.source() == null ? "" : m.source())
                .thenComparing(m -> m.line() == null ? Integer.MAX_VALUE : m.line()));
        return List.copyOf(new LinkedHashSet<>(problems));
    }

    private static Origin originOf(String className, Map<String, RuleImpl> ruleClasses, Map<String, Function> functions,
                                   Map<String, LineMappings> lineMappings,
                                   java.util.function.Function<String, String> fileOfPath, Sources sources) {
        String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        Function function = functions.get(outer);
        if (function != null) {
            String file = function.getResource() == null ? sources.fileDeclaringFunction(function.getName())
                    : fileOfPath.apply(function.getResource().getSourcePath());
            return new Origin(file, "function", function.getName(), true,
                    lineMappings.get(outer.replace('/', '.')), FUNCTION_LINE_SHIFT);
        }
        for (Map.Entry<String, RuleImpl> rule : ruleClasses.entrySet()) {
            if (!className.startsWith(rule.getKey())) {
                continue;
            }
            String rest = className.substring(rule.getKey().length());
            if (!rest.isEmpty() && !(rest.charAt(0) == '$' || Character.isLetter(rest.charAt(0)))) {
                continue;
            }
            RuleImpl impl = rule.getValue();
            String file = impl.getResource() == null ? null : fileOfPath.apply(impl.getResource().getSourcePath());
            boolean generated = GENERATED_SUFFIX.matcher(rest).matches();
            return new Origin(file, "rule", impl.getName(), !generated,
                    rest.isEmpty() ? lineMappings.get(className.replace('/', '.')) : null, CONSEQUENCE_LINE_SHIFT);
        }
        // Nothing Drools is known to generate: held to the rules for rule code.
        return new Origin(null, "class", className.replace('/', '.'), true, null, 0);
    }

    private static ClassNode read(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
        return node;
    }

    /** One pass over every method of every class of the rule set. */
    private static final class Scan {
        private final Map<String, Scanned> classes;
        private final Sources sources;
        private final List<DecisionMessage> problems;
        /** Calls between the rule set's own methods in author code, for recursion. */
        private final Map<String, Set<String>> calls = new HashMap<>();
        private final Map<String, Runnable> recursionReports = new HashMap<>();

        Scan(Map<String, Scanned> classes, Sources sources, List<DecisionMessage> problems) {
            this.classes = classes;
            this.sources = sources;
            this.problems = problems;
        }

        void run() {
            for (Scanned scanned : classes.values()) {
                if (!scanned.scan()) {
                    continue;
                }
                for (MethodNode method : scanned.node().methods) {
                    scan(scanned, method);
                }
            }
            reportRecursion();
        }

        private void scan(Scanned scanned, MethodNode method) {
            Origin origin = scanned.origin();
            String self = scanned.node().name + "." + method.name + method.desc;
            int line = -1;
            boolean loopReported = false;
            AbstractInsnNode[] code = method.instructions.toArray();
            Map<LabelNode, Integer> positions = new HashMap<>();
            for (int i = 0; i < code.length; i++) {
                if (code[i] instanceof LabelNode label) {
                    positions.put(label, i);
                }
            }
            for (int i = 0; i < code.length; i++) {
                AbstractInsnNode insn = code[i];
                if (insn instanceof LineNumberNode number) {
                    line = number.line;
                } else if (insn instanceof MethodInsnNode call) {
                    checkCall(scanned, method, line, call.owner, call.name, call.desc, self);
                } else if (insn instanceof FieldInsnNode field) {
                    if (!isOwn(field.owner) && !ALLOWED.allows(field.owner, field.name, !origin.authored())) {
                        refuse(scanned, method, line, "uses " + dotted(field.owner) + "." + field.name);
                    }
                } else if (insn instanceof InvokeDynamicInsnNode dynamic) {
                    checkDynamic(scanned, method, line, dynamic, self);
                } else if (insn instanceof LdcInsnNode constant
                        && (constant.cst instanceof Handle || constant.cst instanceof ConstantDynamic)) {
                    refuse(scanned, method, line, "uses a method handle constant");
                }
                if (origin.authored() && !loopReported && jumpsBack(insn, i, positions)) {
                    loopReported = true;
                    report(scanned, method, line, "loops (for, while or do): rule code may not loop; match the "
                            + "elements of a collection with 'from' or 'accumulate' in the rule's conditions instead");
                }
            }
        }

        private void checkCall(Scanned scanned, MethodNode method, int line, String owner, String name, String desc,
                               String self) {
            String target = resolve(owner, name, desc);
            if (target != null) {
                if (scanned.origin().authored()) {
                    calls.computeIfAbsent(self, k -> new HashSet<>()).add(target);
                    recursionReports.putIfAbsent(self, () -> report(scanned, method, lineOf(method),
                            "calls itself, directly or through other functions: rule code may not recurse; "
                                    + "match the elements of a collection with 'from' or 'accumulate' instead"));
                }
                return;
            }
            String inherited = ownerOutsideRuleSet(owner, name, desc);
            if (inherited.equals("org/mvel2/MVEL") && scanned.origin().kind().equals("declared type")) {
                report(scanned, method, line, "has a field default or enum constant argument that is an expression, which "
                        + "Drools evaluates with MVEL when the type is used and cannot be checked: use plain values, or "
                        + "set the field in a rule");
                return;
            }
            if (!ALLOWED.allows(inherited, name, !scanned.origin().authored())) {
                refuse(scanned, method, line, "calls " + dotted(inherited) + "." + name + "()");
            }
        }

        private void checkDynamic(Scanned scanned, MethodNode method, int line, InvokeDynamicInsnNode dynamic,
                                  String self) {
            Handle bootstrap = dynamic.bsm;
            if (bootstrap.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
                return; // the compiler's own string concatenation
            }
            if (bootstrap.getOwner().equals("java/lang/invoke/LambdaMetafactory") && dynamic.bsmArgs.length > 1
                    && dynamic.bsmArgs[1] instanceof Handle implementation) {
                // A lambda or method reference: what it runs is checked as a call from here.
                String lambdaType = Type.getReturnType(dynamic.desc).getInternalName();
                if (!isOwn(lambdaType) && !ALLOWED.allowsClass(lambdaType)) {
                    refuse(scanned, method, line, "makes a lambda of " + dotted(lambdaType));
                }
                checkCall(scanned, method, line, implementation.getOwner(), implementation.getName(),
                        implementation.getDesc(), self);
                return;
            }
            refuse(scanned, method, line, "uses invokedynamic through " + dotted(bootstrap.getOwner()));
        }

        /** The rule set's own method a call lands on, following its own superclasses; null when outside the rule set. */
        private String resolve(String owner, String name, String desc) {
            String current = owner;
            while (current != null && classes.containsKey(current)) {
                ClassNode node = classes.get(current).node();
                for (MethodNode m : node.methods) {
                    if (m.name.equals(name) && m.desc.equals(desc)) {
                        return current + "." + name + desc;
                    }
                }
                current = node.superName;
            }
            return null;
        }

        /** The first class outside the rule set that a call on one of its classes is inherited from. */
        private String ownerOutsideRuleSet(String owner, String name, String desc) {
            String current = owner;
            while (classes.containsKey(current)) {
                current = classes.get(current).node().superName;
            }
            return current;
        }

        private boolean isOwn(String owner) {
            return classes.containsKey(owner);
        }

        private static boolean jumpsBack(AbstractInsnNode insn, int index, Map<LabelNode, Integer> positions) {
            List<LabelNode> targets = new ArrayList<>();
            if (insn instanceof JumpInsnNode jump) {
                targets.add(jump.label);
            } else if (insn instanceof TableSwitchInsnNode table) {
                targets.add(table.dflt);
                targets.addAll(table.labels);
            } else if (insn instanceof LookupSwitchInsnNode lookup) {
                targets.add(lookup.dflt);
                targets.addAll(lookup.labels);
            }
            return targets.stream().anyMatch(label -> positions.getOrDefault(label, Integer.MAX_VALUE) <= index);
        }

        private void reportRecursion() {
            // A method of author code that can reach itself again through the rule set's own methods.
            for (String start : calls.keySet()) {
                Set<String> seen = new HashSet<>();
                List<String> todo = new ArrayList<>(calls.get(start));
                while (!todo.isEmpty()) {
                    String next = todo.remove(todo.size() - 1);
                    if (next.equals(start)) {
                        recursionReports.get(start).run();
                        break;
                    }
                    if (seen.add(next)) {
                        todo.addAll(calls.getOrDefault(next, Set.of()));
                    }
                }
            }
        }

        private void refuse(Scanned scanned, MethodNode method, int line, String what) {
            report(scanned, method, line, what + ", which rule code may not use: rules may call fact classes, values "
                    + "(numbers, text, dates, java.math), collections and the rule engine's fact operations");
        }

        private void report(Scanned scanned, MethodNode method, int line, String text) {
            Origin origin = scanned.origin();
            problems.add(DecisionMessage.error("safety", origin.file(), sourceLine(origin, method, line),
                    origin.describe() + " " + text));
        }

        private Integer sourceLine(Origin origin, MethodNode method, int generatedLine) {
            Integer line = null;
            // Drools' line mapping covers the consequence (and lambdas written in it) and function bodies; code from a
            // rule's conditions (eval, accumulate) sits elsewhere in the rule's class and is given the rule's line.
            boolean mapped = origin.lines() != null && generatedLine > 0 && (origin.kind().equals("function")
                    || method.name.endsWith("onsequence") || method.name.startsWith("lambda$"));
            if (mapped) {
                int candidate = origin.lines().getStartLine() + generatedLine - origin.lines().getOffset() - origin.lineShift();
                line = candidate >= origin.lines().getStartLine() - 1 ? candidate : null;
            }
            if (line == null) {
                line = switch (origin.kind()) {
                    case "rule" -> sources.ruleLine(origin.file(), origin.name());
                    case "function" -> sources.functionLine(origin.file(), origin.name());
                    case "declared type" -> sources.typeLine(origin.file(), origin.name());
                    default -> null;
                };
            }
            return sources.toSheetRow(origin.file(), line);
        }

        private static int lineOf(MethodNode method) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof LineNumberNode number) {
                    return number.line;
                }
            }
            return -1;
        }
    }

    private static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }

    /**
     * The rule files as DRL text, to find a rule, function or type by name and, for spreadsheets, the row a line of
     * the DRL generated from the sheet comes from. Only read when there is something to report.
     */
    private static final class Sources {
        private final Map<String, byte[]> contents;
        private final Map<String, String[]> drl = new HashMap<>();

        Sources(Map<String, byte[]> contents, Map<String, String> generated) {
            this.contents = contents;
            generated.forEach((file, text) -> drl.put(file, text.split("\n", -1)));
        }

        String[] lines(String file) {
            if (file == null || !contents.containsKey(file)) {
                return new String[0];
            }
            // The DRL Drools compiled is given for every file; a file without it is read as the DRL it is.
            return drl.computeIfAbsent(file, f -> new String(contents.get(f), StandardCharsets.UTF_8).split("\n", -1));
        }

        Integer ruleLine(String file, String rule) {
            return find(file, Pattern.compile("^\\s*rule\\s+(\"" + Pattern.quote(rule) + "\"|'" + Pattern.quote(rule)
                    + "'|" + Pattern.quote(rule) + "(\\s|$))"));
        }

        Integer functionLine(String file, String function) {
            return find(file, Pattern.compile("^\\s*function\\s+[^(]*\\b" + Pattern.quote(function) + "\\s*\\("));
        }

        Integer typeLine(String file, String type) {
            return find(file, Pattern.compile("^\\s*declare\\s+((trait|enum)\\s+)?" + Pattern.quote(type) + "\\b"));
        }

        String fileDeclaringFunction(String function) {
            return contents.keySet().stream().filter(f -> functionLine(f, function) != null).findFirst().orElse(null);
        }

        private Integer find(String file, Pattern pattern) {
            String[] lines = lines(file);
            for (int i = 0; i < lines.length; i++) {
                if (pattern.matcher(lines[i]).find()) {
                    return i + 1;
                }
            }
            return null;
        }

        /** A line of DRL generated from a spreadsheet, as the sheet row it comes from; other lines as they are. */
        Integer toSheetRow(String file, Integer line) {
            if (line == null || file == null || !RuleFileFormats.of(file).map(RuleFileFormat::generatesDrl).orElse(false)) {
                return line;
            }
            String[] lines = lines(file);
            Integer row = null;
            for (int i = 0; i < Math.min(line, lines.length); i++) {
                Matcher m = SPREADSHEET_ROW.matcher(lines[i]);
                if (m.find()) {
                    row = Integer.valueOf(m.group(1));
                }
            }
            return row;
        }
    }

    /**
     * Rule conditions (patterns, {@code from}, accumulate arguments, dynamic attributes such as {@code salience}) are
     * MVEL expressions that classic Drools interprets: they have no bytecode to check until they run. They are checked
     * on their parsed rule text instead, which for MVEL is what runs: MVEL has no unicode escapes (refused outright),
     * cannot build a member name from a string without reflection, and reaches a class only by naming it. Every class a
     * condition names (through the imports, {@code java.lang} or a fully qualified name) must be on the allow list, and
     * members that lead to reflection ({@code class}, {@code getClass()} and the rest of {@code [refused]}) are refused.
     */
    private static final class ConditionCheck {
        private static final Pattern TOKEN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*|\\\\u|.", Pattern.DOTALL);
        private static final Set<String> PACKAGE_ROOTS = Set.of("java", "javax", "jakarta", "jdk", "sun", "com", "org",
                "net", "io", "dev");
        private static final Set<String> REFUSED_MEMBERS;

        static {
            Set<String> members = new HashSet<>(ALLOWED.refusedMembers());
            // MVEL reads getX() as property x too.
            for (String name : List.copyOf(members)) {
                if (name.startsWith("get") && name.length() > 3) {
                    members.add(Character.toLowerCase(name.charAt(3)) + name.substring(4));
                }
            }
            members.addAll(List.of("class", "getClassLoader", "classLoader", "getDeclaringClass", "declaringClass"));
            REFUSED_MEMBERS = Set.copyOf(members);
        }

        private ConditionCheck() {
        }

        public static List<DecisionMessage> check(Set<String> files, Sources sources) {
            List<DecisionMessage> problems = new ArrayList<>();
            for (String file : files) {
                if (!RuleFileFormats.compiledAsDrl(file)) {
                    continue;
                }
                String[] lines = sources.lines(file);
                org.drools.drl.parser.DrlParser parser = new org.drools.drl.parser.DrlParser();
                org.drools.drl.ast.descr.PackageDescr pkg;
                try {
                    pkg = parser.parse(false, String.join("\n", lines));
                } catch (Exception e) {
                    continue; // Drools compiled it, so this does not happen; the compile's own messages would say why
                }
                if (pkg == null) {
                    continue;
                }
                Map<String, String> imports = new HashMap<>();
                List<String> wildcards = new ArrayList<>(List.of("java.lang"));
                if (pkg.getName() != null && !pkg.getName().isEmpty()) {
                    wildcards.add(pkg.getName());
                }
                pkg.getImports().forEach(i -> {
                    String target = i.getTarget();
                    if (target.endsWith(".*")) {
                        wildcards.add(target.substring(0, target.length() - 2));
                    } else {
                        imports.put(target.substring(target.lastIndexOf('.') + 1), target);
                    }
                });
                for (org.drools.drl.ast.descr.RuleDescr rule : pkg.getRules()) {
                    int first = Math.max(rule.getLine(), 1);
                    int last = rule.isQuery() || rule.getConsequenceLine() <= 0 ? rule.getEndLine() : rule.getConsequenceLine();
                    StringBuilder conditions = new StringBuilder();
                    for (int line = first; line <= Math.min(last, lines.length); line++) {
                        String text = lines[line - 1];
                        if (line == last && !rule.isQuery()) {
                            Matcher then = Pattern.compile("\\bthen\\b").matcher(text);
                            text = then.find() ? text.substring(0, then.start()) : text;
                        }
                        conditions.append(text).append('\n');
                    }
                    String what = (rule.isQuery() ? "query \"" : "rule \"") + rule.getName() + "\"";
                    scan(conditions.toString(), first, imports, wildcards, (line, problem) -> problems.add(
                            DecisionMessage.error("safety", file, sources.toSheetRow(file, line), what + " " + problem)));
                }
            }
            return problems;
        }

        private static void scan(String text, int firstLine, Map<String, String> imports, List<String> wildcards,
                                 java.util.function.BiConsumer<Integer, String> refuse) {
            String code = blankCommentsAndStrings(text);
            Matcher tokens = TOKEN.matcher(code);
            List<String> all = new ArrayList<>();
            List<Integer> lineOf = new ArrayList<>();
            int line = firstLine;
            int position = 0;
            while (tokens.find()) {
                for (int i = position; i < tokens.start(); i++) {
                    line += code.charAt(i) == '\n' ? 1 : 0;
                }
                position = tokens.start();
                String token = tokens.group();
                if (!token.isBlank()) {
                    all.add(token);
                    lineOf.add(line);
                }
            }
            for (int i = 0; i < all.size(); i++) {
                String token = all.get(i);
                int at = lineOf.get(i);
                boolean member = i > 0 && all.get(i - 1).equals(".");
                if (token.equals("\\u")) {
                    refuse.accept(at, "writes a unicode escape in its conditions, which rule conditions may not use");
                } else if (REFUSED_MEMBERS.contains(token)) {
                    // After a dot or alone: a bare name in a pattern is a property of its fact.
                    refuse.accept(at, "uses ." + token + " in its conditions, which leads to reflection: rule code may "
                            + "not use it");
                } else if (!member && Character.isLowerCase(token.charAt(0)) && i + 1 < all.size() && all.get(i + 1).equals(".")) {
                    // Perhaps a fully qualified name (java.lang.System…): up to its first capitalised part, if that is
                    // a class. A property path (orders.size()) names none.
                    StringBuilder name = new StringBuilder(token);
                    int j = i + 1;
                    boolean capitalised = false;
                    while (j + 1 < all.size() && all.get(j).equals(".") && Character.isJavaIdentifierStart(all.get(j + 1).charAt(0))) {
                        name.append('.').append(all.get(j + 1));
                        j += 2;
                        if (Character.isUpperCase(all.get(j - 1).charAt(0))) {
                            capitalised = true;
                            break;
                        }
                    }
                    boolean known = capitalised && loadable(name.toString());
                    if ((known || capitalised && PACKAGE_ROOTS.contains(token))
                            && !ALLOWED.mentions(name.toString().replace('.', '/'))) {
                        refuse.accept(at, "uses " + name + " in its conditions, which rule code may not use");
                    }
                    i = known ? j - 1 : i;
                } else if (!member && Character.isUpperCase(token.charAt(0))) {
                    String resolved = resolve(token, imports, wildcards);
                    if (resolved != null && !ALLOWED.mentions(resolved.replace('.', '/'))) {
                        refuse.accept(at, "uses " + resolved + " in its conditions, which rule code may not use");
                    }
                }
            }
        }

        /** The class a simple name in a condition stands for, or null (a declared type, a variable, nothing known). */
        private static String resolve(String simpleName, Map<String, String> imports, List<String> wildcards) {
            if (imports.containsKey(simpleName)) {
                return imports.get(simpleName);
            }
            for (String pkg : wildcards) {
                if (loadable(pkg + "." + simpleName)) {
                    return pkg + "." + simpleName;
                }
            }
            return null;
        }

        /** Whether a class of that name exists for rules (looked up without initialising it). */
        private static boolean loadable(String className) {
            try {
                Class.forName(className, false, RuleCodeCheck.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        /** Comments and string literals (both quote kinds) blanked, line breaks kept. */
        private static String blankCommentsAndStrings(String text) {
            StringBuilder out = new StringBuilder(text.length());
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                    while (i < text.length() && text.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    int end = text.indexOf("*/", i + 2);
                    end = end < 0 ? text.length() : end + 2;
                    text.substring(i, end).chars().forEach(ch -> out.append(ch == '\n' ? '\n' : ' '));
                    i = end;
                } else if (c == '"' || c == '\'') {
                    out.append(' ');
                    i++;
                    while (i < text.length() && text.charAt(i) != c && text.charAt(i) != '\n') {
                        i += text.charAt(i) == '\\' ? 2 : 1;
                    }
                    out.append(' ');
                    i++;
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }
    }

    /** The allow list: entries by section, read once. */
    static final class AllowList {
        private final List<String> ruleCode;
        private final List<String> generated;
        private final List<String> refused;

        private AllowList(List<String> ruleCode, List<String> generated, List<String> refused) {
            this.ruleCode = ruleCode;
            this.generated = generated;
            this.refused = refused;
        }

        static AllowList load(String resource) {
            Map<String, List<String>> sections = new HashMap<>();
            List<String> current = null;
            try (InputStream in = RuleCodeCheck.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + resource);
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    line = line.strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    if (line.startsWith("[")) {
                        current = sections.computeIfAbsent(line, k -> new ArrayList<>());
                    } else if (current != null) {
                        current.add(line.replace('.', '/'));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new AllowList(sections.getOrDefault("[rule code]", List.of()),
                    sections.getOrDefault("[generated]", List.of()), sections.getOrDefault("[refused]", List.of()));
        }

        /** Whether rule code may use a class at all (some of its members, or it as a type), by internal name. */
        boolean mentions(String owner) {
            if (refused.stream().anyMatch(e -> !e.contains("#") && matches(e, owner))) {
                return false;
            }
            return ruleCode.stream().anyMatch(e -> matches(e.contains("#") ? e.substring(0, e.indexOf('#')) : e, owner));
        }

        /** Method names refused on some or every class. */
        Set<String> refusedMembers() {
            Set<String> names = new HashSet<>();
            refused.stream().filter(e -> e.contains("#")).forEach(e -> names.add(e.substring(e.indexOf('#') + 1)));
            return names;
        }

        /** Whether a class (internal name) may be used as a whole: every member allowed. */
        boolean allowsClass(String owner) {
            return ruleCode.stream().anyMatch(e -> !e.contains("#") && matches(e, owner));
        }

        boolean allows(String owner, String member, boolean generatedCode) {
            if (generatedCode && generated.stream().anyMatch(e -> matches(e, owner, member))) {
                return true;
            }
            if (owner.startsWith("[")) {
                return member.equals("clone") || member.equals("length"); // arrays
            }
            if (refused.stream().anyMatch(e -> matches(e, owner, member))) {
                return false;
            }
            return ruleCode.stream().anyMatch(e -> matches(e, owner, member));
        }

        private static boolean matches(String entry, String owner, String member) {
            int hash = entry.indexOf('#');
            if (hash < 0) {
                return matches(entry, owner);
            }
            String type = entry.substring(0, hash);
            return entry.substring(hash + 1).equals(member) && (type.equals("*") || type.equals(owner));
        }

        private static boolean matches(String entry, String owner) {
            if (entry.endsWith("/**")) {
                return owner.startsWith(entry.substring(0, entry.length() - 2));
            }
            if (entry.endsWith("/*")) {
                String pkg = entry.substring(0, entry.length() - 1);
                return owner.startsWith(pkg) && owner.indexOf('/', pkg.length()) < 0;
            }
            return owner.equals(entry) || owner.startsWith(entry + "$");
        }
    }
}
