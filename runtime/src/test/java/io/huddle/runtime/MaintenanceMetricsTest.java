package io.huddle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.maintenance.Round;
import io.huddle.testkit.MetricsText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's series, as {@code /metrics} shows them, moved by runs of jobs. */
class MaintenanceMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void runs_items_duration_and_lag_behind_due_time_are_reported_per_job() {
        var late = new Round(3, 1, List.of(), Duration.ofSeconds(42));
        var jobs = List.of(
                new Maintenance.ScheduledJob("expire", Duration.ofHours(1), () -> late),
                new Maintenance.ScheduledJob("retention", Duration.ofHours(1), () -> {
                    throw new IllegalStateException("store down");
                }));
        try (var maintenance = Maintenance.start(jobs, registry, InstantSource.system())) {
            maintenance.runAllOnce();
        }

        var metrics = MetricsText.parse(registry.scrape());
        assertThat(metrics.value("huddle_worker_job_seconds_count", "job", "expire", "outcome", "success"))
                .isEqualTo(1);
        assertThat(metrics.value("huddle_worker_job_seconds_count", "job", "retention", "outcome", "failure"))
                .isEqualTo(1);
        assertThat(metrics.value("huddle_worker_items_total", "job", "expire", "result", "handled"))
                .isEqualTo(3);
        assertThat(metrics.value("huddle_worker_items_total", "job", "expire", "result", "skipped"))
                .isEqualTo(1);
        assertThat(metrics.value("huddle_worker_lag_seconds", "job", "expire")).isEqualTo(42);
        assertThat(metrics.value("huddle_worker_lag_seconds", "job", "retention"))
                .isZero();
        assertThat(metrics.value("huddle_worker_last_success_seconds", "job", "expire"))
                .isGreaterThan(0);
        assertThat(metrics.value("huddle_worker_last_success_seconds", "job", "retention"))
                .isZero();
        assertThat(metrics.value("huddle_worker_interval_seconds", "job", "retention"))
                .isEqualTo(3600);
    }
}
