package dev.decisioning.engine.request;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestJsonTest {
    private final JsonMapper strict = RequestJson.strictMapper();
    /** Jackson's own strict ISO date reading, which the request mapper must agree with on every input. */
    private final JsonMapper reference = referenceMapper();

    record Dated(LocalDate date) {
    }

    private static JsonMapper referenceMapper() {
        JsonMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
        return mapper;
    }

    @Test
    void plainDatesReadAsTheIsoParserReadsThem() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            LocalDate date = LocalDate.ofEpochDay(random.nextInt(2_000_000) - 700_000);
            if (date.getYear() < 0 || date.getYear() > 9999) {
                continue;
            }
            String json = "{\"date\": \"" + date + "\"}";
            assertThat(strict.readValue(json, Dated.class).date()).as(json).isEqualTo(date);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-02-29\"", "\"2024-02-30\"", "\"2026-13-01\"", "\"2026-00-10\"", "\"2026-04-31\"",
            "\"2026-1-05\"", "\"2026/01/05\"", "\"20260105xx\"", "\"+2026-01-0\"", "\"2026-01-05T10:00\"",
            "\" 2026-01-05\"", "\"\"", "20260105", "true", "[2026, 1, 5]"})
    void anythingElseIsAcceptedOrRefusedAsJacksonDoes(String value) {
        String json = "{\"date\": " + value + "}";
        Object expected;
        try {
            expected = reference.readValue(json, Dated.class).date();
        } catch (Exception refused) {
            assertThatThrownBy(() -> strict.readValue(json, Dated.class)).as(json)
                    .hasMessageContaining(refused.getMessage().lines().findFirst().orElseThrow());
            return;
        }
        try {
            assertThat(strict.readValue(json, Dated.class).date()).as(json).isEqualTo(expected);
        } catch (Exception e) {
            // The request mapper is stricter than Jackson's defaults in places (numbers, arrays for dates).
            assertThat(value).as(json + " refused: " + e.getMessage()).matches("[\\[0-9].*");
        }
    }

    @Test
    void leapDaysHoldOnlyInLeapYears() throws Exception {
        assertThat(strict.readValue("{\"date\": \"2024-02-29\"}", Dated.class).date()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThatThrownBy(() -> strict.readValue("{\"date\": \"2026-02-29\"}", Dated.class))
                .hasMessageContaining("2026-02-29");
    }
}
