package dev.decisioning.engine.store;

import dev.decisioning.engine.ActivationRecord;
import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.RuleSetVersion;
import dev.decisioning.engine.loading.RuleSetSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's repairs at start and its clean-up after failed writes, without a server. */
class DirectoryRuleSetStoreTest {
    @TempDir
    Path data;

    @Test
    void aRuleSetWithNothingReadableIsStoredAgainFromTheRulesDirectoryUnderAFreshNumber() throws IOException {
        DirectoryRuleSetStore first = new DirectoryRuleSetStore(data);
        first.activate("offers", first.save("offers", files("a"), "seed").number());
        Files.writeString(data.resolve("rulesets/offers/versions/1/version.json"), "{");

        DirectoryRuleSetStore reopened = new DirectoryRuleSetStore(data);
        assertThat(reopened.problems().get("offers")).anySatisfy(m -> assertThat(m.blocking()).isTrue());
        assertThat(reopened.loadAll()).isEmpty();

        List<String> seeded = reopened.seedFrom(() -> List.of(RuleSetSource.of("offers", files("a"))));

        assertThat(seeded).containsExactly("offers");
        assertThat(reopened.activeVersion("offers")).hasValue(2);
        assertThat(reopened.problems().get("offers")).noneMatch(DecisionMessage::blocking)
                .anySatisfy(m -> assertThat(m.text()).contains("version 2 is active now"));
        assertThat(data.resolve("rulesets/offers/damaged/1")).isDirectory();
    }

    @Test
    void aVersionStoredButNeverActivatedIsNotTakenForADamagedPointer() {
        new DirectoryRuleSetStore(data).save("staged", files("a"), "maria");

        DirectoryRuleSetStore reopened = new DirectoryRuleSetStore(data);

        assertThat(reopened.problems()).isEmpty();
        assertThat(reopened.activeVersion("staged")).isEmpty();
        assertThat(reopened.versions("staged")).hasSize(1);
    }

    @Test
    void aWriteThatFailsRemovesWhatItWroteAndAFirstVersionLeavesNoEmptyRuleSet() throws IOException {
        DirectoryRuleSetStore store = new DirectoryRuleSetStore(data, (file, content) -> {
            Files.write(file, content);
            if (file.getFileName().toString().equals("version.json")) {
                throw new IOException("No space left on device");
            }
        });

        assertThatThrownBy(() -> store.save("offers", files("a"), "maria"))
                .isInstanceOfSatisfying(StoreWriteException.class, e -> assertThat(e.outOfSpace()).isTrue())
                .hasMessageContaining("no space left on device");
        assertThatThrownBy(() -> store.saveAs(new RuleSetVersion("offers", 4, RuleSetSource.of("offers", files("b"))
                .hash(), java.time.Instant.now(), "other", List.of("rules.dmn")), files("b")))
                .isInstanceOf(StoreWriteException.class);
        try (Stream<Path> all = Files.walk(data)) {
            assertThat(all.map(data::relativize).map(Path::toString).toList()).containsOnly("", "rulesets");
        }
    }

    @Test
    void fileNamesTheDiskCannotTakeAreRefusedBeforeAnythingIsWritten() {
        DirectoryRuleSetStore store = new DirectoryRuleSetStore(data);
        for (String name : List.of("a\0b.dmn", "x".repeat(256), "../x.dmn", "..", "")) {
            SortedMap<String, byte[]> files = new TreeMap<>();
            files.put(name, new byte[] {1});
            assertThatThrownBy(() -> store.save("offers", files, "maria")).as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(data.resolve("rulesets/offers")).doesNotExist();
        assertThat(FileNames.problem("x".repeat(255))).isEmpty();
        assertThat(FileNames.problem("é".repeat(128))).hasValueSatisfying(p -> assertThat(p).contains("256 bytes"));
    }

    private static SortedMap<String, byte[]> files(String content) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put("rules.dmn", content.getBytes(StandardCharsets.UTF_8));
        return files;
    }
    @Test
    void theActivationLogIsAppendedToAndSurvivesALineACrashCutShort() throws IOException {
        DirectoryRuleSetStore store = new DirectoryRuleSetStore(data);
        store.record(entry(ActivationRecord.Action.SEEDED, 1, null, "seed"));
        store.record(entry(ActivationRecord.Action.PUBLISHED, 2, 1, "maria"));
        Path log = data.resolve("rulesets/offers/activations.jsonl");
        assertThat(Files.readAllLines(log)).hasSize(2);
        Files.writeString(log, "{\"ruleSet\":\"offers\",\"act", java.nio.file.StandardOpenOption.APPEND);

        DirectoryRuleSetStore reopened = new DirectoryRuleSetStore(data);
        reopened.record(entry(ActivationRecord.Action.ROLLED_BACK, 1, 2, "ahmed"));

        assertThat(reopened.activations("offers")).extracting(ActivationRecord::action, ActivationRecord::by)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ActivationRecord.Action.SEEDED, "seed"),
                        org.assertj.core.groups.Tuple.tuple(ActivationRecord.Action.PUBLISHED, "maria"),
                        org.assertj.core.groups.Tuple.tuple(ActivationRecord.Action.ROLLED_BACK, "ahmed"));
        assertThat(reopened.activations("unknown")).isEmpty();
    }

    @Test
    void anArchiveMarkSurvivesReopeningAndUnarchivingRemovesIt() {
        DirectoryRuleSetStore store = new DirectoryRuleSetStore(data);
        store.activate("offers", store.save("offers", files("a"), "seed").number());
        store.markArchived("offers", entry(ActivationRecord.Action.ARCHIVED, 1, 1, "maria"));

        DirectoryRuleSetStore reopened = new DirectoryRuleSetStore(data);
        assertThat(reopened.archived("offers")).hasValueSatisfying(mark -> assertThat(mark.by()).isEqualTo("maria"));
        assertThat(reopened.loadAll()).extracting(RuleSetSource::name).containsExactly("offers");
        assertThat(reopened.problems()).isEmpty();

        reopened.markArchived("offers", null);
        assertThat(new DirectoryRuleSetStore(data).archived("offers")).isEmpty();
    }

    private static ActivationRecord entry(ActivationRecord.Action action, int version, Integer previous, String by) {
        return new ActivationRecord("offers", action, version, "abcdef012345", previous, by,
                java.time.Instant.parse("2026-11-22T10:00:00Z"));
    }
}
