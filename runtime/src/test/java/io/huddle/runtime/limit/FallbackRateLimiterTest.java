package io.huddle.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.memory.InMemoryRateLimiter;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.limit.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FallbackRateLimiterTest {
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Limit TEN_A_MINUTE = new Limit(10, Duration.ofSeconds(60));

    private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
    private final FlakyLimiter shared = new FlakyLimiter(new InMemoryRateLimiter(clock));
    private final AtomicInteger live = new AtomicInteger(1);
    private long nanos;
    private final FallbackRateLimiter limiter =
            new FallbackRateLimiter(shared, new InMemoryRateLimiter(clock), live::get, () -> nanos, RETRY);

    /** The shared limiter, which a test can take down. */
    private static final class FlakyLimiter implements RateLimiter {
        private final RateLimiter limiter;
        volatile boolean down;
        final AtomicInteger calls = new AtomicInteger();

        FlakyLimiter(RateLimiter limiter) {
            this.limiter = limiter;
        }

        @Override
        public Verdict check(List<LimitCheck> checks) {
            calls.incrementAndGet();
            if (down) throw new IllegalStateException("connection refused");
            return limiter.check(checks);
        }
    }

    private int allowedOf(int requests, LimitCheck check) {
        int allowed = 0;
        for (int i = 0; i < requests; i++) if (limiter.check(List.of(check)).allowed()) allowed++;
        return allowed;
    }

    @Test
    void while_the_shared_limiter_answers_it_decides() {
        var check = new LimitCheck("api", "ip:a", new Limit(3, Duration.ofSeconds(60)));

        assertThat(allowedOf(5, check)).isEqualTo(3);
        assertThat(limiter.local()).isFalse();
        assertThat(shared.calls).hasValue(5);
    }

    @Test
    void while_it_is_down_each_instance_allows_its_share_of_every_limit() {
        shared.down = true;
        live.set(3);

        assertThat(allowedOf(20, new LimitCheck("api", "ip:a", TEN_A_MINUTE))).isEqualTo(3);
        assertThat(limiter.local()).isTrue();
        live.set(20);
        assertThat(allowedOf(5, new LimitCheck("api", "ip:b", TEN_A_MINUTE)))
                .as("never less than one")
                .isEqualTo(1);
        live.set(0);
        assertThat(allowedOf(20, new LimitCheck("api", "ip:c", TEN_A_MINUTE)))
                .as("no instance seen counts as this one alone")
                .isEqualTo(10);
    }

    @Test
    void a_check_only_tier_stays_check_only_when_counted_locally() {
        shared.down = true;
        var gate = LimitCheck.checkOnly("join-fail", "everyone", new Limit(1, Duration.ofSeconds(60)));
        var join = new LimitCheck("join", "ip:a", TEN_A_MINUTE);

        assertThat(allowedOf(3, gate)).isEqualTo(3);
        assertThat(limiter.check(List.of(join, gate)).allowed()).isTrue();
    }

    @Test
    void while_local_it_asks_the_shared_limiter_once_per_retry_period_and_switches_back_when_it_answers() {
        var check = new LimitCheck("api", "ip:a", TEN_A_MINUTE);
        shared.down = true;
        limiter.check(List.of(check));
        int callsWhenDown = shared.calls.get();

        for (int i = 0; i < 10; i++) limiter.check(List.of(check));
        assertThat(shared.calls).as("not asked again within the period").hasValue(callsWhenDown);

        nanos += RETRY.toNanos();
        limiter.check(List.of(check));
        assertThat(shared.calls).hasValue(callsWhenDown + 1);
        assertThat(limiter.local()).isTrue();

        shared.down = false;
        limiter.check(List.of(check));
        assertThat(limiter.local()).as("the next attempt is a period away").isTrue();
        nanos += RETRY.toNanos();
        var back = limiter.check(List.of(check));

        assertThat(limiter.local()).isFalse();
        assertThat(back.decision().remaining())
                .as("the shared count, which saw none of the local ones")
                .isEqualTo(9);
    }

    @Test
    void told_that_redis_answers_it_is_shared_again_without_a_check_and_asks_the_shared_limiter_next() {
        var switches = new java.util.ArrayList<Boolean>();
        limiter.onSwitch(switches::add);
        var check = new LimitCheck("api", "ip:a", TEN_A_MINUTE);
        shared.down = true;
        limiter.check(List.of(check));
        shared.down = false;
        int callsBefore = shared.calls.get();

        limiter.sharedAnswers();

        assertThat(limiter.local()).as("shared again, with no request made").isFalse();
        assertThat(switches).as("the fallback entered, then left").containsExactly(true, false);
        limiter.check(List.of(check));
        assertThat(shared.calls).as("the next check asks Redis at once").hasValue(callsBefore + 1);
    }

    @Test
    void told_that_redis_answers_while_it_shares_changes_nothing() {
        var switches = new java.util.ArrayList<Boolean>();
        limiter.onSwitch(switches::add);

        limiter.sharedAnswers();

        assertThat(limiter.local()).isFalse();
        assertThat(switches).as("no switch to report").isEmpty();
    }
}
