package io.huddle.application.health;

import io.huddle.domain.health.ProbeResult;
import java.util.Map;

/** Every probe's result, and the verdict over them. */
public record HealthReport(Verdict verdict, Map<String, ProbeResult> checks) {
    public HealthReport {
        checks = Map.copyOf(checks);
    }

    /** {@code DEGRADED} still serves (PROTOCOL.md section 8); {@code UNHEALTHY} cannot. */
    public enum Verdict {
        HEALTHY,
        DEGRADED,
        UNHEALTHY
    }
}
