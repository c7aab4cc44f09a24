package io.huddle.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class SlidingWindowLogTest {
    private static final Limit THREE_PER_SECOND = new Limit(3, Duration.ofSeconds(1));
    private static final long SECOND = 1_000_000;

    @Test
    void a_fresh_key_is_allowed_with_count_minus_one_remaining_and_a_full_window_until_reset() {
        var decision = new SlidingWindowLog().acquire(THREE_PER_SECOND, 5 * SECOND);

        assertThat(decision).isEqualTo(Decision.allowed(THREE_PER_SECOND, 2, Duration.ofSeconds(1)));
    }

    @Test
    void the_request_over_the_count_waits_until_the_oldest_leaves_the_window() {
        var log = new SlidingWindowLog();
        log.acquire(THREE_PER_SECOND, 0);
        log.acquire(THREE_PER_SECOND, 200_000);
        var third = log.acquire(THREE_PER_SECOND, 400_000);

        var fourth = log.acquire(THREE_PER_SECOND, 500_000);

        assertThat(third).isEqualTo(Decision.allowed(THREE_PER_SECOND, 0, Duration.ofMillis(600)));
        assertThat(fourth).isEqualTo(Decision.refused(THREE_PER_SECOND, Duration.ofMillis(500)));
        assertThat(log.acquire(THREE_PER_SECOND, SECOND - 1).allowed()).isFalse();
        assertThat(log.acquire(THREE_PER_SECOND, SECOND))
                .isEqualTo(Decision.allowed(THREE_PER_SECOND, 0, Duration.ofMillis(200)));
    }

    @Test
    void refused_requests_are_not_counted() {
        var log = new SlidingWindowLog();
        for (int i = 0; i < 3; i++) log.acquire(THREE_PER_SECOND, 0);
        for (int i = 0; i < 100; i++) log.acquire(THREE_PER_SECOND, SECOND / 2);

        assertThat(log.acquire(THREE_PER_SECOND, SECOND).allowed()).isTrue();
    }

    @Test
    void deciding_alone_records_nothing() {
        var log = new SlidingWindowLog();
        for (int i = 0; i < 10; i++) log.decide(THREE_PER_SECOND, 0);

        assertThat(log.size()).isZero();
        assertThat(log.decide(THREE_PER_SECOND, 0).remaining()).isEqualTo(2);
    }

    @Test
    void a_time_before_the_newest_request_counts_as_the_newest_time() {
        var log = new SlidingWindowLog();
        log.acquire(THREE_PER_SECOND, 10 * SECOND);
        log.acquire(THREE_PER_SECOND, 10 * SECOND);
        log.acquire(THREE_PER_SECOND, 9 * SECOND);

        var decision = log.decide(THREE_PER_SECOND, 9 * SECOND);

        assertThat(decision).isEqualTo(Decision.refused(THREE_PER_SECOND, Duration.ofSeconds(1)));
    }

    @Test
    void memory_stays_bounded_by_the_count_when_the_limit_is_lowered() {
        var log = new SlidingWindowLog();
        var ten = new Limit(10, Duration.ofSeconds(1));
        for (int i = 0; i < 10; i++) log.acquire(ten, i);

        var decision = log.decide(THREE_PER_SECOND, 20);

        assertThat(log.size()).isEqualTo(3);
        assertThat(decision).isEqualTo(Decision.refused(THREE_PER_SECOND, Duration.of(SECOND - 13, ChronoUnit.MICROS)));
    }

    @Test
    void a_log_is_idle_once_its_newest_request_left_the_window() {
        var log = new SlidingWindowLog();
        assertThat(log.idleAt(THREE_PER_SECOND, 0)).isTrue();
        log.acquire(THREE_PER_SECOND, 0);
        log.acquire(THREE_PER_SECOND, 100);

        assertThat(log.idleAt(THREE_PER_SECOND, SECOND + 99)).isFalse();
        assertThat(log.idleAt(THREE_PER_SECOND, SECOND + 100)).isTrue();
    }

    @Test
    void a_decision_keeps_its_numbers_consistent() {
        assertThatThrownBy(() -> new Decision(true, 0, Duration.ofSeconds(1), Duration.ofSeconds(1), THREE_PER_SECOND))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision(false, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), THREE_PER_SECOND))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.allowed(THREE_PER_SECOND, 3, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.refused(THREE_PER_SECOND, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_window_is_kept_in_whole_microseconds_and_never_zero() {
        assertThat(new Limit(1, Duration.ofMinutes(15)).windowMicros()).isEqualTo(900 * SECOND);
        assertThat(new Limit(1, Duration.ofNanos(1)).windowMicros()).isEqualTo(1);
    }
}
