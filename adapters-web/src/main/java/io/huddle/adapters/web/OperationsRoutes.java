package io.huddle.adapters.web;

import io.huddle.application.health.HealthReport;
import io.huddle.application.health.ProbeResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code /ping}, {@code /health/live}, {@code /health/ready}, {@code /health} and {@code /metrics} (PROTOCOL.md section 4). */
final class OperationsRoutes implements HttpRoutes {
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Readiness readiness;
    private final HealthView health;
    private final PrometheusMeterRegistry registry;
    private final String version;
    private final String instance;

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
        routes.get("/health/live", this::live);
        routes.get("/health/ready", this::ready);
        routes.get("/health", this::deep);
        routes.get("/metrics", ctx -> ctx.contentType(METRICS_CONTENT_TYPE).result(registry.scrape()));
    }

    /** The process answers: nothing else is touched, so a slow dependency never gets this instance killed. */
    private void live(Context ctx) {
        long uptimeSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        ctx.json(Map.of("status", "alive", "uptimeSeconds", uptimeSeconds));
    }

    /**
     * Whether to send traffic here. A dependency that is down makes this {@code degraded}, never 503: it is
     * down for every instance alike, and taking them all out of rotation would turn a degraded service
     * into no service (PROTOCOL.md section 8).
     */
    private void ready(Context ctx) {
        Readiness.State state = readiness.state();
        if (state != Readiness.State.READY) {
            ctx.status(503)
                    .json(Map.of("status", "unavailable", "reason", state.name().toLowerCase(Locale.ROOT)));
            return;
        }
        HealthReport report = health.recent();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.verdict() == HealthReport.Verdict.HEALTHY ? "ready" : "degraded");
        body.put("checks", checks(report));
        ctx.json(body);
    }

    private void deep(Context ctx) {
        HealthReport report = health.deep();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.verdict().name().toLowerCase(Locale.ROOT));
        body.put("checks", checks(report));
        body.put("version", version);
        body.put("instance", instance);
        ctx.status(report.verdict() == HealthReport.Verdict.UNHEALTHY ? 503 : 200)
                .json(body);
    }

    private static Map<String, Object> checks(HealthReport report) {
        Map<String, Object> checks = new LinkedHashMap<>();
        report.checks().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> checks.put(e.getKey(), check(e.getValue())));
        return checks;
    }

    private static Map<String, Object> check(ProbeResult result) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("status", result.status().name().toLowerCase(Locale.ROOT));
        result.latency().ifPresent(l -> check.put("latencyMs", l.toMillis()));
        result.reason().ifPresent(r -> check.put("reason", r));
        return check;
    }
}
