package io.huddle.adapters.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/** CORS for {@code /api/*} from {@code HUDDLE_ALLOWED_ORIGINS}; operations endpoints are not for browsers. */
final class Cors {
    private static final String EXPOSED =
            "X-Correlation-Id, Location, ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset";
    private static final String ALLOWED_HEADERS =
            "Authorization, Content-Type, If-Match, If-None-Match, X-Correlation-Id";
    private static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE";

    private final boolean anyOrigin;
    private final Set<String> origins;

    Cors(List<String> allowedOrigins) {
        this.anyOrigin = allowedOrigins.contains("*");
        this.origins = Set.copyOf(allowedOrigins);
    }

    void install(RoutesConfig routes) {
        routes.before("/api/*", this::apply);
    }

    private void apply(Context ctx) {
        // With a list of origins the answer depends on Origin whether or not the request carried one, and
        // whether or not it was allowed: a shared cache must not hand one origin's answer (with or without
        // Access-Control-Allow-Origin) to another.
        if (!anyOrigin) ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin == null) return;
        boolean preflight =
                ctx.method().name().equals("OPTIONS") && ctx.header("Access-Control-Request-Method") != null;
        if (!(anyOrigin || origins.contains(origin))) {
            // A plain request from a foreign origin goes on without CORS headers (the browser hides the
            // answer); a preflight is told why, instead of a bare 405 for OPTIONS.
            if (preflight) {
                RequestScope.route(ctx, "CORS_PREFLIGHT");
                throw new ProblemException(Problem.of(
                        ErrorCode.FORBIDDEN,
                        "This origin is not allowed to call the API: add it to HUDDLE_ALLOWED_ORIGINS."));
            }
            return;
        }
        ctx.header("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
        ctx.header("Access-Control-Expose-Headers", EXPOSED);
        if (preflight) {
            // Answered here rather than by an OPTIONS route, which would turn every unknown /api path into a 405.
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
            RequestScope.route(ctx, "CORS_PREFLIGHT");
            ctx.status(204).skipRemainingHandlers();
            // The after-handlers are skipped too, and with them the one that drops a 204's Content-Type.
            WebServer.noTypeWithoutContent(ctx);
        }
    }
}
