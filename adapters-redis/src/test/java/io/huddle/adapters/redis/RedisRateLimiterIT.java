package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.RateLimiterContract;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The contract, with the script's time driven by the test clock; and, with the time from Redis TIME
 * as in production, what only Redis shows: the set per key stays at COUNT and expires by itself.
 */
class RedisRateLimiterIT extends RateLimiterContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** The Redis of this run; {@code RedisRateLimiterClusterIT} runs the same tests on the cluster. */
    RedisTarget target() {
        return RedisTarget.SINGLE;
    }

    UnifiedJedis client() {
        return target().client();
    }

    @Override
    protected RateLimiter limiter(InstantSource clock) {
        return RedisRateLimiter.withTestClock(client(), redis.prefix(), clock);
    }

    private static LimitCheck fresh(String tier, Limit limit) {
        return new LimitCheck(tier, "k-" + UUID.randomUUID(), limit);
    }

    @Test
    void a_key_holds_at_most_count_times_and_expires_by_itself_within_the_window() {
        var limiter = new RedisRateLimiter(client(), redis.prefix());
        var connect = fresh("connect", new Limit(3, Duration.ofSeconds(5)));

        int allowed = 0;
        for (int i = 0; i < 20; i++) if (limiter.check(List.of(connect)).allowed()) allowed++;

        var key = limiter.key(connect);
        assertThat(allowed).isEqualTo(3);
        assertThat(client().zcard(key)).isEqualTo(3);
        assertThat(client().pttl(key)).isPositive().isLessThanOrEqualTo(5_000);
    }

    @Test
    void a_refused_request_leaves_the_other_tiers_untouched_in_redis() {
        var limiter = new RedisRateLimiter(client(), redis.prefix());
        var full = fresh("connect", new Limit(1, Duration.ofSeconds(60)));
        var roomy = fresh("api", new Limit(100, Duration.ofSeconds(60)));
        limiter.check(List.of(full));

        var verdict = limiter.check(List.of(roomy, full));

        assertThat(verdict.allowed()).isFalse();
        assertThat(client().exists(limiter.key(roomy))).isFalse();
    }

    @Test
    void instances_share_one_count_and_take_the_time_from_redis() {
        var one = new RedisRateLimiter(client(), redis.prefix());
        var other = new RedisRateLimiter(client(), redis.prefix());
        var join = fresh("join", new Limit(5, Duration.ofMinutes(15)));

        int allowed = 0;
        for (int i = 0; i < 10; i++)
            if ((i % 2 == 0 ? one : other).check(List.of(join)).allowed()) allowed++;
        var refusal = other.check(List.of(join));

        assertThat(allowed).isEqualTo(5);
        assertThat(refusal.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15));
    }
}
