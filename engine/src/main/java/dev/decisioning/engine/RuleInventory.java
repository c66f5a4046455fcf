package dev.decisioning.engine;

import java.util.List;

/**
 * Every rule and decision-table row a rule set version has, by file: the denominator of coverage. An item is
 * identified the way explanations identify what fired ({@link ExplanationEntry#file()}, {@code rule}, {@code row}),
 * so coverage is explanations matched against this list.
 *
 * @param ruleSet the rule set
 * @param version the version described (null when read without a store)
 * @param hash    the hash of its files
 * @param files   one entry per rule file that holds rules or tables, sorted by file name; in each, DRL rules by name,
 *                DMN rows by table and row, spreadsheet rows by sheet row
 */
public record RuleInventory(String ruleSet, VersionNumber version, String hash, List<FileRules> files) {

    /** A file's rules: DRL rules, spreadsheet rows (as the rules Drools makes of them) or DMN table rows. */
    public record FileRules(String file, String kind, List<Item> items) {
    }

    /**
     * One rule or row.
     *
     * @param rule   the DRL rule name, the DMN decision table's name (its decision or knowledge model), or the name
     *               of the rule a spreadsheet row makes (its NAME cell, else {@code <table>_<row>})
     * @param row    the table row (DMN: 1-based; spreadsheet: the sheet row), null for a DRL rule
     * @param ruleId the DMN row's id, when it has one
     * @param note   the row's annotation (DMN) or description (spreadsheet DESCRIPTION cell or description metadata),
     *               or the DRL rule's description, when it has one
     */
    public record Item(String rule, Integer row, String ruleId, String note) {
    }
}
