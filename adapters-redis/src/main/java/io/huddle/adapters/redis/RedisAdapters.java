package io.huddle.adapters.redis;

import io.huddle.application.health.HealthProbe;
import io.huddle.application.port.RateLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * The one public door of the Redis adapters: connects lazily (start-up never waits for Redis), and
 * hands out the health probes and, later, the Redis implementations of the application's ports.
 */
public final class RedisAdapters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisAdapters.class);

    private final RedisSettings settings;
    private final RedisClient client;
    private final ProbeSubscriber subscriber;
    private final List<HealthProbe> probes;
    private final MeterRegistry meters;
    private final List<Meter> poolGauges;
    private final RateLimiter rateLimiter;

    private RedisAdapters(RedisSettings settings, MeterRegistry meters) {
        var connection = RedisConnectionSettings.from(settings);
        this.settings = settings;
        this.meters = meters;
        this.client = connection.pooledClient();
        this.subscriber = ProbeSubscriber.start(connection, probeChannel(settings));
        this.probes = List.of(new RedisPingProbe(client), new PubSubProbe(client, subscriber, probeChannel(settings)));
        this.poolGauges = registerPoolGauges(client, meters);
        this.rateLimiter = new RedisRateLimiter(client, settings.keyPrefix());
    }

    /**
     * Builds the pooled client and starts the probe subscriber. Never blocks on Redis and never fails
     * because Redis is down: the probes report that. Throws only for settings that cannot work (a URL
     * that is not {@code redis://} or {@code rediss://}, a cluster, which is not supported yet).
     */
    public static RedisAdapters connect(RedisSettings settings, MeterRegistry meters) {
        Objects.requireNonNull(settings);
        Objects.requireNonNull(meters);
        var adapters = new RedisAdapters(settings, meters);
        log.info("Redis adapters started for {}", settings.safeDescription());
        return adapters;
    }

    /** {@code redis} (PING with latency) and {@code pubsub} (a nonce published and received back within 1 s). */
    public List<HealthProbe> probes() {
        return probes;
    }

    /** Rate limits shared by every instance: one round trip per check, time from Redis. */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** For the Redis store adapters of this package. */
    RedisClient client() {
        return client;
    }

    RedisSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        subscriber.close();
        poolGauges.forEach(meters::remove);
        client.close();
        log.info("Redis adapters closed");
    }

    static String probeChannel(RedisSettings settings) {
        return settings.keyPrefix() + ":probe:" + settings.instanceId();
    }

    private static List<Meter> registerPoolGauges(RedisClient client, MeterRegistry meters) {
        var pool = client.getPool();
        return List.of(
                Gauge.builder("redis.pool.active", pool, p -> p.getNumActive())
                        .tag("pool", "redis")
                        .description("Redis connections in use")
                        .register(meters),
                Gauge.builder("redis.pool.idle", pool, p -> p.getNumIdle())
                        .tag("pool", "redis")
                        .description("Redis connections idle in the pool")
                        .register(meters),
                Gauge.builder("redis.pool.waiting", pool, p -> p.getNumWaiters())
                        .tag("pool", "redis")
                        .description("Threads waiting for a Redis connection")
                        .register(meters));
    }
}
