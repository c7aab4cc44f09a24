package io.huddle.application.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.limit.LimitPolicy.Action;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The join-fail gate of PROTOCOL.md section 7 on a real limiter. */
class JoinFailGateTest {
    /** The rule "while over it, every join gets 429", on a real limiter: failures gate, joins do not count as failures. */
    @Test
    void failed_joins_up_to_the_limit_refuse_every_join_until_the_oldest_failure_leaves_the_window() {
        var clock = new MutableClock();
        var limiter = new InMemoryRateLimiter(clock);
        var failLimit = new Limit(3, Duration.ofSeconds(60));
        var tiers = new LimitPolicy.Tiers(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(new Limit(1000, Duration.ofSeconds(60))),
                Optional.of(failLimit),
                Optional.empty(),
                Optional.empty());
        var joins = new LimitPolicy(tiers);

        for (int i = 0; i < 10; i++)
            assertThat(limiter.check(joins.checks(new Action.Join("ip" + i))).allowed())
                    .isTrue();
        for (int i = 0; i < 3; i++) {
            limiter.check(joins.checks(new Action.JoinFailed()));
            clock.now = clock.now.plusSeconds(1);
        }
        var refused = limiter.check(joins.checks(new Action.Join("fresh")));

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.tier()).isEqualTo("join-fail");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(57));
        clock.now = clock.now.plusSeconds(57);
        assertThat(limiter.check(joins.checks(new Action.Join("fresh"))).allowed())
                .isTrue();
    }

    private static final class MutableClock implements InstantSource {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }
}
