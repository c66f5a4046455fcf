package dev.decisioning.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One rule or decision-table row that contributed to an answer.
 *
 * @param step    the pipeline step or DMN decision it belongs to, e.g. {@code metrics}, {@code loyaltyTier}
 * @param file    the rule file it lives in
 * @param rule    the DRL rule name, the DMN decision table's name, or the name of the rule a spreadsheet row makes
 *                (its NAME cell, else {@code <table>_<row>})
 * @param row     the decision-table row (1-based, as an editor numbers it) or spreadsheet row; null for DRL rules
 * @param ruleId  the DMN rule id of the row, when the row has one
 * @param note    the row's annotation, the spreadsheet row's description or the rule's description, when the file
 *                gives one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplanationEntry(String step, String file, String rule, Integer row, String ruleId, String note) {
}
