package dev.decisioning.engine.lifecycle;

import dev.decisioning.engine.ActivationRecord;
import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.ExpectedVersion;
import dev.decisioning.engine.FilesDroppedException;
import dev.decisioning.engine.ModelEvaluationRequest;
import dev.decisioning.engine.PublishOptions;
import dev.decisioning.engine.PublishOutcome;
import dev.decisioning.engine.RuleSetArchivedException;
import dev.decisioning.engine.RuleSetState;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.UnknownRuleSetException;
import dev.decisioning.engine.VersionConflictException;
import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.loading.InMemoryRuleSetLoader;
import dev.decisioning.engine.store.DirectoryRuleSetStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two people changing one rule set, through the engine's API on a real store: a change built on a version that is
 * no longer current is refused and changes nothing, creating is explicit, dropped files are refused unless allowed,
 * every activation is logged with who made it, and an archived rule set stops serving across a restart.
 */
class ConcurrentChangesTest {
    @TempDir
    Path data;
    DirectoryRuleSetStore store;
    DecisionEngine engine;

    /** A model with one decision, {@code answer}, whose value is {@code value}. */
    static byte[] model(String name, int value) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="_%1$s" name="%1$s"
                             namespace="https://decisioning.dev/test/%1$s">
                  <decision id="_answer" name="answer">
                    <variable id="_answer_v" name="answer" typeRef="number"/>
                    <literalExpression id="_answer_le"><text>%2$d</text></literalExpression>
                  </decision>
                </definitions>
                """).formatted(name, value).getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, byte[]> files(int a, int b) {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("a.dmn", model("a", a));
        files.put("b.dmn", model("b", b));
        return files;
    }

    static PublishOptions by(String author) {
        return PublishOptions.fromOutside(author, true, false);
    }

    @BeforeEach
    void seeded() {
        store = new DirectoryRuleSetStore(data);
        InMemoryRuleSetLoader rules = new InMemoryRuleSetLoader()
                .add("offers", "a.dmn", model("a", 1)).add("offers", "b.dmn", model("b", 1));
        store.seedFrom(rules);
        engine = EmbeddedEngine.start(store);
    }

    Object answer() {
        return engine.evaluate("offers", null, new ModelEvaluationRequest("a", Map.of(), null)).decisions().get(0)
                .result();
    }

    @Test
    @DisplayName("a publish built on a version that is no longer the newest is refused, naming who published since")
    void staleNewestIsAConflict() {
        PublishOutcome anna = engine.publish("offers", files(2, 1), by("anna").withExpectedNewest(new ExpectedVersion(1, null)));
        assertThat(anna.version().number()).isEqualTo(2);

        assertThatThrownBy(() -> engine.publish("offers", files(1, 3),
                by("bob").withExpectedNewest(new ExpectedVersion(1, null))))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VersionConflictException.Kind.NEWEST);
                    assertThat(e.current().number()).isEqualTo(2);
                    assertThat(e.since()).singleElement().asString()
                            .contains("version 2", "anna", "changed a.dmn");
                });
        assertThat(engine.versions("offers")).hasSize(2);
        assertThat(answer()).isEqualTo(java.math.BigDecimal.valueOf(2));

        String hash2 = anna.version().hash();
        PublishOutcome bob = engine.publish("offers", files(2, 3),
                by("bob").withExpectedNewest(new ExpectedVersion(2, hash2)));
        assertThat(bob.version().number()).isEqualTo(3);
        assertThatThrownBy(() -> engine.publish("offers", files(4, 4),
                by("bob").withExpectedNewest(new ExpectedVersion(3, "000000000000"))))
                .isInstanceOf(VersionConflictException.class).hasMessageContaining("hash");
    }

    @Test
    @DisplayName("an unknown name is not created unless asked; a create-only publish of an existing one conflicts")
    void creatingIsExplicit() {
        assertThatThrownBy(() -> engine.publish("ofers", files(1, 1), by("anna")))
                .isInstanceOf(UnknownRuleSetException.class);
        assertThat(store.versions("ofers")).isEmpty();
        assertThat(data.resolve("rulesets/ofers")).doesNotExist();

        assertThatThrownBy(() -> engine.publish("offers", files(5, 5),
                by("anna").withCreation(PublishOptions.Creation.ONLY)))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.kind()).isEqualTo(VersionConflictException.Kind.EXISTS));

        PublishOutcome created = engine.publish("perks", files(1, 1), by("anna").withCreation(PublishOptions.Creation.ONLY));
        assertThat(created.version().number()).isEqualTo(1);
        assertThat(engine.ruleSet("perks").state()).isEqualTo(RuleSetState.COMPILED);
    }

    @Test
    @DisplayName("files of the base version left out are refused, or dropped with a warning naming them when allowed")
    void droppedFiles() {
        Map<String, byte[]> onlyA = Map.of("a.dmn", model("a", 7));
        assertThatThrownBy(() -> engine.publish("offers", onlyA, by("anna")))
                .isInstanceOfSatisfying(FilesDroppedException.class, e -> {
                    assertThat(e.baseVersion()).isEqualTo(1);
                    assertThat(e.dropped()).containsExactly("b.dmn");
                });
        assertThat(engine.versions("offers")).hasSize(1);

        PublishOutcome dropped = engine.publish("offers", onlyA, by("anna").withDropFilesAllowed(true));
        assertThat(dropped.version().files()).containsExactly("a.dmn");
        assertThat(dropped.messages()).anySatisfy(m -> {
            assertThat(m.severity()).isEqualTo(DecisionMessage.Severity.WARNING);
            assertThat(m.source()).isEqualTo("b.dmn");
        });

        // Built on version 1 by name, b.dmn is missed again; built on version 2, nothing is dropped.
        assertThatThrownBy(() -> engine.publish("offers", Map.of("a.dmn", model("a", 8)),
                by("bob").withBaseVersion(1))).isInstanceOf(FilesDroppedException.class);
        assertThat(engine.publish("offers", Map.of("a.dmn", model("a", 8)), by("bob").withBaseVersion(2)).accepted())
                .isTrue();
    }

    @Test
    @DisplayName("an activation expecting another active version is refused; every activation is logged with who")
    void activationsAreCheckedAndLogged() {
        RuleSetVersion second = engine.publish("offers", files(2, 2), by("anna").withExpectedNewest(new ExpectedVersion(1, null))).version();
        engine.activate("offers", 1, "bob", new ExpectedVersion(2, second.hash()));

        assertThatThrownBy(() -> engine.activate("offers", 2, "carla", new ExpectedVersion(2, null)))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VersionConflictException.Kind.ACTIVE);
                    assertThat(e.current().number()).isEqualTo(1);
                    assertThat(e.since()).singleElement().asString().contains("version 1", "rolling back", "bob");
                });
        assertThat(answer()).isEqualTo(java.math.BigDecimal.ONE);

        assertThat(engine.activations("offers")).extracting(ActivationRecord::action, ActivationRecord::version,
                        ActivationRecord::previousVersion, ActivationRecord::by)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ActivationRecord.Action.SEEDED, 1, null, "seed"),
                        org.assertj.core.groups.Tuple.tuple(ActivationRecord.Action.PUBLISHED, 2, 1, "anna"),
                        org.assertj.core.groups.Tuple.tuple(ActivationRecord.Action.ROLLED_BACK, 1, 2, "bob"));
        assertThat(engine.activations("offers")).allSatisfy(r -> assertThat(r.at()).isNotNull());
    }

    @Test
    @DisplayName("an archived rule set answers nothing and takes no versions, here and after a restart, until unarchived")
    void archive() {
        engine.archive("offers", "anna");

        assertThat(engine.ruleSet("offers").state()).isEqualTo(RuleSetState.ARCHIVED);
        assertThatThrownBy(this::answer).isInstanceOf(RuleSetArchivedException.class);
        assertThatThrownBy(() -> engine.publish("offers", files(3, 3), by("bob")))
                .isInstanceOf(RuleSetArchivedException.class);
        assertThat(engine.versions("offers")).hasSize(1);
        assertThat(engine.files("offers", 1)).containsOnlyKeys("a.dmn", "b.dmn");

        engine = EmbeddedEngine.start(new DirectoryRuleSetStore(data));
        assertThat(engine.ruleSet("offers").state()).isEqualTo(RuleSetState.ARCHIVED);
        assertThat(engine.isReady()).isFalse();
        assertThatThrownBy(this::answer).isInstanceOf(RuleSetArchivedException.class);

        assertThat(engine.unarchive("offers", "bob").state()).isEqualTo(RuleSetState.COMPILED);
        assertThat(answer()).isEqualTo(java.math.BigDecimal.ONE);
        assertThat(engine.activations("offers")).extracting(ActivationRecord::action, ActivationRecord::by)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ActivationRecord.Action.SEEDED, "seed"),
                        org.assertj.core.groups.Tuple.tuple(ActivationRecord.Action.ARCHIVED, "anna"),
                        org.assertj.core.groups.Tuple.tuple(ActivationRecord.Action.UNARCHIVED, "bob"));
    }
}
