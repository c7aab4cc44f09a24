package io.huddle.adapters.web;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Closes HTTP connections that take too long to send a request's headers (slowloris: many connections,
 * each sending a header line now and then, so none is ever idle long enough for the idle timeout). Jetty
 * has no header timeout of its own, so every {@link #LIMIT} each connection is looked at: one still in the
 * middle of a request line or its headers, with no request completed since the last look, is closed.
 * Connections that were upgraded to WebSocket, or are busy with a request's body or its handling, are left
 * alone; idle ones between requests are the idle timeout's.
 */
final class RequestHeaderTimeout implements Connection.Listener, AutoCloseable {
    /** Far beyond what any client needs for a few hundred bytes of headers, even on a bad mobile link. */
    static final Duration LIMIT = Duration.ofSeconds(10);

    private final Duration limit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("huddle-header-timeout").daemon().factory());

    RequestHeaderTimeout(Duration limit) {
        this.limit = limit;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) lookLater(http, -1);
    }

    private void lookLater(HttpConnection http, long requestsAtLastLook) {
        if (timer.isShutdown()) return;
        timer.schedule(() -> look(http, requestsAtLastLook), limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void look(HttpConnection http, long requestsAtLastLook) {
        var endPoint = http.getEndPoint();
        if (!endPoint.isOpen() || endPoint.getConnection() != http) return; // closed, or upgraded
        long requests = http.getMessagesIn();
        var parser = http.getParser();
        boolean midHeaders = parser.inHeaderState() && !parser.isStart();
        if (midHeaders && requests == requestsAtLastLook) {
            endPoint.close();
            return;
        }
        lookLater(http, requests);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
