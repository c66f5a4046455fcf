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
    private static final Comparator<RuleInventory.Item> ORDER = Comparator.comparing(RuleInventory.Item::rule)
            .thenComparing(i -> i.row() == null ? 0 : i.row());

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
            items.sort(ORDER);
            files.add(new RuleInventory.FileRules(file, kinds.get(file), List.copyOf(items)));
        });
        return new RuleInventory(ruleSet.name(), ruleSet.version(), ruleSet.hash(), files);
    }
}
