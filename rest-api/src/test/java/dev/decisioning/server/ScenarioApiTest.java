package dev.decisioning.server;

import dev.decisioning.server.settings.ScenarioSuitesDirectory;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/rulesets/{name}/test} on a really started server: stored and posted suites, versions, errors. */
@WithServer(adminToken = ScenarioApiTest.TOKEN, setup = ScenarioApiTest.StoredSuites.class)
class ScenarioApiTest {
    static final String TOKEN = "scenario-admin-token";
    static final String TIERS = """
            defaults:
              context: {now: "2026-11-22T10:00:00Z"}
              customer: {id: c-api, signupDate: "2020-01-01", marketingConsent: true}
            cases:
              - name: 500 spent is silver
                given: {customer: {orders: [{id: o1, date: "2026-11-01", amount: 500.00}]}}
                expect:
                  loyaltyTier: {tier: silver, spendToNextTier: 1500}
                  explanation:
                    - {step: tierAssignment, note: "Silver: 500 or more in 12 months"}
              - name: no orders is a prospect and bronze
                given: {customer: {orders: []}}
                expect:
                  segments: {contains: [prospect]}
                  loyaltyTier: {tier: bronze}
            """;
    static final String BROKEN_CSV = """
            name,given.customer.id,expect.segments
            fine,c-1,[]
            gap,c-2,[],extra
            """;

    @WithServer.Inject
    static WebClient client;

