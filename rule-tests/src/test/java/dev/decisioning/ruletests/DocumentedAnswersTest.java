package dev.decisioning.ruletests;

import dev.decisioning.server.DecisioningServer;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers the guides show are real: each documented {@code curl … -d '…'} decision request is posted to a server
 * started on the bundled rules, and the JSON block that follows it in the page must be the answer, field for field
 * (only {@code decisionId}, new on every call, is left out of the comparison).
 */
class DocumentedAnswersTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern EXAMPLE = Pattern.compile(
            "curl -s -X POST http://localhost:8080(/api/v1/decisions/[\\w.-]+)[^\\n]*-d '(\\{.*?\\})'\\s*```.*?```json\\n(.*?)```",
            Pattern.DOTALL);

    static Vertx vertx;
    static WebClient client;
    static int port;

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DecisioningServer.start(vertx, new ServerSettings(Path.of("..", "rules"), port, 1)).await(300, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stopServer() throws Exception {
        vertx.close().await(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"writing-a-rule-set.md"})
    void documentedAnswerIsTheRealOne(String page) throws Exception {
        Matcher example = EXAMPLE.matcher(Files.readString(DOCS.resolve(page)));
        assertThat(example.find()).as("%s holds a curl decision request followed by its answer", page).isTrue();
        HttpResponse<Buffer> response = client.post(port, "127.0.0.1", example.group(1))
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(example.group(2)))
                .await(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject actual = response.bodyAsJsonObject();
        actual.remove("decisionId");
        JsonObject documented = new JsonObject(example.group(3));
        documented.remove("decisionId");
        assertThat(actual).as("the answer %s shows; the real one is:%n%s", page, response.bodyAsJsonObject().encodePrettily())
                .isEqualTo(documented);
    }
}
