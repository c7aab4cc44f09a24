package io.huddle.application.health;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import io.huddle.domain.health.ProbeStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every probe at once and judges the whole: healthy when every enabled dependency is up,
 * unhealthy when every enabled dependency is down, degraded in between (the gateway keeps serving
 * what does not need the missing one).
 */
public final class CheckHealth {
    private final List<HealthProbe> probes;

    public CheckHealth(List<HealthProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    public HealthReport handle() {
        Map<String, ProbeResult> checks = new LinkedHashMap<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<ProbeResult>> running = new LinkedHashMap<>();
            probes.forEach(probe -> running.put(probe.name(), executor.submit(probe::check)));
            running.forEach((name, future) -> checks.put(name, outcome(future)));
        }
        return new HealthReport(
                verdict(checks.values().stream().map(ProbeResult::status).toList()), checks);
    }

    static HealthReport.Verdict verdict(List<ProbeStatus> statuses) {
        long enabled = statuses.stream().filter(s -> s != ProbeStatus.DISABLED).count();
        long down = statuses.stream().filter(s -> s == ProbeStatus.DOWN).count();
        if (down == 0) return HealthReport.Verdict.HEALTHY;
        return down == enabled ? HealthReport.Verdict.UNHEALTHY : HealthReport.Verdict.DEGRADED;
    }

    private static ProbeResult outcome(Future<ProbeResult> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return ProbeResult.down(java.time.Duration.ZERO, "probe failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.down(java.time.Duration.ZERO, "interrupted");
        }
    }
}