    /** The stored suites of retail-loyalty: one good file, one malformed, and one that is no scenario file. */
    static final class StoredSuites implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) throws Exception {
            Path suites = Files.createTempDirectory("decisioning-suites-");
            Files.createDirectories(suites.resolve("retail-loyalty"));
            Files.writeString(suites.resolve("retail-loyalty").resolve("tiers.yaml"), TIERS);
            Files.writeString(suites.resolve("retail-loyalty").resolve("broken.csv"), BROKEN_CSV);
            Files.writeString(suites.resolve("retail-loyalty").resolve("README.md"), "not a scenario file");
            server.settings(s -> s.withSuitesDirectory(suites));
        }
    }

    static HttpResponse<Buffer> test(String ruleSet, JsonObject body) {
        return client.post("/api/v1/rulesets/" + ruleSet + "/test").putHeader("content-type", "application/json")
                .putHeader("Authorization", "Bearer " + TOKEN)
                .sendBuffer(body == null ? Buffer.buffer() : body.toBuffer()).await();
    }

    static JsonObject posted(String file, String content) {
        return new JsonObject().put("suites", new JsonArray().add(new JsonObject().put("file", file).put("content", content)));
    }

    static JsonObject ok(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    @Test
    @DisplayName("without a body the stored suites run; a malformed stored file is reported inside with its line")
    void storedSuites() {
        JsonObject report = ok(test("retail-loyalty", null));

        assertThat(report.getString("ruleSet")).isEqualTo("retail-loyalty");
        assertThat(report.getInteger("version")).isEqualTo(1);
        assertThat(report.getJsonObject("counts").getMap())
                .containsEntry("cases", 2).containsEntry("passed", 2).containsEntry("failed", 0).containsEntry("problems", 1);
        assertThat(report.getBoolean("passed")).isFalse();
        JsonObject problem = report.getJsonArray("problems").getJsonObject(0);
        assertThat(problem.getString("file")).isEqualTo("broken.csv");
        assertThat(problem.getInteger("line")).isEqualTo(3);
        assertThat(problem.getString("problem")).isEqualTo("the row has 4 cells but the header only 3 columns");
        JsonObject coverage = report.getJsonObject("coverage");
        assertThat(coverage.getInteger("total")).isEqualTo(42);
        assertThat(coverage.getInteger("covered")).isBetween(1, 41);
        JsonObject dmn = coverage.getJsonArray("files").getJsonObject(0);
        assertThat(dmn.getString("file")).isEqualTo("customer-decision.dmn");
        assertThat(dmn.getJsonArray("items").getJsonObject(0).getMap()).containsKeys("rule", "row", "ruleId", "note", "hits");
    }

    @Test
    @DisplayName("posted suites run instead of the stored ones; a failing case comes back with its diff and explanation")
    void postedSuite() {
        String failing = TIERS.replace("loyaltyTier: {tier: silver, spendToNextTier: 1500}", "loyaltyTier: {tier: gold}");

        JsonObject passing = ok(test("retail-loyalty", posted("tiers.yaml", TIERS)));
        JsonObject failed = ok(test("retail-loyalty", posted("tiers.yaml", failing)));

        assertThat(passing.getBoolean("passed")).isTrue();
        assertThat(passing.getJsonArray("problems")).isEmpty();
        assertThat(failed.getBoolean("passed")).isFalse();
        JsonObject result = failed.getJsonArray("cases").getJsonObject(0);
        assertThat(result.getString("file")).isEqualTo("tiers.yaml");
        assertThat(result.getString("name")).isEqualTo("500 spent is silver");
        assertThat(result.getInteger("line")).isEqualTo(5);
        assertThat(result.getBoolean("passed")).isFalse();
        assertThat(result.getJsonArray("mismatches")).containsExactly(new JsonObject()
                .put("path", "loyaltyTier.tier").put("expected", "gold").put("actual", "silver"));
        assertThat(result.getJsonObject("given").getJsonObject("customer").getString("id")).isEqualTo("c-api");
        assertThat(result.getJsonObject("actual").getJsonObject("loyaltyTier").getString("tier")).isEqualTo("silver");
        assertThat(result.getJsonArray("explanation").stream().map(JsonObject.class::cast))
                .anySatisfy(e -> assertThat(e.getString("note")).isEqualTo("Silver: 500 or more in 12 months"));
    }

    @Test
    @DisplayName("Accept: application/xml answers the report as JUnit XML, for CI servers; JSON stays the default")
    void junitXml() throws Exception {
        String failing = TIERS.replace("loyaltyTier: {tier: silver, spendToNextTier: 1500}", "loyaltyTier: {tier: gold}");
        HttpResponse<Buffer> stored = client.post("/api/v1/rulesets/retail-loyalty/test")
                .putHeader("Authorization", "Bearer " + TOKEN).putHeader("Accept", "application/xml").send().await();
        HttpResponse<Buffer> posted = client.post("/api/v1/rulesets/retail-loyalty/test")
                .putHeader("content-type", "application/json").putHeader("Authorization", "Bearer " + TOKEN)
                .putHeader("Accept", "text/xml;q=0.9, application/json;q=0.5")
                .sendBuffer(posted("tiers.yaml", failing).toBuffer()).await();
        HttpResponse<Buffer> either = client.post("/api/v1/rulesets/retail-loyalty/test")
                .putHeader("Authorization", "Bearer " + TOKEN).putHeader("Accept", "application/json, application/xml")
                .send().await();

        assertThat(stored.statusCode()).as(stored.bodyAsString()).isEqualTo(200);
        assertThat(stored.getHeader("content-type")).startsWith("application/xml");
        org.w3c.dom.Element suites = xml(stored.bodyAsString());
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(List.of(suites.getAttribute("tests"), suites.getAttribute("failures"), suites.getAttribute("errors")))
                .containsExactly("3", "0", "1");
        org.w3c.dom.Element failure = (org.w3c.dom.Element) xml(posted.bodyAsString()).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("loyaltyTier.tier: expected \"gold\", actual \"silver\"");
        assertThat(((org.w3c.dom.Element) failure.getParentNode()).getAttribute("name"))
                .isEqualTo("tiers.yaml › 500 spent is silver");
        assertThat(either.getHeader("content-type")).startsWith("application/json");
        assertThat(either.bodyAsJsonObject().getString("ruleSet")).isEqualTo("retail-loyalty");
    }

    static org.w3c.dom.Element xml(String text) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(text)))
                .getDocumentElement();
    }

    @Test
    @DisplayName("a malformed posted suite is a 400 naming the file and line, and nothing runs")
    void malformedPostedSuite() {
        HttpResponse<Buffer> response = test("retail-loyalty", new JsonObject().put("suites", new JsonArray()
                .add(new JsonObject().put("file", "tiers.yaml").put("content", TIERS))
                .add(new JsonObject().put("file", "typo.yaml").put("content", "cases:\n  - name: x\n    given: {}\n    expected: {}\n"))));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("invalid_request");
        assertThat(error.getString("message")).startsWith("1 posted scenario file(s) could not be read; nothing was run: typo.yaml line 4");
        assertThat(error.getJsonArray("details").getJsonObject(0).getMap())
                .containsEntry("file", "typo.yaml").containsEntry("line", 4)
                .containsEntry("problem", "unknown key 'expected'; expected one of [decisionService, expect, given, model, name]");
    }

    @Test
    @DisplayName("a stored version other than the active one can be tested before it is activated")
    void storedVersion() {
        String discount = new String(readTestRule("discount-only/discount.dmn"), StandardCharsets.UTF_8);
        HttpResponse<Buffer> published = client.put("/api/v1/rulesets/discount-only?file=discount.dmn&activate=false")
                .putHeader("Authorization", "Bearer " + TOKEN)
                .sendBuffer(Buffer.buffer(discount.replace("amount * 0.1", "amount * 0.2"))).await();
        assertThat(published.statusCode()).as(published.bodyAsString()).isEqualTo(201);
        String suite = """
                model: discount
                cases:
                  - name: 20 percent off 200
                    given: {amount: 200}
                    expect: {discount: 40}
                """;

        JsonObject candidate = ok(test("discount-only", posted("discount.yaml", suite).put("version", 2)));
        JsonObject active = ok(test("discount-only", posted("discount.yaml", suite)));
        HttpResponse<Buffer> unknown = test("discount-only", posted("discount.yaml", suite).put("version", 9));

        assertThat(candidate.getInteger("version")).isEqualTo(2);
        assertThat(candidate.getBoolean("passed")).isTrue();
        assertThat(active.getInteger("version")).isEqualTo(1);
        assertThat(active.getJsonArray("cases").getJsonObject(0).getJsonArray("mismatches").getJsonObject(0).getValue("actual"))
                .isEqualTo(20);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unknown_version");
    }

    @Test
    @DisplayName("unknown rule sets, missing stored suites and wrong bodies are refused with the usual error envelope")
    void errors() {
        HttpResponse<Buffer> unknown = test("no-such-rules", posted("x.yaml", TIERS));
        HttpResponse<Buffer> nothingStored = test("hit-policies", null);
        HttpResponse<Buffer> badName = test("retail-loyalty", posted("../x.txt", "cases: []"));
        HttpResponse<Buffer> badField = test("retail-loyalty", new JsonObject().put("suite", new JsonArray()));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unknown_ruleset");
        assertThat(nothingStored.statusCode()).isEqualTo(404);
        assertThat(nothingStored.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("no_scenarios");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("field"))
                .isEqualTo("suites[0].file");
        assertThat(badField.statusCode()).isEqualTo(400);
        assertThat(badField.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("unknown field 'suite'");
    }

    private static byte[] readTestRule(String path) {
        try {
            return Files.readAllBytes(TestServer.TEST_RULES.resolve(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
