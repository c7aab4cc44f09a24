package io.huddle.adapters.web;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Closes HTTP connections that take too long to send a request's headers (slowloris: many connections,
 * each sending a header line now and then, so none is ever idle long enough for the idle timeout). Jetty
 * has no header timeout of its own, so every {@link #LIMIT} each open connection is looked at: one still in
 * the middle of a request line or its headers, with no request completed since the last look, is closed
 * (so between one and two {@link #LIMIT}s after it stopped completing requests). Connections that were
 * upgraded to WebSocket, or are busy with a request's body or its handling, are left alone; idle ones
 * between requests are the idle timeout's.
 *
 * <p>One sweep over the open connections rather than a timer task per connection: a task held its
 * connection for {@link #LIMIT} after a WebSocket upgrade had finished with it, so every socket's upgrade
 * (its parser, request and channel) outlived a few young collections and was promoted to the old
 * generation as garbage: resident memory that an idle gateway never gives back. Jetty calls
 * {@link #onClosed} on the upgrade, which lets it go at once.
 */
final class RequestHeaderTimeout implements Connection.Listener, AutoCloseable {
    /** Far beyond what any client needs for a few hundred bytes of headers, even on a bad mobile link. */
    static final Duration LIMIT = Duration.ofSeconds(10);

    /** A connection opened since the last look: no request count recorded yet. */
    private static final long NOT_LOOKED_AT = -1;

    /** Open HTTP/1 connections (not yet upgraded) and how many requests each had completed at the last look. */
    private final ConcurrentHashMap<HttpConnection, Long> requestsAtLastLook = new ConcurrentHashMap<>();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("huddle-header-timeout").daemon().factory());

    RequestHeaderTimeout(Duration limit) {
        timer.scheduleWithFixedDelay(this::lookAtAll, limit.toMillis(), limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) requestsAtLastLook.put(http, NOT_LOOKED_AT);
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) requestsAtLastLook.remove(http);
    }

    private void lookAtAll() {
        requestsAtLastLook.forEach((http, requestsBefore) -> {
            try {
                look(http, requestsBefore);
            } catch (RuntimeException e) {
                // A connection closing under the look: the next sweep sees it closed. An exception let out
                // here would end the sweeps for good (a scheduled task that throws is not run again).
            }
        });
    }

    private void look(HttpConnection http, long requestsBefore) {
        var endPoint = http.getEndPoint();
        if (!endPoint.isOpen() || endPoint.getConnection() != http) { // closed or upgraded unnoticed
            requestsAtLastLook.remove(http, requestsBefore);
            return;
        }
        long requests = http.getMessagesIn();
        var parser = http.getParser();
        boolean midHeaders = parser.inHeaderState() && !parser.isStart();
        if (midHeaders && requests == requestsBefore) {
            requestsAtLastLook.remove(http, requestsBefore);
            endPoint.close();
            return;
        }
        // Only if still there: a connection closed meanwhile must not come back.
        requestsAtLastLook.replace(http, requestsBefore, requests);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        requestsAtLastLook.clear();
    }
}
