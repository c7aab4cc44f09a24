package io.huddle.application.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.RateLimiterContract;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.RateLimiter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest extends RateLimiterContract {
    private InMemoryRateLimiter limiter;

    @Override
    protected RateLimiter limiter(InstantSource clock) {
        limiter = new InMemoryRateLimiter(clock);
        return limiter;
    }

    @Test
    void keys_without_a_request_in_their_window_are_forgotten() {
        var limit = new Limit(5, Duration.ofSeconds(10));
        for (int i = 0; i < 100; i++) limiter.check(List.of(new LimitCheck("connect", "ip-" + i, limit)));
        var busy = new LimitCheck("connect", "busy", limit);
        assertThat(limiter.trackedKeys()).isEqualTo(100);

        clock.advance(Duration.ofSeconds(9));
        limiter.check(List.of(busy));
        clock.advance(Duration.ofSeconds(1));
        limiter.check(List.of(busy));

        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test
    void a_refused_request_leaves_no_log_behind_for_a_tier_that_allowed_it() {
        var full = new LimitCheck("connect", "ip", new Limit(1, Duration.ofSeconds(10)));
        limiter.check(List.of(full));

        for (int i = 0; i < 50; i++) {
            limiter.check(
                    List.of(new LimitCheck("message", "member-" + i, new Limit(5, Duration.ofSeconds(10))), full));
        }

        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }
}
