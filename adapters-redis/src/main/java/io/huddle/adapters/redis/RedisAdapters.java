package io.huddle.adapters.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.member.MemberCache;
import io.huddle.domain.message.MessageRelay;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.presence.InstanceRegistry;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.state.StateCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one public door of the Redis adapters: connects lazily (start-up never waits for Redis), and
 * hands out the health probes and the Redis implementations of the application's ports.
 */
public final class RedisAdapters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisAdapters.class);

    private final RedisSettings settings;
    private final RedisNodes nodes;
    private final UnifiedJedis client;
    private final List<HealthProbe> probes;
    private final MeterRegistry meters;
    private final List<Meter> poolGauges;
    private final RedisMeters redisMeters;
    private final RateLimiter rateLimiter;
    private final RedisCalls calls;

    // Port implementations.
    private final SessionCache sessionCache;
    private final MemberCache members;
    private final PresenceStore presence;
    private final RedisEventBus eventBus;
    private final EventBus events;
    private final StateCache state;
    private final RedisKeys keys;
    private final InstantSource clock;
    // Maintenance (worker): gateway heartbeats.
    private final InstanceRegistry instances;

    private RedisAdapters(RedisSettings settings, MeterRegistry meters, InstantSource clock) {
        var connection = RedisConnectionSettings.from(settings);
        var keys = new RedisKeys(settings.keyPrefix());
        this.settings = settings;
        this.meters = meters;
        this.nodes = connection.nodes();
        this.client = nodes.client();
        this.poolGauges = registerPoolGauges(nodes, meters);
        var breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        this.redisMeters = new RedisMeters(meters);
        this.calls = new RedisCalls(
                breakers,
                // A write, not a PING: a replica (READONLY) or a Redis out of memory (OOM) answers PING too.
                () -> RedisPingProbe.writeEveryMaster(nodes, keys.writeProbe()),
                () -> clearPools(nodes),
                RedisCalls.PROBE_EVERY,
                redisMeters);
        // Redis out of reach is StoreUnavailable (503 storage_unavailable, or a fallback), not a Jedis
        // exception nor a wait: one decorator, here, for every port this module hands out.
        this.rateLimiter = calls.guarded(RateLimiter.class, new RedisRateLimiter(client, settings.keyPrefix()));
        this.sessionCache = calls.guarded(SessionCache.class, new RedisSessionCache(client, keys, clock));
        this.members = calls.guarded(MemberCache.class, new RedisMemberCache(client, keys, clock));
        this.presence = calls.guarded(PresenceStore.class, new RedisPresenceStore(nodes, keys, clock));
        this.eventBus =
                new RedisEventBus(nodes, connection, settings.keyPrefix(), settings.instanceId(), redisMeters).start();
        this.probes = List.of(new RedisPingProbe(nodes, keys.writeProbe()), new PubSubProbe(eventBus, redisMeters));
        // Subscribing only registers a listener here (the subscriber connection catches up by itself), so it
        // never waits for the breaker.
        this.events = calls.guarded(EventBus.class, eventBus, Set.of("subscribe", "subscribeRounds", "onResubscribed"));
        this.state = calls.guarded(StateCache.class, new RedisStateCache(client, keys, clock));
        this.keys = keys;
        this.clock = clock;
        this.instances = calls.guarded(InstanceRegistry.class, new RedisInstanceRegistry(nodes, keys));
    }

    /**
     * Builds the pooled client and starts the event subscriber. Never blocks on Redis and never fails
     * because Redis is down: the probes report that, and the stores' calls throw {@code StoreUnavailable}. Throws only for settings that cannot work (a URL that is not {@code redis://} or
     * {@code rediss://}, a cluster node that is not {@code host:port}, a key prefix with braces). The stores
     * judge expiry by {@code clock} as well as by Redis's own TTLs.
     */
    public static RedisAdapters connect(RedisSettings settings, MeterRegistry meters, InstantSource clock) {
        Objects.requireNonNull(settings);
        Objects.requireNonNull(meters);
        Objects.requireNonNull(clock);
        var adapters = new RedisAdapters(settings, meters, clock);
        log.info("Redis adapters started for {}", settings.safeDescription());
        return adapters;
    }

    /** {@link #connect(RedisSettings, MeterRegistry, InstantSource)} on the system clock. */
    public static RedisAdapters connect(RedisSettings settings, MeterRegistry meters) {
        return connect(settings, meters, InstantSource.system());
    }

    /**
     * Why this Redis cannot serve Huddle (a version older than 7.0), in one line naming the server (never
     * its password) and both versions; empty when it can, or when it does not answer now (the
     * {@code redis} probe then checks it once it does). One {@code INFO server} round trip.
     */
    public Optional<String> incompatibility() {
        try {
            return RedisServerVersion.tooOld(client.info("server")).map(why -> settings.safeDescription() + " " + why);
        } catch (JedisException e) {
            log.atInfo()
                    .addKeyValue("redis", settings.safeDescription())
                    .log("Redis does not answer yet; its version is checked when it does");
            return Optional.empty();
        }
    }

    /**
     * {@code redis} (a write of the probe key, with latency: a replica or a full Redis is down) and
     * {@code pubsub} (a nonce published and received back within 1 s).
     */
    public List<HealthProbe> probes() {
        return probes;
    }

    /** Rate limits shared by every instance: one round trip per check, time from Redis. */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Hot copies of live sessions; entries expire with their session by Redis's clock and by {@code clock}. */
    public SessionCache sessionCache() {
        return sessionCache;
    }

    /**
     * The hot copy of members and their token hashes (PostgreSQL keeps them); entries expire with their
     * session by Redis's clock and by {@code clock}.
     */
    public MemberCache members() {
        return members;
    }

    /** Open sockets per member; entries expire with their session by Redis's clock and by {@code clock}. */
    public PresenceStore presence() {
        return presence;
    }

    /**
     * Session events over pub/sub, one channel per session; this instance subscribes to a session's
     * channel while it has listeners for it, with sharded pub/sub on a connection of its own to the master that
     * owns the channel's slot (one in all on a single Redis), which reconnects, and follows a failover, by itself.
     */
    public EventBus events() {
        return events;
    }

    /** The hot copy of each session's shared state (PostgreSQL keeps it); the newest version of racing puts stays. */
    public StateCache state() {
        return state;
    }

    /**
     * A hot copy of each session's newest {@code capacity} messages ({@code HUDDLE_HISTORY_CACHE_SIZE}),
     * on this client; entries expire with their session by Redis's clock and by {@code clock}. Its calls
     * throw {@code StoreUnavailable} while Redis is unreachable. Each call makes a new, stateless view.
     */
    public RecentMessages recentMessages(int capacity) {
        return calls.guarded(RecentMessages.class, new RedisRecentMessages(client, keys, capacity, clock));
    }

    /**
     * Where stored messages go: the recent copy of {@code capacity} messages per session (the one
     * {@link #recentMessages} reads) and every gateway, in one pipelined round trip per group commit.
     */
    public MessageRelay relay(int capacity) {
        return calls.guarded(MessageRelay.class, new RedisMessageRelay(client, keys, eventBus, capacity, clock));
    }

    /** Gateway heartbeats ({@code <prefix>:instance:<id>}), judged by Redis's clock alone. */
    public InstanceRegistry instances() {
        return instances;
    }

    /**
     * For the upgrade from versions that kept members and state only in Redis: hands every live roster (with
     * its token hashes) and every written state found in Redis to the two consumers. One SCAN walk; throws
     * when Redis cannot answer.
     */
    public void walkRedisOnlyRecords(
            java.util.function.BiConsumer<
                            io.huddle.domain.session.SessionCode, io.huddle.domain.member.MemberLedger.Roster>
                    rosters,
            java.util.function.BiConsumer<io.huddle.domain.session.SessionCode, io.huddle.domain.state.SharedState>
                    states) {
        calls.call(() -> {
            new RedisOnlyRecords(nodes, keys, clock).walk(rosters, states);
            return null;
        });
    }

    /**
     * False while the circuit breaker is open: every Redis call fails at once, the callers serve from their
     * fallbacks, and a prober closes it within {@code 250 ms} of Redis answering again.
     */
    public boolean available() {
        return calls.available();
    }

    /** For the Redis store adapters of this package. */
    UnifiedJedis client() {
        return client;
    }

    RedisSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        calls.close();
        eventBus.close();
        poolGauges.forEach(meters::remove);
        redisMeters.close();
        nodes.close();
        log.info("Redis adapters closed");
    }

    /** After a restart or a failover every idle connection is broken: drop them, and learn the slot map again. */
    private static void clearPools(RedisNodes nodes) {
        nodes.pools().values().forEach(ConnectionPool::clear);
        nodes.refresh();
    }

    /** Summed over every node's pool (one pool per node on a cluster). */
    private static List<Meter> registerPoolGauges(RedisNodes nodes, MeterRegistry meters) {
        java.util.function.ToDoubleFunction<java.util.function.ToIntFunction<ConnectionPool>> sum =
                f -> nodes.pools().values().stream().mapToInt(f).sum();
        return List.of(
                Gauge.builder("redis.pool.active", () -> sum.applyAsDouble(ConnectionPool::getNumActive))
                        .tag("pool", "redis")
                        .description("Redis connections in use")
                        .register(meters),
                Gauge.builder("redis.pool.idle", () -> sum.applyAsDouble(ConnectionPool::getNumIdle))
                        .tag("pool", "redis")
                        .description("Redis connections idle in the pool")
                        .register(meters),
                Gauge.builder("redis.pool.waiting", () -> sum.applyAsDouble(ConnectionPool::getNumWaiters))
                        .tag("pool", "redis")
                        .description("Threads waiting for a Redis connection")
                        .register(meters));
    }
}
