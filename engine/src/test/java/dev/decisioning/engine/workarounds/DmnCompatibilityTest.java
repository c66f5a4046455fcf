package dev.decisioning.engine.workarounds;


import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick look that decides whether a model's text needs the empty-cell mending at all. */
class DmnCompatibilityTest {
    @Test
    void findsEveryFormOfAnEmptyTextElementAndNothingElse() {
        for (String empty : new String[] {"<inputEntry><text/></inputEntry>", "<inputEntry><text /></inputEntry>",
                "<inputEntry><text></text></inputEntry>", "<dmn:inputEntry><dmn:text>\n  </dmn:text></dmn:inputEntry>",
                "<rule><inputEntry><text>1</text></inputEntry><inputEntry><text></text></inputEntry></rule>"}) {
            assertThat(DmnCompatibility.mayHaveEmptyText(empty)).as(empty).isTrue();
        }
        for (String filled : new String[] {"<inputEntry><text>-</text></inputEntry>",
                "<dmn:inputEntry><dmn:text>&lt; 5</dmn:text></dmn:inputEntry>", "<description>text</description>",
                "<inputEntry><text>\"text\"</text></inputEntry>", "<literalExpression><text>a</text></literalExpression>"}) {
            assertThat(DmnCompatibility.mayHaveEmptyText(filled)).as(filled).isFalse();
        }
    }

    @Test
    void anEmptyInputCellBecomesADashOnTheSameLine() {
        String model = "<rule>\n<inputEntry id=\"a\"><text></text></inputEntry>\n<inputEntry id=\"b\"><text>1</text></inputEntry>\n</rule>";
        String mended = new String(DmnCompatibility.normalize(model.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        assertThat(mended).isEqualTo(
                "<rule>\n<inputEntry id=\"a\"><text>-</text></inputEntry>\n<inputEntry id=\"b\"><text>1</text></inputEntry>\n</rule>");
    }
}
