package io.huddle.adapters.web;

import io.huddle.application.health.HealthAnswers;
import io.huddle.application.health.HealthView;
import io.huddle.application.health.Readiness;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;

/**
 * {@code /ping}, {@code /health/live}, {@code /health/ready}, {@code /health} and {@code /metrics} (PROTOCOL.md
 * section 4), and the API's own description at {@code /openapi.json}.
 */
final class OperationsRoutes implements HttpRoutes {
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Readiness readiness;
    private final HealthView health;
    private final PrometheusMeterRegistry registry;
    private final String version;
    private final String instance;
    // Read from the jar once, when the first process's routes are built: the document never changes.
    private static final class OpenApi {
        static final byte[] JSON = ApiDocument.openApiJson();
    }

    OperationsRoutes(
            Readiness readiness, HealthView health, PrometheusMeterRegistry registry, String version, String instance) {
        this.readiness = readiness;
        this.health = health;
        this.registry = registry;
        this.version = version;
        this.instance = instance;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/ping", ctx -> ctx.contentType("text/plain; charset=utf-8").result("pong"));
        routes.get(
                "/health/live",
                ctx -> answer(
                        ctx,
                        HealthAnswers.live(ManagementFactory.getRuntimeMXBean().getUptime() / 1000)));
        routes.get("/health/ready", ctx -> answer(ctx, HealthAnswers.ready(readiness.state(), health)));
        routes.get("/health", ctx -> answer(ctx, HealthAnswers.deep(health, version, instance)));
        routes.get("/metrics", ctx -> ctx.contentType(METRICS_CONTENT_TYPE).result(registry.scrape()));
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApi.JSON));
    }

    private static void answer(Context ctx, HealthAnswers.Answer answer) {
        ctx.status(answer.status()).json(answer.body());
    }
}
