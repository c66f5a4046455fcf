package dev.decisioning.server;

import dev.decisioning.server.settings.ServerLimits;
import dev.decisioning.server.settings.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections that send nothing, or send a request a byte at a time, cannot take the server's connections from
 * others: a server with room for 20 connections and a 1 s request timeout, against raw sockets.
 */
@WithServer(setup = ConnectionLimitsTest.TwentyConnections.class)
class ConnectionLimitsTest {
    static final int MAX_CONNECTIONS = 20;

    @WithServer.Inject
    static ServerUnderTest server;

    /** Room for 20 connections, a request timeout of 1 s. */
    static final class TwentyConnections implements WithServer.Setup {
        @Override
        public void prepare(ServerUnderTest.Preparation server) {
            server.settings(settings -> settings.withLimits(ServerLimits.DEFAULT.withConnections(Duration.ofSeconds(60),
                    Duration.ofSeconds(1), MAX_CONNECTIONS)));
        }
    }

    @Test
    @DisplayName("more idle connections than the limit do not lock out a new caller")
    void idleConnectionsMakeRoomForNewOnes() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * MAX_CONNECTIONS; i++) {
                idle.add(new Socket("127.0.0.1", server.port()));
            }
            assertThat(health().statusCode()).isEqualTo(200);
            int closedByServer = 0;
            for (Socket socket : idle) {
                if (closedByServer(socket, Duration.ofMillis(50))) {
                    closedByServer++;
                }
            }
            assertThat(closedByServer).as("idle connections closed to stay within the limit")
                    .isGreaterThanOrEqualTo(2 * MAX_CONNECTIONS);
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    @DisplayName("a connection that sends its headers too slowly is closed after the request timeout")
    void slowHeadersAreCutOff() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /api/v1/decisions/retail-loyalty HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - started < Duration.ofSeconds(6).toNanos()) {
                try {
                    out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (SocketException e) {
                    closed = true;
                    break;
                }
                closed = closedByServer(socket, Duration.ofMillis(250));
            }
            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
        assertThat(health().statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a body that trickles in is cut off too, and a whole request within the timeout is answered")
    void slowBodiesAreCutOff() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/decisions/retail-loyalty HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - started < Duration.ofSeconds(6).toNanos()) {
                try {
                    out.write(' ');
                    out.flush();
                } catch (SocketException e) {
                    break;
                }
                closed = closedByServer(socket, Duration.ofMillis(250));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
        HttpResponse<Buffer> answered = newCaller().post("/api/v1/decisions/retail-loyalty")
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer("{\"customer\": {\"id\": \"c-1\"}}")).await();
        assertThat(answered.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<Buffer> health() {
        return newCaller().get("/health").send().await();
    }

    /** A client that has no connection yet, as a new caller has none. */
    private static WebClient newCaller() {
        return server.newClient(new PoolOptions());
    }

    /** True when the server has closed the connection: a read sees the end of the stream (or a reset). */
    private static boolean closedByServer(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
