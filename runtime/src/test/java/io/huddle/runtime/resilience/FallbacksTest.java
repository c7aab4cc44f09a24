package io.huddle.runtime.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.testkit.MetricsText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FallbacksTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong nanos = new AtomicLong();
    private final Fallbacks fallbacks = new Fallbacks(registry, nanos::get);

    private MetricsText metrics() {
        return MetricsText.parse(registry.scrape());
    }

    @Test
    void every_known_dependency_is_on_metrics_at_zero() {
        assertThat(metrics().labelValues("huddle_fallback_active", "dependency"))
                .containsExactlyInAnyOrder("redis", "postgres");
        assertThat(metrics().value("huddle_fallback_active")).isZero();
        assertThat(metrics().value("huddle_fallback_seconds_total")).isZero();
    }

    @Test
    void a_dependency_is_in_fallback_while_any_of_its_components_is_and_the_time_adds_up() {
        fallbacks.enter("redis", "rate-limits");
        nanos.addAndGet(2_000_000_000L);
        fallbacks.enter("redis", "members");
        fallbacks.leave("redis", "rate-limits");
        assertThat(metrics().value("huddle_fallback_active", "dependency", "redis"))
                .isEqualTo(1);
        nanos.addAndGet(1_000_000_000L);
        fallbacks.leave("redis", "members");
        nanos.addAndGet(5_000_000_000L);

        assertThat(metrics().value("huddle_fallback_active", "dependency", "redis"))
                .isZero();
        assertThat(metrics().value("huddle_fallback_seconds_total", "dependency", "redis"))
                .isEqualTo(3.0);
        assertThat(metrics().value("huddle_fallback_seconds_total", "dependency", "postgres"))
                .isZero();
    }

    @Test
    void the_time_of_a_fallback_still_going_on_is_counted_at_each_scrape() {
        fallbacks.enter("postgres", "reads");
        nanos.addAndGet(1_500_000_000L);

        assertThat(metrics().value("huddle_fallback_seconds_total", "dependency", "postgres"))
                .isEqualTo(1.5);
        assertThat(fallbacks.active("postgres")).isTrue();
    }
}
