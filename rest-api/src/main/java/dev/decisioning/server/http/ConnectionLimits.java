package dev.decisioning.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event loop's guard over its connections: a connection must deliver a whole request (headers and body) within
 * the request timeout of opening or of its previous answer, or it is closed, which ends slow-header and slow-body
 * attacks and keep-alive connections left open for nothing; and the loop holds at most its share of the server's
 * connections, closing its longest-waiting idle one to make room for a new one, or the new one when none is idle.
 * Everything here runs on the verticle's event loop, so it needs no locks.
 */
final class ConnectionLimits {
    private static final long SCAN_MILLIS = 500;

    private final long readTimeoutNanos;
    private final int maxConnections;
    private final Map<HttpConnection, Tracked> open = new IdentityHashMap<>();

    ConnectionLimits(Vertx vertx, long readTimeoutMillis, int maxConnections) {
        this.readTimeoutNanos = readTimeoutMillis * 1_000_000L;
        this.maxConnections = maxConnections;
        vertx.setPeriodic(SCAN_MILLIS, id -> scan());
    }

    void opened(HttpConnection connection) {
        if (open.size() >= maxConnections && !closeLongestIdle()) {
            connection.close();
            return;
        }
        open.put(connection, new Tracked(System.nanoTime()));
        connection.closeHandler(closed -> open.remove(connection));
    }

    void requestStarted(HttpServerRequest request) {
        Tracked tracked = open.get(request.connection());
        if (tracked != null) {
            tracked.current = request;
        }
    }

    /** Open connections on this loop; for tests and diagnostics. */
    int openConnections() {
        return open.size();
    }

    private void scan() {
        long now = System.nanoTime();
        List<HttpConnection> overdue = new ArrayList<>();
        for (Map.Entry<HttpConnection, Tracked> entry : open.entrySet()) {
            Tracked tracked = entry.getValue();
            HttpServerRequest current = tracked.current;
            if (current != null && current.isEnded()) {
                if (current.response().ended()) {
                    tracked.current = null; // answered: the wait for the next request starts about now
                    tracked.waitingSince = now;
                }
                continue; // read whole and being answered: the call's own budget bounds it
            }
            if (now - tracked.waitingSince > readTimeoutNanos) {
                overdue.add(entry.getKey());
            }
        }
        for (HttpConnection connection : overdue) {
            open.remove(connection);
            connection.close();
        }
    }

    private boolean closeLongestIdle() {
        HttpConnection longest = null;
        long since = Long.MAX_VALUE;
        for (Map.Entry<HttpConnection, Tracked> entry : open.entrySet()) {
            Tracked tracked = entry.getValue();
            boolean idle = tracked.current == null || tracked.current.response().ended();
            if (idle && tracked.waitingSince < since) {
                since = tracked.waitingSince;
                longest = entry.getKey();
            }
        }
        if (longest == null) {
            return false;
        }
        open.remove(longest);
        longest.close();
        return true;
    }

    private static final class Tracked {
        long waitingSince;
        HttpServerRequest current;

        Tracked(long waitingSince) {
            this.waitingSince = waitingSince;
        }
    }
}
