package io.huddle.adapters.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a {@link Problem} as {@code application/problem+json}: the one place error bodies are made. */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {}

    /** Answers the request with {@code problem}, replacing any result a handler set before. */
    public static void send(Context ctx, Problem problem) {
        problem.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", Long.toString(s)));
        var body = body(problem, RequestScope.correlationId(ctx.req()));
        ctx.status(problem.code().status()).contentType(CONTENT_TYPE).result(body);
    }

    /** The problem's JSON body, for an answer written outside Javalin (a refused WebSocket upgrade). */
    public static byte[] body(Problem problem, String correlationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.code().title());
        body.put("status", problem.code().status());
        body.put("code", problem.code().code());
        body.put("detail", problem.detail());
        body.put("correlationId", correlationId);
        if (problem.code() == ErrorCode.INVALID_REQUEST) {
            body.put(
                    "errors",
                    problem.errors().stream()
                            .map(e -> Map.of("field", e.field(), "message", e.message()))
                            .toList());
        }
        problem.retryAfterSeconds().ifPresent(s -> body.put("retryAfter", s));
        problem.tier().ifPresent(t -> body.put("tier", t));
        problem.currentVersion().ifPresent(v -> body.put("currentVersion", v));
        try {
            return Json.writer().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
