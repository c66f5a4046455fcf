package dev.decisioning.engine.pipeline;

import dev.decisioning.engine.formats.RuleFileFormat;
import dev.decisioning.engine.formats.RuleFileFormats;

import dev.decisioning.engine.ExplanationEntry;
import dev.decisioning.engine.RuleInventory;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Lists a compiled rule set's rules and table rows, named exactly as explanations name what fired. */
public final class InventoryOf {
    /** DRL rules by name, DMN table rows by table, then row. */
    private static final Comparator<RuleInventory.Item> BY_NAME = Comparator.comparing(RuleInventory.Item::rule)
            .thenComparingInt(i -> i.row() == null ? 0 : i.row());
    /** Spreadsheet rows as the sheet has them, by row number, whatever a NAME column calls their rules. */
    private static final Comparator<RuleInventory.Item> BY_ROW = Comparator
            .comparingInt((RuleInventory.Item i) -> i.row() == null ? Integer.MAX_VALUE : i.row())
            .thenComparing(RuleInventory.Item::rule);

    private InventoryOf() {
    }

    public static RuleInventory of(CompiledRuleSet ruleSet) {
        Map<String, List<RuleInventory.Item>> byFile = new TreeMap<>();
        Map<String, String> kinds = new TreeMap<>();
        if (ruleSet.kieBase() != null) {
            for (KiePackage kiePackage : ruleSet.kieBase().getKiePackages()) {
                for (Rule rule : kiePackage.getRules()) {
                    ExplanationEntry entry = DecisionTrace.describe(rule, ruleSet);
                    String file = entry.file() == null ? "(unknown)" : entry.file();
                    byFile.computeIfAbsent(file, f -> new ArrayList<>())
                            .add(new RuleInventory.Item(entry.rule(), entry.row(), null, entry.note()));
                    kinds.put(file, RuleFileFormats.of(file).map(RuleFileFormat::kind).orElse("drl"));
                }
            }
        }
        for (Map.Entry<String, CompiledRuleSet.TableRow> row : ruleSet.tableRows().entrySet()) {
            CompiledRuleSet.TableRow value = row.getValue();
            String file = value.file() == null ? "(unknown)" : value.file();
            byFile.computeIfAbsent(file, f -> new ArrayList<>())
                    .add(new RuleInventory.Item(value.table(), value.row(), row.getKey(), value.note()));
            kinds.put(file, RuleFileFormats.of(file).map(RuleFileFormat::kind).orElse("dmn"));
        }
        List<RuleInventory.FileRules> files = new ArrayList<>();
        byFile.forEach((file, items) -> {
            // A table's rows in the order of its sheet, not of their names (segments_9 before segments_10).
            items.sort(RuleFileFormats.of(file).map(RuleFileFormat::generatesDrl).orElse(false) ? BY_ROW : BY_NAME);
            files.add(new RuleInventory.FileRules(file, kinds.get(file), List.copyOf(items)));
        });
        return new RuleInventory(ruleSet.name(), ruleSet.version(), ruleSet.hash(), files);
    }
}
