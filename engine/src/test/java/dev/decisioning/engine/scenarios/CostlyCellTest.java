package dev.decisioning.engine.scenarios;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario cells hold values: expressions that would cost seconds to parse or evaluate are refused before FEEL. */
class CostlyCellTest {
    @Test
    void iterationDeepNestingAndHugeCellsAreRefused() {
        assertThat(ScesimSuiteParser.tooCostly("count(for i in 1..100000, j in 1..100000 return 1)"))
                .isEqualTo("iterates ('for'); cells hold values, not computations");
        assertThat(ScesimSuiteParser.tooCostly("some x in [1, 2] satisfies x > 1")).startsWith("iterates ('some')");
        assertThat(ScesimSuiteParser.tooCostly("(".repeat(100_000) + "1" + ")".repeat(100_000)))
                .startsWith("is 200001 characters long");
        assertThat(ScesimSuiteParser.tooCostly("(".repeat(40) + "1" + ")".repeat(40)))
                .isEqualTo("nests brackets more than 32 deep");
    }

    @Test
    void valuesPassIncludingWordsInsideStrings() {
        assertThat(ScesimSuiteParser.tooCostly("\"for every customer\"")).isNull();
        assertThat(ScesimSuiteParser.tooCostly("[{id: \"o1\", amount: 120.50}, date(\"2026-01-31\")]")).isNull();
        assertThat(ScesimSuiteParser.tooCostly("\"a \\\" quoted for\"")).isNull();
    }
}
