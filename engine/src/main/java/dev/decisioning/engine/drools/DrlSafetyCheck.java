package dev.decisioning.engine.drools;

import dev.decisioning.engine.DecisionMessage;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DRL rule can run any Java code. Rules that arrive over HTTP may only use the fact classes and plain value types
 * (numbers, dates, collections, maths); anything that reaches the process, the file system, the network, threads or
 * reflection is refused with the line it is on. Spreadsheet actions are DRL too and are checked the same way, by the
 * sheet row they come from.
 */
final class DrlSafetyCheck {
    private static final List<String> ALLOWED_IMPORTS = List.of(
            "dev.decisioning.engine.facts.", "java.math.", "java.time.", "java.util.List", "java.util.Map",
            "java.util.Set", "java.util.Collection", "java.util.Collections", "java.util.Arrays",
            "java.util.ArrayList", "java.util.HashMap", "java.util.HashSet", "java.util.TreeMap", "java.util.TreeSet",
            "java.util.Objects", "java.util.Optional", "java.lang.Math", "java.lang.String", "java.lang.Integer",
            "java.lang.Long", "java.lang.Boolean", "java.lang.Comparable", "java.lang.Number");

    /** What may not appear in rule code, each with the reason a business user is told. */
    private static final List<Forbidden> FORBIDDEN = List.of(
            new Forbidden("\\bSystem\\b", "java.lang.System (process, environment, exit) is not allowed"),
            new Forbidden("\\bRuntime\\b", "java.lang.Runtime is not allowed"),
            new Forbidden("\\bProcessBuilder\\b|\\bProcess\\b", "starting processes is not allowed"),
            new Forbidden("\\bThread\\b|\\bExecutors?\\b|\\bExecutorService\\b", "threads are not allowed"),
            new Forbidden("\\bClass\\s*\\.\\s*forName\\b|\\.getClass\\s*\\(|\\bClassLoader\\b|\\bgetDeclared\\w*|\\bMethodHandles?\\b|\\bjava\\s*\\.\\s*lang\\s*\\.\\s*(reflect|invoke)\\b",
                    "reflection is not allowed"),
            new Forbidden("\\bjava\\s*\\.\\s*(io|nio|net)\\b|\\bFiles\\b|\\bFile\\b|\\bPaths?\\b|\\bSocket\\w*|\\bURL\\b|\\bURI\\b|\\bHttpClient\\b",
                    "file and network access is not allowed"),
            new Forbidden("\\b(javax|sun|jdk|com\\s*\\.\\s*sun)\\s*\\.", "JDK-internal and javax classes are not allowed"),
            new Forbidden("\\b(org\\s*\\.\\s*(kie|drools))\\s*\\.|\\bgetKieRuntime\\b|\\bgetKieBase\\b|\\bkcontext\\b",
                    "access to the rule engine itself is not allowed"));

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+|function\\s+)?([\\w.$*]+)\\s*;?\\s*$");
    private static final Pattern SPREADSHEET_ROW = Pattern.compile("//\\s*rule values at [A-Z]+(\\d+)");

    private record Forbidden(Pattern pattern, String problem) {
        Forbidden(String regex, String problem) {
            this(Pattern.compile(regex), problem);
        }
    }

    private DrlSafetyCheck() {
    }

    static List<DecisionMessage> check(String fileName, byte[] content) {
        RuleFileKind kind = RuleFileKind.of(fileName);
        if (kind == RuleFileKind.DRL) {
            return checkDrl(fileName, new String(content, StandardCharsets.UTF_8), false);
        }
        if (kind == RuleFileKind.DECISION_TABLE) {
            String drl;
            try {
                InputType type = fileName.toLowerCase(Locale.ROOT).endsWith(".csv") ? InputType.CSV : InputType.XLS;
                drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(content), type);
            } catch (RuntimeException e) {
                return List.of(DecisionMessage.error("safety", fileName, null,
                        "the spreadsheet cannot be read as a decision table: " + e.getMessage()));
            }
            return checkDrl(fileName, drl, true);
        }
        return List.of();
    }

    private static List<DecisionMessage> checkDrl(String fileName, String drl, boolean fromSpreadsheet) {
        List<DecisionMessage> problems = new ArrayList<>();
        String[] lines = stripCommentsAndStrings(drl).split("\n", -1);
        String[] original = drl.split("\n", -1);
        Integer sheetRow = null;
        for (int i = 0; i < lines.length; i++) {
            if (fromSpreadsheet) {
                Matcher row = SPREADSHEET_ROW.matcher(original[i]);
                if (row.find()) {
                    sheetRow = Integer.valueOf(row.group(1));
                }
            }
            Integer line = fromSpreadsheet ? sheetRow : Integer.valueOf(i + 1);
            String code = lines[i];
            Matcher importMatch = IMPORT.matcher(code);
            if (importMatch.matches()) {
                String imported = importMatch.group(2);
                if (ALLOWED_IMPORTS.stream().noneMatch(imported::startsWith)) {
                    problems.add(DecisionMessage.error("safety", fileName, line, "import of '" + imported
                            + "' is not allowed in rules published over HTTP; allowed: fact classes, java.math, "
                            + "java.time, collections and java.lang.Math"));
                }
                continue;
            }
            for (Forbidden forbidden : FORBIDDEN) {
                Matcher m = forbidden.pattern().matcher(code);
                if (m.find()) {
                    problems.add(DecisionMessage.error("safety", fileName, line,
                            "'" + m.group().strip() + "': " + forbidden.problem()));
                }
            }
        }
        return problems;
    }

    /**
     * Blanks out comments and string literals, keeping line breaks, so that a word in a comment or a message text
     * is not mistaken for code. Spreadsheet rows are read from the original text, where those comments remain.
     */
    private static String stripCommentsAndStrings(String drl) {
        StringBuilder out = new StringBuilder(drl.length());
        int i = 0;
        while (i < drl.length()) {
            char c = drl.charAt(i);
            if (c == '/' && i + 1 < drl.length() && drl.charAt(i + 1) == '/') {
                while (i < drl.length() && drl.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < drl.length() && drl.charAt(i + 1) == '*') {
                i += 2;
                while (i < drl.length() && !(drl.charAt(i) == '*' && i + 1 < drl.length() && drl.charAt(i + 1) == '/')) {
                    out.append(drl.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                i += 2;
            } else if (c == '"') {
                out.append('"');
                i++;
                while (i < drl.length() && drl.charAt(i) != '"' && drl.charAt(i) != '\n') {
                    if (drl.charAt(i) == '\\') {
                        i++;
                    }
                    i++;
                }
                out.append('"');
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
