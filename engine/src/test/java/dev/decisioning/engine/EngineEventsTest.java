package dev.decisioning.engine;

import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.loading.RuleSetSource;
import dev.decisioning.engine.store.DirectoryRuleSetStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine reports as it works (compiles, publishes, activations), and the refused change of a rule set's
 * folder under the rules directory kept in its summary while the last good version serves.
 */
class EngineEventsTest {
    static final String MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="_d" name="discount"
                         namespace="https://decisioning.dev/test/events">
              <inputData id="_amount" name="amount"><variable name="amount" typeRef="number"/></inputData>
              <decision id="_discount" name="discount">
                <variable name="discount" typeRef="number"/>
                <informationRequirement><requiredInput href="#_amount"/></informationRequirement>
                <literalExpression><text>%s</text></literalExpression>
              </decision>
            </definitions>
            """;

    @TempDir
    Path data;

    /** Every event, as text. */
    static final class Recorded implements EngineEvents {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void compiled(String ruleSet, Duration took, boolean serves) {
            assertThat(took).isPositive();
            events.add("compiled " + ruleSet + " " + (serves ? "ok" : "failed"));
        }

        @Override
        public void published(PublishOutcome outcome) {
            events.add("published " + outcome.ruleSet() + " " + (outcome.accepted() ? "accepted" : "refused"));
        }

        @Override
        public void activated(String ruleSet, int version, Activation how) {
            events.add("activated " + ruleSet + " " + version + " " + how);
        }
    }

    static Map<String, byte[]> model(String expression) {
        return Map.of("discount.dmn", MODEL.formatted(expression).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void compilesPublishesAndActivationsAreReported() {
        DirectoryRuleSetStore store = new DirectoryRuleSetStore(data);
        store.seedFrom(() -> List.of(RuleSetSource.of("offers", model("amount * 0.1"))));
        Recorded recorded = new Recorded();
        DecisionEngine engine = EmbeddedEngine.start(store, ExecutionBudgets.DEFAULT, recorded);
        assertThat(recorded.events).containsExactly("compiled offers ok");

        engine.publish("offers", model("amount * 0.2"), PublishOptions.fromOutside("ana", true, false));
        engine.publish("offers", model("amount *"), PublishOptions.fromOutside("ana", true, false));
        engine.activate("offers", 1, "ana", null);

        assertThat(recorded.events).containsExactly("compiled offers ok",
                "compiled offers ok", "activated offers 2 PUBLISH", "published offers accepted",
                "compiled offers failed", "published offers refused",
                // version 1 was compiled when it served, and kept: activating it compiles nothing
                "activated offers 1 ACTIVATE");
    }

    @Test
    void aRefusedChangeFromTheRulesDirectoryIsListedUntilAVersionReplacesIt() {
        DirectoryRuleSetStore store = new DirectoryRuleSetStore(data);
        store.seedFrom(() -> List.of(RuleSetSource.of("offers", model("amount * 0.1"))));
        DecisionEngine engine = EmbeddedEngine.start(store, ExecutionBudgets.DEFAULT, EngineEvents.NONE);

        PublishOutcome broken = engine.publish("offers", model("amount *"), PublishOptions.fromRulesDirectory("watch"));
        assertThat(broken.accepted()).isFalse();
        RuleSetSummary summary = engine.ruleSet("offers");
        assertThat(summary.state()).isEqualTo(RuleSetState.COMPILED);
        assertThat(summary.version()).isEqualTo(VersionNumber.of(1));
        List<DecisionMessage> refused = summary.messages().stream().filter(m -> m.type().equals("refused-change")).toList();
        assertThat(refused).allMatch(m -> m.severity() == DecisionMessage.Severity.WARNING);
        assertThat(refused.get(0).text()).contains("were not published: version 1 keeps serving");
        assertThat(refused).hasSizeGreaterThan(1);
        assertThat(refused.subList(1, refused.size()))
                .allSatisfy(m -> assertThat(m.source()).isEqualTo("discount.dmn"));
        assertThat(refused.get(1).describe()).startsWith("discount.dmn").doesNotContain("\n");

        // A refusal over HTTP is the publisher's to read in the answer, not kept.
        engine.publish("offers", model("amount *"), PublishOptions.fromOutside("ana", true, false));
        assertThat(engine.ruleSet("offers").messages()).filteredOn(m -> m.type().equals("refused-change"))
                .hasSameSizeAs(refused);

        engine.publish("offers", model("amount * 0.3"), PublishOptions.fromRulesDirectory("watch"));
        assertThat(engine.ruleSet("offers").version()).isEqualTo(VersionNumber.of(2));
        assertThat(engine.ruleSet("offers").messages()).noneMatch(m -> m.type().equals("refused-change"));
    }

    @Test
    void aMessageDescribesItselfOnOneLine() {
        assertThat(DecisionMessage.error("compilation", "metrics.drl", 12, "mismatched input\n  near 'when'").describe())
                .isEqualTo("metrics.drl line 12: mismatched input near 'when'");
        assertThat(DecisionMessage.error("compilation", "model.dmn", null, "no such type").describe())
                .isEqualTo("model.dmn: no such type");
        assertThat(DecisionMessage.error("input", null, null, "missing").describe()).isEqualTo("missing");
    }
}
