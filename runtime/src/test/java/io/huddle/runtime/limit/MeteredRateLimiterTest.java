package io.huddle.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.memory.InMemoryRateLimiter;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MeteredRateLimiterTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MeteredRateLimiter limiter = new MeteredRateLimiter(
            new InMemoryRateLimiter(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"))), meters);

    @Test
    void every_check_is_timed_and_refusals_are_counted_by_the_refusing_tier() {
        var one = new Limit(1, Duration.ofSeconds(60));
        var strict = new LimitCheck("strict", "user:u", one);
        var burst = new LimitCheck("burst", "member:m", one);
        limiter.check(List.of(strict));
        limiter.check(List.of(burst));
        limiter.check(List.of(strict));
        limiter.check(List.of(strict));
        limiter.check(List.of(burst, new LimitCheck("api", "ip:a", new Limit(9, Duration.ofSeconds(60)))));

        assertThat(meters.get("huddle.ratelimit.check").timer().count()).isEqualTo(5);
        assertThat(meters.get("huddle.ratelimit.rejections")
                        .tag("tier", "strict")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(meters.get("huddle.ratelimit.rejections")
                        .tag("tier", "burst")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.find("huddle.ratelimit.rejections").tag("tier", "api").counter())
                .isNull();
    }

    @Test
    void a_group_commit_reaches_the_limiter_beneath_in_one_call_with_its_refusals_counted() {
        var one = new Limit(1, Duration.ofSeconds(60));
        var inner = new InMemoryRateLimiter(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));
        var groups = new java.util.ArrayList<Integer>();
        var metered = new MeteredRateLimiter(
                new io.huddle.domain.limit.RateLimiter() {
                    @Override
                    public io.huddle.domain.limit.Verdict check(List<LimitCheck> checks) {
                        groups.add(1);
                        return inner.check(checks);
                    }

                    @Override
                    public List<io.huddle.domain.limit.Verdict> checkEach(List<List<LimitCheck>> requests) {
                        groups.add(requests.size());
                        return inner.checkEach(requests);
                    }
                },
                meters);
        var send = List.of(new LimitCheck("message", "member:m", one));

        var verdicts = metered.checkEach(List.of(send, send, send));

        assertThat(groups).containsExactly(3);
        assertThat(verdicts).extracting(io.huddle.domain.limit.Verdict::allowed).containsExactly(true, false, false);
        assertThat(meters.get("huddle.ratelimit.rejections")
                        .tag("tier", "message")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void the_fallback_gauge_is_one_while_the_instance_counts_alone() {
        var shared = new InMemoryRateLimiter(InstantSource.system());
        var down = new AtomicBoolean();
        var connected = RateLimiters.connected(
                checks -> {
                    if (down.get()) throw new IllegalStateException("down");
                    return shared.check(checks);
                },
                () -> 1,
                InstantSource.system(),
                meters);
        var check = List.of(new LimitCheck("api", "ip:a", new Limit(5, Duration.ofSeconds(60))));

        connected.check(check);
        assertThat(meters.get("huddle.ratelimit.fallback").gauge().value()).isZero();
        down.set(true);
        assertThat(connected.check(check).allowed()).isTrue();
        assertThat(meters.get("huddle.ratelimit.fallback").gauge().value()).isEqualTo(1);
    }
}
