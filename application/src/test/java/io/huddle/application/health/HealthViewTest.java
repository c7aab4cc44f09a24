package io.huddle.application.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.health.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthViewTest {
    final FakeProbe redis = new FakeProbe("redis", ProbeResult.up(Duration.ofMillis(2)));
    final AtomicLong now = new AtomicLong();
    final HealthView view = new HealthView(new CheckHealth(List.of(redis)), Duration.ofSeconds(1), now::get);

    @Test
    void recent_reuses_a_report_younger_than_the_max_age() {
        view.recent();
        now.addAndGet(Duration.ofMillis(999).toNanos());
        view.recent();
        assertThat(redis.calls.get()).isEqualTo(1);
    }

    @Test
    void recent_checks_again_once_the_report_is_older_than_the_max_age() {
        view.recent();
        redis.result.set(ProbeResult.down(Duration.ofMillis(1), "refused"));
        now.addAndGet(Duration.ofMillis(1001).toNanos());
        assertThat(view.recent().verdict()).isEqualTo(HealthReport.Verdict.UNHEALTHY);
        assertThat(redis.calls.get()).isEqualTo(2);
    }

    @Test
    void deep_always_checks_and_refreshes_what_recent_shows() {
        view.recent();
        redis.result.set(ProbeResult.down(Duration.ofMillis(1), "refused"));
        view.deep();
        assertThat(view.recent().verdict()).isEqualTo(HealthReport.Verdict.UNHEALTHY);
        assertThat(redis.calls.get()).isEqualTo(2);
    }
}
