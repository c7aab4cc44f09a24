package io.huddle.adapters.web;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Headers every response of the gateway carries, whatever answers it. {@code X-Content-Type-Options: nosniff}
 * everywhere: a browser must take a JSON or problem body for what its {@code Content-Type} says, never sniff
 * it into a script or a page (message content and display names are written by any member). And on
 * {@code /api} {@code Cache-Control: no-store}: those answers carry member tokens (create, join) and a
 * session's messages and state, which no browser or proxy cache should keep. A client that keeps the
 * state itself still makes its conditional read ({@code If-None-Match}) and gets its {@code 304}.
 */
final class SecurityHeaders extends Handler.Wrapper {
    /** Also put by {@link ProblemErrorHandler}: the errors Jetty answers before any handler runs. */
    static final HttpField NO_SNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");

    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var headers = response.getHeaders();
        headers.put(NO_SNIFF);
        if (isApi(Request.getPathInContext(request))) headers.put(NO_STORE);
        return super.handle(request, response, callback);
    }

    /** {@code /api} itself too: its answer (a 404 problem) is an API answer like any other. */
    private static boolean isApi(String path) {
        return path.startsWith("/api/") || path.equals("/api");
    }
}
