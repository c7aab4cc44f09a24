package io.huddle.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.adapters.redis.RedisAdapters;
import io.huddle.adapters.redis.RedisSettings;
import io.huddle.application.memory.InMemoryRateLimiter;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.testkit.PrivateRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis of the test's own that is killed and started again: limits keep working on each instance's
 * share, and are shared again once Redis answers. Time for the retry period is the test's, so the
 * proof needs no waiting: the first check a retry period after Redis is back is shared again.
 */
class FallbackRateLimiterIT {
    private static final Duration RETRY = FallbackRateLimiter.RETRY_EVERY;

    private PrivateRedis server;
    private RedisAdapters redis;
    private long nanos;
    private FallbackRateLimiter limiter;

    @BeforeEach
    void start() {
        server = PrivateRedis.start();
        var settings = new RedisSettings(
                server.url(), List.of(), "fallback-" + UUID.randomUUID(), "it", Duration.ofMillis(500), 64);
        redis = RedisAdapters.connect(settings, new SimpleMeterRegistry());
        limiter = new FallbackRateLimiter(
                redis.rateLimiter(), new InMemoryRateLimiter(InstantSource.system()), () -> 2, () -> nanos, RETRY);
    }

    @AfterEach
    void stop() {
        if (redis != null) redis.close();
        if (server != null) server.close();
    }

    /** Many pooled connections, as a busy instance has: every one of them is broken when Redis dies. */
    private void warmPool() {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                pool.submit(() ->
                        limiter.check(List.of(new LimitCheck("warm", "k" + n, new Limit(5, Duration.ofSeconds(10))))));
            }
        }
    }

    private int allowedOf(int requests, LimitCheck check) {
        int allowed = 0;
        for (int i = 0; i < requests; i++) if (limiter.check(List.of(check)).allowed()) allowed++;
        return allowed;
    }

    @Test
    void with_redis_killed_each_instance_allows_its_share_and_with_redis_back_the_shared_count_returns() {
        var api = new LimitCheck("api", "ip:198.51.100.1", new Limit(6, Duration.ofSeconds(60)));
        assertThat(allowedOf(2, api)).isEqualTo(2);
        warmPool();
        assertThat(limiter.local()).isFalse();

        server.kill();
        assertThat(allowedOf(10, new LimitCheck("api", "ip:198.51.100.2", api.limit())))
                .as("6 divided by 2 live instances")
                .isEqualTo(3);
        assertThat(limiter.local()).isTrue();

        server.restart(); // an empty Redis: the counts before the crash are gone, as after a real one
        // Within 5 s of Redis answering, in real time: its breaker is closed by its prober (every 250 ms). The
        // limiter's own clock is the test's, moved a retry period at each look, so each look may try Redis.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (limiter.local() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(300));
            nanos += RETRY.toNanos();
            limiter.check(List.of(new LimitCheck("api", "ip:198.51.100.3", api.limit())));
        }

        assertThat(limiter.local())
                .as("back to Redis within 5 s of its answering")
                .isFalse();
        assertThat(allowedOf(10, new LimitCheck("api", "ip:198.51.100.4", api.limit())))
                .as("the whole limit, shared again")
                .isEqualTo(6);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
