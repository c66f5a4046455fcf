package dev.decisioning.ruletests.airline;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** How the differential test compares an answer with the reference's. */
class AnswerDiffTest {

    @Test
    void numbersCompareByValue() throws IOException {
        assertThat(AnswerDiff.of(read("{\"m\": {\"q\": 1.5, \"n\": 10}}"), read("{\"m\": {\"q\": 1.50, \"n\": 10.0}}")))
                .isEmpty();
        assertThat(AnswerDiff.of(read("{\"m\": {\"q\": 1.5}}"), read("{\"m\": {\"q\": 1.51}}")))
                .containsExactly("m.q: expected 1.5, actual 1.51");
        assertThat(AnswerDiff.of(read("{\"m\": {\"q\": 1.5}}"), read("{\"m\": {\"q\": \"1.5\"}}")))
                .containsExactly("m.q: expected 1.5, actual \"1.5\"");
    }

    @Test
    void nullIsNotAbsentAndNotAnEmptyList() throws IOException {
        assertThat(AnswerDiff.of(read("{\"c\": null}"), read("{\"c\": null, \"other\": 1}"))).isEmpty();
        assertThat(AnswerDiff.of(read("{\"c\": null}"), read("{}"))).containsExactly("c: expected null, actual absent");
        assertThat(AnswerDiff.of(read("{\"s\": []}"), read("{\"s\": null}"))).containsExactly("s: expected [], actual null");
        assertThat(AnswerDiff.of(read("{\"c\": {\"score\": 0}}"), read("{\"c\": null}")))
                .containsExactly("c: expected {\"score\":0}, actual null");
    }

    @Test
    void listsCompareInOrderAndObjectsHaveNoOtherEntries() throws IOException {
        assertThat(AnswerDiff.of(read("{\"s\": [\"a\", \"b\"]}"), read("{\"s\": [\"b\", \"a\"]}"))).containsExactly(
                "s[0]: expected \"a\", actual \"b\"", "s[1]: expected \"b\", actual \"a\"",
                "s: expected [\"a\",\"b\"], actual [\"b\",\"a\"]");
        assertThat(AnswerDiff.of(read("{\"s\": [\"a\"]}"), read("{\"s\": [\"a\", \"b\"]}")))
                .containsExactly("s: expected [\"a\"], actual [\"a\",\"b\"]");
        assertThat(AnswerDiff.of(read("{\"t\": {\"tier\": \"blue\"}}"), read("{\"t\": {\"tier\": \"blue\", \"x\": 1}}")))
                .containsExactly("t.x: not expected, actual 1");
    }

    private static JsonNode read(String json) throws IOException {
        return AirlineDifferentialTest.JSON.readTree(json);
    }
}
