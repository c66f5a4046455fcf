package dev.decisioning.engine.tableindex;


import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** What the index reads from entries and how far it narrows a table before FEEL runs. */
class TableIndexTest {
    @Test
    void readsTheEntriesItCanIndexAndLeavesTheRestToFeel() {
        assertThat(InputEntry.parse("-")).isInstanceOf(InputEntry.Any.class);
        assertThat(InputEntry.parse(" ")).isInstanceOf(InputEntry.Any.class);
        assertThat(InputEntry.parse("\"gold\",\"platinum\"")).isEqualTo(
                new InputEntry.Strings(java.util.Set.of("gold", "platinum")));
        assertThat(InputEntry.parse("true")).isEqualTo(new InputEntry.Booleans(java.util.Set.of(true)));
        assertThat(InputEntry.parse(">= 500")).isEqualTo(new InputEntry.Numbers(java.util.List.of(
                new InputEntry.Interval(new BigDecimal("500"), true, null, false))));
        assertThat(InputEntry.parse("]0..7.5)")).isEqualTo(new InputEntry.Numbers(java.util.List.of(
                new InputEntry.Interval(BigDecimal.ZERO, false, new BigDecimal("7.5"), false))));
        assertThat(InputEntry.parse("1, [3..4]")).isEqualTo(new InputEntry.Numbers(java.util.List.of(
                InputEntry.Interval.point(BigDecimal.ONE),
                new InputEntry.Interval(new BigDecimal("3"), true, new BigDecimal("4"), true))));
        for (String other : new String[] {"not(5)", "> a", "\"a\", 1", "? > 3", "date(\"2026-01-01\")", "\"a\\\"b\"",
                "null", "> 5 - 1", "1" + "0".repeat(40)}) {
            assertThat(InputEntry.parse(other)).as(other).isInstanceOf(InputEntry.Other.class);
        }
    }

    @Test
    void narrowsTenThousandRowsToTheFewThatCanMatch() {
        InputEntry[][] entries = new InputEntry[10_000][];
        for (int r = 0; r < entries.length; r++) {
            entries[r] = new InputEntry[] {InputEntry.parse("[" + (r / 5 * 10) + ".." + (r / 5 * 10 + 10) + ")"),
                    InputEntry.parse("\"c" + (r % 5) + "\"")};
        }
        TableIndex index = TableIndex.of(entries, 2);

        assertThat(index.candidates(new Object[] {new BigDecimal("10005"), "c2"})).containsExactly(5002);
        assertThat(index.candidates(new Object[] {new BigDecimal("10000.00"), "c4"})).containsExactly(5004);
        assertThat(index.candidates(new Object[] {new BigDecimal("-1"), "c2"})).isEmpty();
        assertThat(index.candidates(new Object[] {new BigDecimal("5"), "nope"})).isEmpty();
        assertThat(index.candidates(new Object[] {null, "c2"})).as("null input: no narrowing").isNull();
        assertThat(index.candidates(new Object[] {"5", "c2"})).as("wrong type: no narrowing").isNull();
    }

    @Test
    void aRowWithAnEntryOnlyFeelDecidesIsRuledOutOnlyByColumnsLeftOfIt() {
        InputEntry[][] entries = {
                {InputEntry.parse("< 5"), InputEntry.parse("not(\"a\")"), InputEntry.parse("\"x\"")},
                {InputEntry.parse(">= 5"), InputEntry.parse("not(\"a\")"), InputEntry.parse("\"x\"")},
                {InputEntry.parse(">= 5"), InputEntry.parse("\"b\""), InputEntry.parse("\"y\"")},
        };
        TableIndex index = TableIndex.of(entries, 3);

        // Row 0 fails its first column, so Drools never reaches its FEEL entry: it can go. Row 1 fails only its third
        // column, right of the FEEL entry Drools would run first: it stays for FEEL to decide.
        assertThat(index.candidates(new Object[] {new BigDecimal("7"), "b", "y"})).containsExactly(1, 2);
    }
}
