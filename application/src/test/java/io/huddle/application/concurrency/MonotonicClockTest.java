package io.huddle.application.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The ticker of the sockets' liveness: it starts at the wall clock's instant and then follows only its own pace. */
class MonotonicClockTest {
    @Test
    void it_starts_at_the_wall_clocks_instant_and_no_step_of_the_wall_clock_moves_it() throws Exception {
        var wall = TestClock.at(Instant.parse("2030-05-01T10:00:00Z"));
        var ticker = MonotonicClock.startingAt(wall);
        var first = ticker.instant();

        wall.advance(Duration.ofHours(-1));
        Thread.sleep(5);
        var second = ticker.instant();

        assertThat(Duration.between(wall.instant().plus(Duration.ofHours(1)), first))
                .isBetween(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(second).isAfter(first);
        assertThat(Duration.between(first, second)).isLessThan(Duration.ofMinutes(1));
    }
}
