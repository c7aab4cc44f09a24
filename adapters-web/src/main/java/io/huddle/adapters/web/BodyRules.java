package io.huddle.adapters.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checked before every matched handler, whether or not it reads the body: a body that is not JSON, or is
 * sent with a {@code Content-Encoding}, is {@code 415}, a declared length over the limit is {@code 413}.
 * Chunked bodies are measured while {@link JsonBody} reads them.
 */
final class BodyRules {
    /**
     * A client that sends its whole body before reading the answer (most do, without
     * {@code Expect: 100-continue}) sees a reset instead of the 413 when the server closes on unread
     * bytes. Up to this many bytes are read and discarded first, so a modestly oversized body gets its
     * clear answer; anything larger is cut off, as reading it would hand the client our bandwidth.
     */
    private static final long DISCARD_AT_MOST = 4L * 1024 * 1024;

    private BodyRules() {}

    static void check(Context ctx) {
        var req = ctx.req();
        if (!JsonBody.carriesBody(req)) return;
        long limit = ctx.appData(JsonBody.MAX_BODY_BYTES);
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            if (declared <= DISCARD_AT_MOST) discard(ctx);
            throw new ProblemException(JsonBody.payloadTooLarge(limit));
        }
        if (!JsonBody.isJsonAsSent(req)) throw new ProblemException(JsonBody.unsupportedMediaType());
    }

    private static void discard(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            in.skipNBytes(Math.max(0, ctx.req().getContentLengthLong()));
        } catch (IOException e) {
            // The client went away or sent less than it declared: the 413 is still the answer.
        }
    }
}
