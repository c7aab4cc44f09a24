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
        assertThat(meters.get("huddle.ratelimit.rejections")
                        .tag("tier", "api")
                        .counter()
                        .count())
                .as("every tier is bound up front, at 0 until it refuses")
                .isZero();
    }

    @Test
    void every_tier_of_the_protocol_is_on_metrics_at_zero_before_its_first_refusal_the_server_tier_too() {
        var tiers = meters.find("huddle.ratelimit.rejections").counters().stream()
                .map(counter -> counter.getId().getTag("tier"))
                .toList();

        assertThat(tiers)
                .containsExactlyInAnyOrder(
                        "message", "message-ip", "burst", "connect", "join", "join-fail", "api", "strict", "server");
    }

    @Test
    void a_group_is_one_call_to_the_limiter_and_one_timed_check_with_each_refusal_counted() {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        var shared = new InMemoryRateLimiter(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));
        var grouped = new MeteredRateLimiter(
                new io.huddle.domain.limit.RateLimiter() {
                    @Override
                    public io.huddle.domain.limit.Verdict check(List<LimitCheck> checks) {
                        calls.incrementAndGet();
                        return shared.check(checks);
                    }

                    @Override
                    public List<io.huddle.domain.limit.Verdict> checkEach(List<List<LimitCheck>> requests) {
                        calls.incrementAndGet();
                        return requests.stream().map(shared::check).toList();
                    }
                },
                meters);
        var message = new LimitCheck("message", "member:m", new Limit(2, Duration.ofSeconds(60)));

        var verdicts = grouped.checkEach(List.of(List.of(message), List.of(message), List.of(message)));

        assertThat(verdicts).extracting(io.huddle.domain.limit.Verdict::allowed).containsExactly(true, true, false);
        assertThat(calls).hasValue(1);
        assertThat(meters.get("huddle.ratelimit.check").timer().count()).isEqualTo(1);
        assertThat(meters.get("huddle.ratelimit.rejections")
                        .tag("tier", "message")
                        .counter()
                        .count())
                .isEqualTo(1);
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
