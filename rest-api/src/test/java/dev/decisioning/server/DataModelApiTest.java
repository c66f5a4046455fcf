package dev.decisioning.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule set that brings its own data model (the test rule set {@code member-perks}: a JSON Schema, a manifest and one
 * DMN model, no DRL, no Java): its requests are checked against its schema, every field at fault named at once, and
 * its answer is the decisions it names, inside the common envelope.
 */
@WithServer(adminToken = DataModelApiTest.TOKEN)
class DataModelApiTest {
    static final String TOKEN = "data-model-admin";
    static final String REQUEST = """
            {"member": {"id": "m-7", "birthDate": "1990-11-03", "points": 250, "status": "active",
                        "visits": [{"date": "2026-11-20", "spend": 30.10}, {"date": "2026-11-01", "spend": 19.90},
                                   {"date": "2026-09-01", "spend": 500}]},
             "context": {"channel": "app", "now": "2026-11-22T10:00:00Z"}}""";

    @WithServer.Inject
    static WebClient client;

    static HttpResponse<Buffer> decide(String body) {
        return client.post("/api/v1/decisions/member-perks").putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body)).await();
    }

    static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }

    @Test
    @DisplayName("the answer is the rule set's own decisions inside the common envelope, explained")
    void answersWithTheRuleSetsOwnDecisions() {
        HttpResponse<Buffer> response = decide(REQUEST);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject answer = response.bodyAsJsonObject();
        assertThat(List.copyOf(answer.fieldNames())).containsExactly("decisionId", "ruleset", "memberId", "decidedAt",
                "tier", "perks", "explanation", "messages");
        assertThat(answer.getJsonObject("ruleset").getString("name")).isEqualTo("member-perks");
        assertThat(answer.getJsonObject("ruleset").getInteger("version")).isEqualTo(1);
        assertThat(answer.getString("memberId")).isEqualTo("m-7");
        assertThat(answer.getString("decidedAt")).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(answer.getString("tier")).isEqualTo("silver");
        // 30.10 + 19.90 in the last 30 days: exactly 50, so the free drink holds to the cent.
        assertThat(answer.getJsonObject("perks")).isEqualTo(new JsonObject(
                "{\"freeDrink\":true,\"birthdayTreat\":true,\"appOnlyBonus\":1.5,\"spend30d\":50}"));
        assertThat(answer.getJsonArray("explanation").encode()).contains("\"step\":\"tier\"",
                "\"file\":\"perks.dmn\"", "\"row\":2", "\"ruleId\":\"_tier_silver\"", "\"note\":\"Silver from 100 points\"");
        assertThat(answer.getJsonArray("messages")).isEmpty();
    }

    @Test
    @DisplayName("DRL and spreadsheet rules work on the request through the rule set's declared types, no Java written")
    void declaredTypesCarryTheRequestIntoDrlAndSpreadsheets() {
        HttpResponse<Buffer> response = client.post("/api/v1/decisions/club-points")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("""
                        {"member": {"id": "c-9", "joined": "2025-01-01",
                                    "visits": [{"date": "2026-11-21", "spend": 60.25}, {"date": "2026-11-02", "spend": 34.75},
                                               {"date": "2026-10-24", "spend": 5}, {"date": "2026-10-01", "spend": 70}]},
                         "context": {"now": "2026-11-22T10:00:00Z"}}""")).await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject answer = response.bodyAsJsonObject();
        assertThat(answer.getString("memberId")).isEqualTo("c-9");
        // 60.25 + 34.75 + 5 in the 30 days to 22 November (23 October to 22 November): exactly 100.00, so the big-spender row holds to the cent.
        assertThat(answer.getJsonObject("profile")).isEqualTo(new JsonObject(
                "{\"today\":\"2026-11-22\",\"visits30d\":3,\"spend30d\":100}"));
        assertThat(answer.getJsonArray("badges")).isEqualTo(new JsonArray("[\"big-spender\",\"regular\"]"));
        assertThat(answer.getString("level")).isEqualTo("gold");
        assertThat(answer.getJsonArray("explanation").encode()).contains(
                "\"file\":\"club.drl\",\"rule\":\"spend30d: spend of the visits in the last 30 days\"",
                "\"file\":\"club-badges.drl.csv\",\"rule\":\"badges_8\",\"row\":8",
                "\"file\":\"club.dmn\",\"rule\":\"level\",\"row\":1");
    }

    @Test
    @DisplayName("optional fields a request leaves out are null to the model, not a type error")
    void optionalFieldsLeftOut() {
        HttpResponse<Buffer> response = decide("""
                {"member": {"id": "m-8", "points": 1200, "status": "paused"}, "context": {"channel": "web"}}""");
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject answer = response.bodyAsJsonObject();
        assertThat(answer.getJsonArray("messages")).as(answer.encode()).isEmpty();
        assertThat(answer.getString("tier")).isEqualTo("gold");
        assertThat(answer.getJsonObject("perks")).isEqualTo(new JsonObject(
                "{\"freeDrink\":true,\"birthdayTreat\":false,\"appOnlyBonus\":1,\"spend30d\":0}"));
    }

    @Test
    @DisplayName("a wrong type, a missing required field and a value outside the allowed list each name the field")
    void eachFaultNamesItsField() {
        assertFault(REQUEST.replace("\"points\": 250", "\"points\": \"250\""), "member.points", "string");
        assertFault(REQUEST.replace("\"id\": \"m-7\", ", ""), "member.id", "required");
        assertFault(REQUEST.replace("\"status\": \"active\"", "\"status\": \"gone\""), "member.status", "enum");
        assertFault(REQUEST.replace("\"date\": \"2026-11-20\"", "\"date\": \"2026-02-30\""), "member.visits[0].date", "date");
        assertFault(REQUEST.replace("\"channel\": \"app\"", "\"channel\": \"app\", \"device\": \"ios\""), "context.device",
                "not");
    }

    @Test
    @DisplayName("several faults at once are all listed, each by its JSON path")
    void severalFaultsAtOnce() {
        String request = REQUEST.replace("\"points\": 250", "\"points\": -5")
                .replace("\"status\": \"active\"", "\"status\": 3")
                .replace("\"spend\": 19.90", "\"spend\": \"lots\"")
                .replace("\"channel\": \"app\"", "\"channel\": \"fax\"");
        HttpResponse<Buffer> response = decide(request);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonArray details = error(response).getJsonArray("details");
        assertThat(details.stream().map(d -> ((JsonObject) d).getString("field")).toList())
                .contains("member.points", "member.status", "member.visits[1].spend", "context.channel");
        assertThat(error(response).getString("code")).isEqualTo("invalid_request");
        assertThat(error(response).getString("message")).contains("do not fit the data model of rule set 'member-perks'");
    }

    @Test
    @DisplayName("a key given twice and a huge number are refused like anywhere else")
    void duplicateKeysAndHugeNumbers() {
        HttpResponse<Buffer> duplicate = decide(REQUEST.replace("\"points\": 250", "\"points\": 250, \"points\": 5000"));
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(error(duplicate).encode()).contains("Duplicate field 'points'");
        HttpResponse<Buffer> huge = decide(REQUEST.replace("\"points\": 250", "\"points\": 1e1000000"));
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(error(huge).getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("member.points");
    }

    @Test
    @DisplayName("a broken data-model file is refused at publish with its file and line, and the last good version serves")
    void brokenDataModelRefusedAtPublish() throws Exception {
        HttpResponse<Buffer> notJson = publish("data-model.schema.json", "{\n  \"type\": \"object\",\n  \"properties\": {\n    oops\n}");
        assertThat(notJson.statusCode()).as(notJson.bodyAsString()).isEqualTo(422);
        JsonObject detail = error(notJson).getJsonArray("details").getJsonObject(0);
        assertThat(detail.getString("file")).isEqualTo("data-model.schema.json");
        assertThat(detail.getInteger("line")).isEqualTo(4);

        HttpResponse<Buffer> badType = publish("data-model.schema.json",
                "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"member\": {\"type\": \"strnig\"}\n  }\n}");
        assertThat(badType.statusCode()).as(badType.bodyAsString()).isEqualTo(422);
        JsonObject typeDetail = error(badType).getJsonArray("details").getJsonObject(0);
        assertThat(typeDetail.getString("file")).isEqualTo("data-model.schema.json");
        assertThat(typeDetail.getInteger("line")).isEqualTo(4);
        assertThat(typeDetail.getString("problem")).contains("not a valid JSON Schema");

        HttpResponse<Buffer> unknownOutput = publish("ruleset.json",
                "{\"subject\": \"member\", \"subjectIdName\": \"memberId\", \"outputs\": [\"tier\", \"discount\"]}");
        assertThat(unknownOutput.statusCode()).as(unknownOutput.bodyAsString()).isEqualTo(422);
        assertThat(error(unknownOutput).getJsonArray("details").getJsonObject(0).getString("problem"))
                .contains("output 'discount' is no decision of model 'member-perks'");

        assertThat(decide(REQUEST).bodyAsJsonObject().getJsonObject("ruleset").getInteger("version")).isEqualTo(1);
    }

    @Test
    @DisplayName("an impact preview compares a staged version's answers with the active one's on requests in the rule set's own shape")
    void impactPreviewOnOwnRequests() throws Exception {
        String dmn = Files.readString(TestServer.TEST_RULES.resolve("member-perks").resolve("perks.dmn"))
                .replace("<text>&gt;= 100</text>", "<text>&gt;= 200</text>");
        HttpResponse<Buffer> staged = client.put("/api/v1/rulesets/member-perks?file=perks.dmn&activate=false")
                .putHeader("Authorization", "Bearer " + TOKEN).sendBuffer(Buffer.buffer(dmn)).await();
        assertThat(staged.statusCode()).as(staged.bodyAsString()).isIn(200, 201);
        int version = staged.bodyAsJsonObject().getJsonObject("version").getInteger("number");
        String at150 = REQUEST.replace("\"points\": 250", "\"points\": 150");
        String at1200 = REQUEST.replace("\"points\": 250", "\"points\": 1200");
        HttpResponse<Buffer> preview = client.post("/api/v1/rulesets/member-perks/versions/" + version + "/diff")
                .putHeader("Authorization", "Bearer " + TOKEN).putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer("{\"customers\": [" + at150 + ", " + at1200 + "]}")).await();
        assertThat(preview.statusCode()).as(preview.bodyAsString()).isEqualTo(200);
        JsonObject report = preview.bodyAsJsonObject();
        assertThat(report.getInteger("customers")).isEqualTo(2);
        assertThat(report.getInteger("changed")).isEqualTo(1);
        assertThat(report.getJsonObject("changes")).isEqualTo(new JsonObject("{\"tier\": {\"silver -> basic\": 1}}"));
        assertThat(report.getJsonArray("examples").getJsonObject(0).getString("customerId")).isEqualTo("m-7");

        HttpResponse<Buffer> invalid = client.post("/api/v1/rulesets/member-perks/versions/" + version + "/diff")
                .putHeader("Authorization", "Bearer " + TOKEN).putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer("{\"customers\": [{\"member\": {\"id\": \"x\"}}]}")).await();
        assertThat(invalid.statusCode()).as(invalid.bodyAsString()).isEqualTo(400);
        assertThat(invalid.bodyAsJsonObject().getJsonObject("error").getString("message")).startsWith("customers[0]: ");
        assertThat(invalid.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getJsonObject(0)
                .getString("field")).startsWith("customers[0].member");
        assertThat(decide(REQUEST).bodyAsJsonObject().getString("tier")).isEqualTo("silver");
    }

    private static HttpResponse<Buffer> publish(String file, String content) {
        return client.put("/api/v1/rulesets/member-perks?file=" + file).putHeader("Authorization", "Bearer " + TOKEN)
                .sendBuffer(Buffer.buffer(content.getBytes(StandardCharsets.UTF_8))).await();
    }

    private static void assertFault(String request, String field, String problemMentions) {
        HttpResponse<Buffer> response = decide(request);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        JsonArray details = error(response).getJsonArray("details");
        assertThat(details).as(response.bodyAsString()).hasSize(1);
        assertThat(details.getJsonObject(0).getString("field")).isEqualTo(field);
        assertThat(details.getJsonObject(0).getString("problem")).containsIgnoringCase(problemMentions);
    }
}
