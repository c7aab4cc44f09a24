package io.huddle.application.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthViewTest {
    final FakeProbe redis = new FakeProbe("redis", ProbeResult.up(Duration.ofMillis(2)));
    final AtomicLong now = new AtomicLong();

    @Test
    void answers_come_from_the_background_round_and_never_wait_for_a_slow_probe() throws Exception {
        var slow = new HealthProbe() {
            @Override
            public String name() {
                return "postgres";
            }

            @Override
            public ProbeResult check() {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ProbeResult.up(Duration.ofMillis(300));
            }
        };
        try (var view =
                new HealthView(new CheckHealth(List.of(redis, slow)), Duration.ofMillis(50), System::nanoTime)) {
            view.recent(); // the first call waits for the first round
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) view.deep();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
            Thread.sleep(800);
            assertThat(redis.calls.get()).as("rounds ran in the background").isGreaterThan(1);
        }
    }

    @Test
    void a_dependency_going_down_shows_within_a_round() throws Exception {
        try (var view = new HealthView(new CheckHealth(List.of(redis)), Duration.ofMillis(20), System::nanoTime)) {
            assertThat(view.recent().verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
            redis.result.set(ProbeResult.down(Duration.ofMillis(1), "refused"));
            Thread.sleep(200);
            assertThat(view.recent().verdict()).isEqualTo(HealthReport.Verdict.UNHEALTHY);
        }
    }

    @Test
    void without_an_interval_every_call_checks_anew() {
        var view = new HealthView(new CheckHealth(List.of(redis)), Duration.ZERO, now::get);
        assertThat(view.recent().verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
        redis.result.set(ProbeResult.down(Duration.ofMillis(1), "refused"));
        assertThat(view.recent().verdict()).isEqualTo(HealthReport.Verdict.UNHEALTHY);
        redis.result.set(ProbeResult.up(Duration.ofMillis(1)));
        assertThat(view.recent().verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
        assertThat(redis.calls.get()).isEqualTo(3);
    }
}
