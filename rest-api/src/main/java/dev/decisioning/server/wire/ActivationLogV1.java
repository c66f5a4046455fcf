package dev.decisioning.server.wire;

import dev.decisioning.engine.ActivationRecord;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/v1/rulesets/{ruleset}/activations}: the rule set's activation log, oldest first.
 *
 * @param ruleset       the rule set
 * @param activeVersion the number of the active version
 * @param archived      whether the rule set is archived
 * @param activations   every change of the active version, and every archiving and unarchiving
 */
public record ActivationLogV1(String ruleset, Integer activeVersion, boolean archived, List<Entry> activations)
        implements WireAnswer {

    public static ActivationLogV1 from(String ruleSet, Integer activeVersion, boolean archived,
                                       List<ActivationRecord> log) {
        return new ActivationLogV1(ruleSet, activeVersion, archived, WireValues.each(log, Entry::from));
    }

    /**
     * One entry.
     *
     * @param action          {@code seeded}, {@code published}, {@code activated}, {@code rolled_back},
     *                        {@code replicated}, {@code archived} or {@code unarchived}
     * @param version         the version active after it
     * @param hash            that version's hash
     * @param previousVersion the version active before it; null when none was
     * @param by              who did it
     * @param at              when
     */
    public record Entry(String action, Integer version, String hash, Integer previousVersion, String by, Instant at) {

        public static Entry from(ActivationRecord record) {
            return new Entry(record.action().name().toLowerCase(Locale.ROOT), record.version(), record.hash(),
                    record.previousVersion(), record.by(), record.at());
        }
    }
}
