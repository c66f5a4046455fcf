package dev.decisioning.engine;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled rule set's rules and rows, counted by hand from its files, and named as explanations name them. */
class RuleInventoryTest {

    @Test
    void listsEveryRuleAndRowOfTheBundledRuleSet() {
        DecisionEngine engine = EmbeddedEngine.start(new FileSystemRuleSetLoader(Path.of("..", "rules")));
        RuleInventory inventory = engine.inventory("retail-loyalty", null);

        assertThat(inventory.files()).extracting(RuleInventory.FileRules::file, RuleInventory.FileRules::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("customer-decision.dmn", "dmn"),
                        org.assertj.core.groups.Tuple.tuple("customer-metrics.drl", "drl"),
                        org.assertj.core.groups.Tuple.tuple("customer-segments.drl.csv", "spreadsheet"));
        List<RuleInventory.Item> dmn = inventory.files().get(0).items();
        // tierAssignment 4, journeyStage 6, eligibleOffers 8, serviceLevel 4, routingQueue 6
        assertThat(dmn).hasSize(28);
        assertThat(dmn).filteredOn(i -> i.rule().equals("tierAssignment")).extracting(RuleInventory.Item::row)
                .containsExactly(1, 2, 3, 4);
        assertThat(inventory.files().get(1).items()).hasSize(7);
        // Sheet rows in row order, not in the order of their generated names.
        assertThat(inventory.files().get(2).items()).extracting(RuleInventory.Item::rule)
                .containsExactly("segments_9", "segments_10", "segments_11", "segments_12", "segments_13",
                        "segments_14", "segments_15");
    }
}
