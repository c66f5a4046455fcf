package dev.decisioning.engine.datamodel;

import dev.decisioning.engine.DecisionEngine;
import dev.decisioning.engine.RequestFields;
import dev.decisioning.engine.embedded.EmbeddedEngine;
import dev.decisioning.engine.loading.FileSystemRuleSetLoader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request fields a data model marks personal, wherever in the schema the mark is. */
class PersonalFieldsTest {
    private static final String MANIFEST = """
            {"subject": "member", "subjectIdName": "memberId", "now": "context.now", "outputs": ["x"]}""";

    @Test
    void marksInPropertiesItemsSharedDefinitionsAndBranchesAreFound() {
        String schema = """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "type": "object",
                 "properties": {
                   "member": {"type": "object", "properties": {
                     "id": {"type": "string", "x-personal": true},
                     "tier": {"type": "string"},
                     "address": {"$ref": "#/$defs/address"},
                     "visits": {"type": "array", "items": {"$ref": "#/$defs/visit"}},
                     "referrer": {"$ref": "#/$defs/person"}}},
                   "context": {"allOf": [{"properties": {"phone": {"type": "string", "x-personal": true}}}]}},
                 "$defs": {
                   "address": {"type": "object", "properties": {"street": {"type": "string", "x-personal": true},
                                                                "country": {"type": "string"}}},
                   "visit": {"type": "object", "properties": {"at": {"type": "string", "x-personal": true}}},
                   "person": {"type": "object", "properties": {"email": {"type": "string", "x-personal": true},
                                                               "referrer": {"$ref": "#/$defs/person"}}}}}""";
        DataModel model = DataModel.read(Map.of(DataModel.SCHEMA_FILE, schema.getBytes(StandardCharsets.UTF_8),
                DataModel.MANIFEST_FILE, MANIFEST.getBytes(StandardCharsets.UTF_8))).model();

        assertThat(model.personalFields()).containsExactlyInAnyOrder("member.id", "member.address.street",
                "member.visits[].at", "member.referrer.email", "context.phone");
    }

    @Test
    void theEngineSaysWhatEachRuleSetMarksAndWhereItsMomentIs() {
        DecisionEngine engine = EmbeddedEngine.start(new FileSystemRuleSetLoader(Path.of("..", "rules")));

        RequestFields retail = engine.requestFields("retail-loyalty", null);
        assertThat(retail.personal()).containsExactly("customer.birthDate");
        assertThat(retail.instant()).isEqualTo("context.now");
        assertThat(retail.subjectIdPersonal()).isFalse();

        RequestFields coffee = engine.requestFields("coffee-rewards", null);
        assertThat(coffee.personal()).containsExactlyInAnyOrder("member.id", "member.birthDate",
                "member.marketingConsent", "member.purchases[].at");
        assertThat(coffee.subjectIdPersonal()).isTrue();
    }
}
