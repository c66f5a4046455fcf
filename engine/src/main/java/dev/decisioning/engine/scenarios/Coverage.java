package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.decisioning.engine.ExplanationEntry;
import dev.decisioning.engine.RuleInventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which rules and decision-table rows the answers used, out of all a rule set version has. Counted only from the
 * answers' explanations, which Drools' agenda and DMN listeners fill with what really fired and was selected, matched
 * by file, rule and row against the version's {@link RuleInventory}.
 *
 * @param total      rules and rows the version has
 * @param covered    those that fired or were selected at least once
 * @param percentage covered out of total, rounded down to one decimal (100 when there is nothing to cover)
 * @param files      per rule file
 */
public record Coverage(int total, int covered, double percentage, List<FileCoverage> files) {

    /**
     * One rule file.
     *
     * @param kind {@code drl}, {@code spreadsheet} or {@code dmn}
     */
    public record FileCoverage(String file, String kind, int total, int covered, double percentage,
                               List<ItemCoverage> items) {
    }

    /**
     * One rule or row and how many times the answers used it.
     *
     * @param rule   the DRL rule name, the DMN decision table's name, or the spreadsheet row's rule name
     * @param row    the table row; null for a DRL rule
     * @param ruleId the DMN row's id, when it has one
     * @param note   the row's annotation or description, or the rule's description
     * @param hits   how many times it fired or was selected over the whole run
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemCoverage(String rule, Integer row, String ruleId, String note, int hits) {
        public boolean covered() {
            return hits > 0;
        }
    }

    private record Key(String file, String rule, Integer row) {
    }

    /** Coverage of {@code inventory} by the answers whose explanations are given. */
    public static Coverage of(RuleInventory inventory, Collection<? extends List<ExplanationEntry>> explanations) {
        Map<Key, Integer> hits = new HashMap<>();
        for (List<ExplanationEntry> explanation : explanations) {
            if (explanation == null) {
                continue;
            }
            for (ExplanationEntry entry : explanation) {
                hits.merge(new Key(entry.file(), entry.rule(), entry.row()), 1, Integer::sum);
            }
        }
        List<FileCoverage> files = new ArrayList<>();
        int total = 0;
        int covered = 0;
        for (RuleInventory.FileRules file : inventory.files()) {
            List<ItemCoverage> items = new ArrayList<>();
            int fileCovered = 0;
            for (RuleInventory.Item item : file.items()) {
                int count = hits.getOrDefault(new Key(file.file(), item.rule(), item.row()), 0);
                items.add(new ItemCoverage(item.rule(), item.row(), item.ruleId(), item.note(), count));
                if (count > 0) {
                    fileCovered++;
                }
            }
            files.add(new FileCoverage(file.file(), file.kind(), items.size(), fileCovered,
                    percentage(fileCovered, items.size()), List.copyOf(items)));
            total += items.size();
            covered += fileCovered;
        }
        return new Coverage(total, covered, percentage(covered, total), List.copyOf(files));
    }

    /** True when coverage is at least {@code minPercent}, compared exactly rather than on the rounded percentage. */
    public boolean reaches(double minPercent) {
        return total == 0 || (long) covered * 100_000 >= Math.round(minPercent * 1000) * (long) total;
    }

    /** Every rule and row no answer used, as {@code file: rule row n (note)}. */
    public List<String> uncovered() {
        List<String> lines = new ArrayList<>();
        for (FileCoverage file : files) {
            for (ItemCoverage item : file.items()) {
                if (!item.covered()) {
                    lines.add(file.file() + ": " + item.rule() + (item.row() == null ? "" : " row " + item.row())
                            + (item.note() == null || Objects.equals(item.note(), item.rule()) ? "" : " (" + item.note() + ")"));
                }
            }
        }
        return lines;
    }

    static double percentage(int covered, int total) {
        return total == 0 ? 100.0 : Math.floor(covered * 1000.0 / total) / 10.0;
    }
}
