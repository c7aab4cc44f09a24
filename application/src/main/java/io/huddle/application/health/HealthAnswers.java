package io.huddle.application.health;

import io.huddle.domain.health.ProbeResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The bodies of the operations endpoints of PROTOCOL.md section 4 ({@code /health/live},
 * {@code /health/ready}, {@code /health}), as status and fields, so every edge that serves them (the
 * gateway's web server, the worker's operations server) answers alike. No secrets, no connection strings:
 * probes report only a status, a latency and a short reason.
 */
public final class HealthAnswers {
    private HealthAnswers() {}

    /** A status code and the JSON object to send with it, fields in order. */
    public record Answer(int status, Map<String, Object> body) {}

    /** The process answers: nothing else is touched, so a slow dependency never gets an instance killed. */
    public static Answer live(long uptimeSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "alive");
        body.put("uptimeSeconds", uptimeSeconds);
        return new Answer(200, body);
    }

    /**
     * Whether to send traffic here (PROTOCOL.md section 4): 503 only while starting or draining; otherwise
     * 200, {@code ready}, or {@code degraded} while a dependency is down, however long (section 8). A store
     * that is down is served around (sends fail with {@code storage_unavailable}, the rest goes on), and it is
     * down for every instance alike, so a 503 would only empty the balancer's pool of gateways that still
     * hold open sockets and answer what they can.
     */
    public static Answer ready(Readiness.State state, HealthView health) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (state != Readiness.State.READY) {
            body.put("status", "unavailable");
            body.put("reason", state.name().toLowerCase(Locale.ROOT));
            return new Answer(503, body);
        }
        HealthReport report = health.recent();
        body.put("status", report.verdict() == HealthReport.Verdict.HEALTHY ? "ready" : "degraded");
        body.put("checks", checks(report));
        return new Answer(200, body);
    }

    /** Every dependency with its latency; 503 when the process cannot serve. */
    public static Answer deep(HealthView health, String version, String instance) {
        HealthReport report = health.deep();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.verdict().name().toLowerCase(Locale.ROOT));
        body.put("checks", checks(report));
        body.put("version", version);
        body.put("instance", instance);
        return new Answer(report.verdict() == HealthReport.Verdict.UNHEALTHY ? 503 : 200, body);
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
