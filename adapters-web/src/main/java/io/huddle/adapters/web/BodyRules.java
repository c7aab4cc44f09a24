package io.huddle.adapters.web;

import io.javalin.http.Context;

/**
 * Checked before every matched handler, whether or not it reads the body: a body that is not JSON is
 * {@code 415}, a declared length over the limit is {@code 413} without reading a byte. Chunked bodies are
 * measured while {@link JsonBody} reads them.
 */
final class BodyRules {
    private BodyRules() {}

    static void check(Context ctx) {
        var req = ctx.req();
        if (!JsonBody.carriesBody(req)) return;
        long limit = ctx.appData(JsonBody.MAX_BODY_BYTES);
        if (req.getContentLengthLong() > limit) throw new ProblemException(JsonBody.payloadTooLarge(limit));
        if (!JsonBody.isJson(req.getContentType())) throw new ProblemException(JsonBody.unsupportedMediaType());
    }
}
