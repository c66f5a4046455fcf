package dev.decisioning.server.decisionlog;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Masking by the paths of a data model, by names, and what a replay makes of masked values. */
class PersonalDataTest {
    private static JsonNode json(String text) throws Exception {
        return LogJson.MAPPER.readTree(text);
    }

    @Test
    @DisplayName("by path: nested fields, fields of every element of a list, whole objects and list elements")
    void byPath() throws Exception {
        JsonNode input = json("""
                {"member": {"id": "m-1", "birthDate": null, "address": {"street": "Main 1", "city": "Ghent"},
                            "purchases": [{"at": "2026-01-01T10:00:00Z", "amount": 4}, {"amount": 5}],
                            "emails": ["a@x.org", null]},
                 "context": {"now": "2026-01-02T00:00:00Z"}}""");

        PersonalData.Masked masked = PersonalData.byPath(input, Set.of("member.id", "member.birthDate",
                "member.address", "member.purchases[].at", "member.emails[]", "member.phone"));

        assertThat(masked.value().toString()).isEqualTo("{\"member\":{\"id\":\"***\",\"birthDate\":null,"
                + "\"address\":\"***\",\"purchases\":[{\"at\":\"***\",\"amount\":4},{\"amount\":5}],"
                + "\"emails\":[\"***\",null]},\"context\":{\"now\":\"2026-01-02T00:00:00Z\"}}");
        assertThat(masked.paths()).containsExactly("member.address", "member.emails[]", "member.id",
                "member.purchases[].at");
        assertThat(input.path("member").path("id").asText()).as("the request itself is left as it was").isEqualTo("m-1");
    }

    @Test
    @DisplayName("by name: a field named like a personal field is masked at any depth")
    void byName() throws Exception {
        PersonalData.Masked masked = PersonalData.byName(json("""
                {"customer": {"birthDate": "1990-01-01", "orders": [{"at": "x"}]}, "birthDate": null, "at": 3}"""),
                PersonalData.names(Set.of("customer.birthDate", "member.purchases[].at")));

        assertThat(masked.value().toString()).isEqualTo("{\"customer\":{\"birthDate\":\"***\",\"orders\":"
                + "[{\"at\":\"***\"}]},\"birthDate\":null,\"at\":\"***\"}");
        assertThat(masked.paths()).containsExactly("at", "birthDate");
    }

    @Test
    @DisplayName("a replay leaves masked values out, and can put the mask back where a value is required")
    void replayedWithoutMasks() throws Exception {
        JsonNode logged = json("""
                {"member": {"id": "***", "purchases": [{"at": "***", "n": 1}, {"at": "***", "n": 2}]}}""");
        List<String> removed = new ArrayList<>();

        JsonNode replayed = PersonalData.withoutMasks(logged, List.of("member.id", "member.purchases[].at"), removed);

        assertThat(replayed.toString()).isEqualTo("{\"member\":{\"purchases\":[{\"n\":1},{\"n\":2}]}}");
        assertThat(removed).containsExactlyInAnyOrder("member.id", "member.purchases[0].at", "member.purchases[1].at");
        assertThat(PersonalData.restore(replayed, "member.purchases[1].at")).isTrue();
        assertThat(PersonalData.restore(replayed, "member.id")).isTrue();
        assertThat(PersonalData.restore(replayed, "member.purchases[7].at")).isFalse();
        assertThat(replayed.toString()).isEqualTo("{\"member\":{\"purchases\":[{\"n\":1},{\"n\":2,\"at\":\"***\"}],"
                + "\"id\":\"***\"}}");
    }
}
