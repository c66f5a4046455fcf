package dev.decisioning.server.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.decisioning.engine.ExplanationEntry;

import java.util.List;

/** One rule that fired or table row that was selected; keys without a value are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplanationEntryV1(String step, String file, String rule, Integer row, String ruleId, String note) {

    public static ExplanationEntryV1 from(ExplanationEntry entry) {
        return new ExplanationEntryV1(entry.step(), entry.file(), entry.rule(), entry.row(), entry.ruleId(),
                entry.note());
    }

    static List<ExplanationEntryV1> all(List<ExplanationEntry> values) {
        return WireValues.each(values, ExplanationEntryV1::from);
    }
}
