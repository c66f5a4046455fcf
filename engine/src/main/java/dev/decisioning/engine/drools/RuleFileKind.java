package dev.decisioning.engine.drools;

import java.util.Locale;

/** The rule file formats a rule set may hold, told apart by file name. */
enum RuleFileKind {
    DRL, DMN, DECISION_TABLE, NOT_A_RULE_FILE;

    static RuleFileKind of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".drl")) {
            return DRL;
        }
        if (name.endsWith(".dmn")) {
            return DMN;
        }
        if (name.endsWith(".xlsx") || name.endsWith(".xls") || name.endsWith(".csv")) {
            return DECISION_TABLE;
        }
        return NOT_A_RULE_FILE;
    }

    /**
     * The name Drools needs to see. It only treats spreadsheets named {@code *.drl.xlsx} or {@code *.drl.csv}
     * as decision tables and silently skips others, so a plain {@code offers.csv} is renamed on the way in.
     */
    static String droolsName(String fileName) {
        if (of(fileName) != DECISION_TABLE || fileName.toLowerCase(Locale.ROOT).matches(".*\\.drl\\.(xlsx|xls|csv)")) {
            return fileName;
        }
        int dot = fileName.lastIndexOf('.');
        return fileName.substring(0, dot) + ".drl" + fileName.substring(dot);
    }
}
