package io.huddle.adapters.web;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A query parameter as the routes read it. Javalin reads a value it cannot percent-decode
 * ({@code ?limit=%}, {@code ?cursor=%zz}) as no value at all, so the parameter's default applied and the
 * client was never told; here such a parameter is {@code 400 invalid_request} naming it, like any other
 * value out of its rule (PROTOCOL.md section 4).
 */
public final class QueryParams {
    private QueryParams() {}

    /**
     * The value of {@code name}, null when absent; a value that is not valid percent-encoding is 400, and so is
     * a parameter given twice ({@code ?limit=3&limit=2}): which one counts is read differently by different
     * servers, caches and proxies, so the request is ambiguous, like a JSON name given twice in one object.
     */
    public static String get(Context ctx, String name) {
        if (ctx.queryParams(name).size() > 1) {
            throw new ProblemException(Problem.invalidRequest(
                    "A query parameter breaks its rule.",
                    List.of(new Problem.FieldError(name, "must be given at most once"))));
        }
        var value = ctx.queryParam(name);
        if (value != null) return value;
        var query = ctx.queryString();
        if (query == null || query.isEmpty()) return null;
        for (var pair : query.split("&")) {
            var split = pair.split("=", 2);
            if (split.length == 2 && name.equals(decoded(split[0])) && decoded(split[1]) == null) {
                throw new ProblemException(Problem.invalidRequest(
                        "A query parameter breaks its rule.",
                        List.of(new Problem.FieldError(name, "is not valid percent-encoding"))));
            }
        }
        return null;
    }

    private static String decoded(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
