package dev.decisioning.server;

import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A really full disk: the data directory on a 1 MB tmpfs, filled up but for a little room, and a publish larger than
 * that room. Mounting needs root (CI runs as root); elsewhere the test is skipped, and {@link StoreWriteFailureApiTest}
 * covers the same path with a failing file write.
 */
class FullDiskTest {
    static final String TOKEN = "full-disk-token";

    /** The data directory on a 1 MB tmpfs, mounted for the server and unmounted after it stopped. */
    static final class OnASmallTmpfs implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) throws Exception {
            Path mountPoint = Files.createTempDirectory("full-disk-");
            Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString()),
                    "mounting a tmpfs is not permitted here");
            server.afterStop(() -> run("umount", "-l", mountPoint.toString()));
            server.dataDirectory(mountPoint.resolve("data"));
        }
    }

    @Test
    @DisplayName("on a full file system a publish answers 507, leaves no .tmp-*, and rollback works")
    @WithServer(ruleSets = "discount-only", adminToken = TOKEN, instances = 1, setup = OnASmallTmpfs.class)
    void publishOnAFullFileSystem(ServerUnderTest server, WebClient client) throws Exception {
        Path data = server.dataDirectory();
        Path mountPoint = data.getParent();
        assertThat(publish(client, "v2", 0).statusCode()).isEqualTo(201);

        // Leave about 64 KB: room for an active pointer, not for a 256 KB rule file.
        long free = Files.getFileStore(mountPoint).getUsableSpace();
        Files.write(mountPoint.resolve("filler"), new byte[(int) Math.max(0, free - 64 * 1024)]);

        HttpResponse<Buffer> full = publish(client, "v3", 256 * 1024);

        assertThat(full.statusCode()).as(full.bodyAsString()).isEqualTo(507);
        JsonObject error = full.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("insufficient_storage");
        assertThat(error.getString("message")).contains("disk is full").contains("version 2 keeps serving");
        try (Stream<Path> all = Files.walk(data)) {
            assertThat(all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()).isEmpty();
        }
        assertThat(client.post("/api/v1/rulesets/discount-only/activate?version=1")
                .putHeader("Authorization", "Bearer " + TOKEN).send().await().statusCode()).isEqualTo(200);
        assertThat(client.get("/api/v1/rulesets/discount-only").send().await().bodyAsJsonObject()
                .getInteger("version")).isEqualTo(1);
    }

    private static HttpResponse<Buffer> publish(WebClient client, String note, int padding) throws IOException {
        String dmn = Files.readString(TestServer.TEST_RULES.resolve("discount-only").resolve("discount.dmn"))
                + "<!-- " + note + " " + "x".repeat(padding) + " -->\n";
        return client.put("/api/v1/rulesets/discount-only?file=discount.dmn")
                .putHeader("Authorization", "Bearer " + TOKEN)
                .sendBuffer(Buffer.buffer(dmn.getBytes(StandardCharsets.UTF_8))).await();
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
