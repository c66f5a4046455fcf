package dev.decisioning.engine.pipeline;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.InvalidRequestException;
import dev.decisioning.engine.datamodel.DataModel;
import org.kie.api.KieBase;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;
import org.kie.api.runtime.KieSession;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * DRL and spreadsheet rules over a request, with no Java class written for the rule set: the parts of the request the
 * manifest names become facts of the types the rule set declares in its DRL ({@code declare Order ... end}), filled
 * field by field by name, and what the rules derive is read back from facts of its declared types.
 */
public final class DeclaredFacts {
    /** The field of a derived fact that the engine fills with the decision's day. */
    static final String TODAY = "today";

    private DeclaredFacts() {
    }

    /** What in the manifest the compiled rules cannot serve: a type the DRL does not declare, a field it lacks. */
    public static List<DecisionMessage> check(DataModel.Manifest manifest, KieBase kieBase) {
        List<DecisionMessage> problems = new ArrayList<>();
        if (kieBase == null && !(manifest.facts().isEmpty() && manifest.derived().isEmpty())) {
            problems.add(problem("'facts' and 'derived' name declared types, but the rule set has no DRL or spreadsheet "
                    + "rules to declare them"));
            return problems;
        }
        manifest.facts().forEach((path, type) -> {
            if (typeOf(kieBase, type) == null) {
                problems.add(problem("'facts' puts '" + path + "' into type '" + type + "', which no DRL file declares"));
            }
        });
        manifest.derived().forEach((name, derived) -> {
            FactType type = derived == null ? null : typeOf(kieBase, derived.type());
            if (type == null) {
                problems.add(problem("'derived' value '" + name + "' reads type '" + (derived == null ? null
                        : derived.type()) + "', which no DRL file declares"));
            } else if (derived.collect() != null && type.getField(derived.collect()) == null) {
                problems.add(problem("'derived' value '" + name + "' collects field '" + derived.collect() + "' of '"
                        + derived.type() + "', which has no such field"));
            }
        });
        return problems;
    }

    private static DecisionMessage problem(String text) {
        return DecisionMessage.error("data-model", DataModel.MANIFEST_FILE, null, text);
    }

    static FactType typeOf(KieBase kieBase, String fullName) {
        if (kieBase == null || fullName == null) {
            return null;
        }
        int dot = fullName.lastIndexOf('.');
        return dot < 0 ? null : kieBase.getFactType(fullName.substring(0, dot), fullName.substring(dot + 1));
    }

    /**
     * Inserts the request's facts, fires the rules and reads back what they derived.
     *
     * @param request the request, typed by the data model (decimals, dates, maps, lists)
     * @param today   the decision's day, set on every derived fact whose type declares a {@code today} date field, so
     *                that rules count "the last N days" from it ({@code date > $p.today.minusDays(30)})
     * @return each derived value by name, as plain values (maps in field order, sorted lists)
     */
    static Map<String, Object> derive(CompiledRuleSet ruleSet, DataModel.Manifest manifest, Map<String, Object> request,
                                      java.time.LocalDate today, DecisionTrace trace) {
        KieBase kieBase = ruleSet.kieBase();
        KieSession session = ruleSet.sessions().newKieSession();
        var listener = trace.ruleListener();
        try {
            session.addEventListener(listener);
            manifest.facts().forEach((path, typeName) -> {
                FactType type = typeOf(kieBase, typeName);
                List<Object> parts = new ArrayList<>();
                collect(request, path.split("\\."), 0, path, parts);
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i) instanceof Map<?, ?> part) {
                        session.insert(fill(type, part, parts.size() == 1 ? path : path + "[" + i + "]"));
                    }
                }
            });
            Map<String, Object> singles = new LinkedHashMap<>();
            manifest.derived().forEach((name, derived) -> {
                if (derived.collect() == null) {
                    FactType type = typeOf(kieBase, derived.type());
                    Object instance = newInstance(type);
                    if (isDay(type.getField(TODAY))) {
                        type.set(instance, TODAY, today);
                    }
                    session.insert(instance);
                    singles.put(name, instance);
                }
            });
            session.fireAllRules();
            Map<String, Object> values = new LinkedHashMap<>();
            manifest.derived().forEach((name, derived) -> {
                FactType type = typeOf(kieBase, derived.type());
                if (derived.collect() == null) {
                    Map<String, Object> fields = fields(type, singles.get(name));
                    fields.keySet().removeAll(derived.omit());
                    values.put(name, fields);
                } else {
                    TreeSet<Object> collected = new TreeSet<>();
                    session.getObjects(type.getFactClass()::isInstance).forEach(o -> {
                        Object value = type.get(o, derived.collect());
                        if (value != null) {
                            collected.add(value);
                        }
                    });
                    values.put(name, List.copyOf(collected));
                }
            });
            return values;
        } finally {
            session.removeEventListener(listener);
            session.dispose(); // back to the pool, emptied
        }
    }

    private static boolean isDay(FactField field) {
        return field != null && field.getType() == java.time.LocalDate.class;
    }

    /** The values at a dotted path; an array on the way (or at the end) contributes each of its elements. */
    private static void collect(Object node, String[] path, int at, String whole, List<Object> into) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            list.forEach(element -> collect(element, path, at, whole, into));
            return;
        }
        if (at == path.length) {
            into.add(node);
            return;
        }
        if (node instanceof Map<?, ?> map) {
            collect(map.get(path[at]), path, at + 1, whole, into);
        }
    }

    private static Object fill(FactType type, Map<?, ?> values, String where) {
        Object instance = newInstance(type);
        for (FactField field : type.getFields()) {
            Object value = values.get(field.getName());
            if (value != null) {
                type.set(instance, field.getName(), convert(value, field.getType(), where + "." + field.getName()));
            }
        }
        return instance;
    }

    private static Object convert(Object value, Class<?> target, String field) {
        Class<?> boxed = target.isPrimitive() ? box(target) : target;
        if (boxed.isInstance(value)) {
            return value;
        }
        try {
            if (value instanceof BigDecimal decimal) {
                if (boxed == Integer.class) {
                    return decimal.intValueExact();
                }
                if (boxed == Long.class) {
                    return decimal.longValueExact();
                }
                if (boxed == Double.class) {
                    return decimal.doubleValue();
                }
            }
        } catch (ArithmeticException e) {
            throw InvalidRequestException.of(field, decimal(value) + " is not a whole number within range");
        }
        throw InvalidRequestException.of(field, "the rules declare this field as " + target.getSimpleName()
                + ", which cannot hold " + value.getClass().getSimpleName() + " '" + value + "'");
    }

    private static String decimal(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
    }

    private static Class<?> box(Class<?> primitive) {
        return primitive == int.class ? Integer.class : primitive == long.class ? Long.class
                : primitive == boolean.class ? Boolean.class : primitive == double.class ? Double.class
                : primitive == float.class ? Float.class : primitive == short.class ? Short.class
                : primitive == byte.class ? Byte.class : Character.class;
    }

    private static Object newInstance(FactType type) {
        try {
            return type.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("declared type " + type.getName() + " cannot be created", e);
        }
    }

    /** A fact's fields in their declared order. */
    private static Map<String, Object> fields(FactType type, Object instance) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FactField field : type.getFields()) {
            fields.put(field.getName(), type.get(instance, field.getName()));
        }
        return fields;
    }
}
