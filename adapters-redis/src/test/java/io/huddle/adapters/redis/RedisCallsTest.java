package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.huddle.domain.StoreUnavailable;
import io.huddle.testkit.Poll;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;

/** The breaker's reading of Redis's refusals, and what its prober does about a connection to a replica. */
class RedisCallsTest {
    private static final Duration PROBE_EVERY = Duration.ofMillis(10);

    @Test
    void a_redis_that_refuses_writes_is_unavailable_whatever_the_reason() {
        for (var refusal : new String[] {
            "READONLY You can't write against a read only replica.",
            "OOM command not allowed when used memory > 'maxmemory'.",
            "LOADING Redis is loading the dataset in memory",
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
            "CLUSTERDOWN The cluster is down",
            "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.",
            "NOREPLICAS Not enough good replicas to write."
        }) {
            assertThat(RedisCalls.isUnavailable(new JedisDataException(refusal)))
                    .as(refusal)
                    .isTrue();
        }
        assertThat(RedisCalls.isUnavailable(
                        new JedisDataException("WRONGTYPE Operation against a key holding the wrong kind of value")))
                .as("a caller's mistake")
                .isFalse();
    }

    /**
     * After a failover the connections that met READONLY while the breaker opened go back to the pool after
     * it dropped the idle ones, and the pool lends its most recent first: each probe that reaches a replica
     * has the pool's idle connections dropped again, so the next one connects anew (and may reach the new
     * master).
     */
    @Test
    void a_probe_that_reaches_a_replica_has_the_idle_connections_dropped_again() {
        try (var redis = Refusing.with("READONLY You can't write against a read only replica.")) {
            Poll.until(
                    Duration.ofSeconds(5),
                    "two probes after the opening",
                    () -> redis.dropped().get() >= 3);
        }
    }

    /** A Redis out of memory is the right server: its probes reuse the pool's connections. */
    @Test
    void a_probe_refused_for_memory_keeps_the_connections() {
        try (var redis = Refusing.with("OOM command not allowed when used memory > 'maxmemory'.")) {
            Poll.until(
                    Duration.ofSeconds(5), "three probes", () -> redis.probes().get() >= 3);
            assertThat(redis.dropped()).as("dropped once, on opening").hasValue(1);
        }
    }

    /** Calls to a Redis that answers every call and probe with {@code refusal}: opened by two calls. */
    private record Refusing(RedisCalls calls, AtomicInteger probes, AtomicInteger dropped) implements AutoCloseable {
        static Refusing with(String refusal) {
            var probes = new AtomicInteger();
            var dropped = new AtomicInteger();
            var calls = new RedisCalls(
                    CircuitBreakerRegistry.ofDefaults(),
                    () -> {
                        probes.incrementAndGet();
                        throw new JedisDataException(refusal);
                    },
                    dropped::incrementAndGet,
                    PROBE_EVERY);
            for (int i = 0; i < 2; i++) {
                assertThat(catchThrowable(() -> calls.call(() -> {
                            throw new JedisDataException(refusal);
                        })))
                        .isInstanceOf(StoreUnavailable.class);
            }
            assertThat(calls.available()).isFalse();
            return new Refusing(calls, probes, dropped);
        }

        @Override
        public void close() {
            calls.close();
        }
    }
}
