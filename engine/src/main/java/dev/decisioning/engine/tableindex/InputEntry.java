package dev.decisioning.engine.tableindex;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a decision-table input entry says, when it is simple enough to index: "-", string or boolean literals, numbers,
 * comparisons with a number, numeric ranges, and comma lists of one kind of these. Anything else is {@link Other}:
 * such a row stays a candidate for its column and FEEL alone decides it.
 */
public sealed interface InputEntry {
    /** "-" (or an empty cell): any value. */
    record Any() implements InputEntry {
    }

    /** Not indexable; decided by FEEL. */
    record Other() implements InputEntry {
    }

    record Strings(Set<String> values) implements InputEntry {
    }

    record Booleans(Set<Boolean> values) implements InputEntry {
    }

    /** A union of numeric intervals; a literal number is the interval [n..n]. */
    record Numbers(List<Interval> intervals) implements InputEntry {
    }

    /** A numeric interval; a null bound is unbounded on that side. */
    record Interval(BigDecimal low, boolean lowIncluded, BigDecimal high, boolean highIncluded) {
        public static Interval point(BigDecimal value) {
            return new Interval(value, true, value, true);
        }
    }

    InputEntry ANY = new Any();
    InputEntry OTHER = new Other();

    // FEEL numbers are 34-digit decimals: longer literals would be rounded by FEEL, so they are not indexed.
    Pattern NUMBER = Pattern.compile("-?(?:\\d{1,30}(?:\\.\\d{0,30})?|\\.\\d{1,30})");

    static InputEntry parse(String text) {
        String entry = text == null ? "" : text.strip();
        if (entry.isEmpty() || entry.equals("-")) {
            return ANY;
        }
        List<String> items = splitTopLevel(entry);
        if (items == null) {
            return OTHER;
        }
        Set<String> strings = new LinkedHashSet<>();
        Set<Boolean> booleans = new LinkedHashSet<>();
        List<Interval> intervals = new ArrayList<>();
        for (String raw : items) {
            String item = raw.strip();
            if (item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")) {
                String value = item.substring(1, item.length() - 1);
                if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
                    return OTHER; // escapes: leave them to FEEL
                }
                strings.add(value);
            } else if (item.equals("true") || item.equals("false")) {
                booleans.add(Boolean.valueOf(item));
            } else {
                Interval interval = interval(item);
                if (interval == null) {
                    return OTHER;
                }
                intervals.add(interval);
            }
        }
        int kinds = (strings.isEmpty() ? 0 : 1) + (booleans.isEmpty() ? 0 : 1) + (intervals.isEmpty() ? 0 : 1);
        if (kinds != 1) {
            return OTHER;
        }
        if (!strings.isEmpty()) {
            return new Strings(Set.copyOf(strings));
        }
        if (!booleans.isEmpty()) {
            return new Booleans(Set.copyOf(booleans));
        }
        return new Numbers(List.copyOf(intervals));
    }

    private static Interval interval(String item) {
        BigDecimal number = number(item);
        if (number != null) {
            return Interval.point(number);
        }
        for (String op : new String[] {"<=", ">=", "<", ">"}) {
            if (item.startsWith(op)) {
                BigDecimal bound = number(item.substring(op.length()).strip());
                if (bound == null) {
                    return null;
                }
                return switch (op) {
                    case "<=" -> new Interval(null, false, bound, true);
                    case ">=" -> new Interval(bound, true, null, false);
                    case "<" -> new Interval(null, false, bound, false);
                    default -> new Interval(bound, false, null, false);
                };
            }
        }
        if (item.length() < 5) {
            return null;
        }
        char open = item.charAt(0);
        char close = item.charAt(item.length() - 1);
        if ("[(]".indexOf(open) < 0 || "])[".indexOf(close) < 0) {
            return null;
        }
        String inner = item.substring(1, item.length() - 1);
        int dots = inner.indexOf("..");
        if (dots < 0 || inner.indexOf("..", dots + 2) >= 0) {
            return null;
        }
        BigDecimal low = number(inner.substring(0, dots).strip());
        BigDecimal high = number(inner.substring(dots + 2).strip());
        if (low == null || high == null) {
            return null;
        }
        return new Interval(low, open == '[', high, close == ']');
    }

    private static BigDecimal number(String text) {
        return NUMBER.matcher(text).matches() ? new BigDecimal(text.startsWith("-.") ? "-0" + text.substring(1)
                : text.startsWith(".") ? "0" + text : text) : null;
    }

    /** Splits on commas outside quotes and brackets; null when the text is not balanced. */
    private static List<String> splitTopLevel(String text) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (quoted) {
            return null;
        }
        items.add(text.substring(start));
        return items;
    }
}
