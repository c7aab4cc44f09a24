package io.huddle.runtime;

import io.huddle.adapters.postgres.PostgresAdapters;
import io.huddle.adapters.redis.RedisAdapters;
import io.huddle.application.Ports;
import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.application.memory.InMemoryPorts;
import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import io.huddle.domain.session.UserTokens;
import io.huddle.domain.webhook.WebhookOutbox;
import io.huddle.runtime.limit.RateLimiters;
import io.huddle.runtime.resilience.Fallbacks;
import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.store.CachedMemberStore;
import io.huddle.runtime.store.CachedStateStore;
import io.huddle.runtime.store.FallbackEventBus;
import io.huddle.runtime.store.FallbackPresenceStore;
import io.huddle.runtime.store.HotCopyRepairs;
import io.huddle.runtime.store.QuietRelay;
import io.huddle.runtime.store.RedisOnlyCopy;
import io.huddle.runtime.store.RedisWatch;
import io.huddle.runtime.store.TolerantRecentMessages;
import io.huddle.runtime.store.TolerantSessionCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the stores the settings name, or stands in-process ones in their place (embedded mode).
 * Never waits for a dependency: one that is down is reported by its probe and joined when it answers.
 */
public final class Infrastructure implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final Optional<RedisAdapters> redis;
    private final Optional<PostgresAdapters> postgres;
    private final Ports ports;
    private final LiveInstances liveInstances;
    private final Fallbacks fallbacks;
    private final HotCopyRepairs repairs;
    private final Optional<FallbackPresenceStore> presence;
    private final Optional<RedisOnlyCopy> copy;
    /** What returns to Redis when it answers again, besides presence and the repairs: run by the Redis watch. */
    private final List<Runnable> redisBack;

    private Infrastructure(
            Optional<RedisAdapters> redis,
            Optional<PostgresAdapters> postgres,
            Ports ports,
            LiveInstances liveInstances,
            Fallbacks fallbacks,
            HotCopyRepairs repairs,
            Optional<FallbackPresenceStore> presence,
            Optional<RedisOnlyCopy> copy,
            List<Runnable> redisBack) {
        this.copy = copy;
        this.redisBack = redisBack;
        this.redis = redis;
        this.postgres = postgres;
        this.ports = ports;
        this.liveInstances = liveInstances;
        this.fallbacks = fallbacks;
        this.repairs = repairs;
        this.presence = presence;
    }

    /**
     * Connects the stores the settings name. A Redis that answers with a version older than 7.0 stops
     * start-up ({@link StartupFailure}); one that does not answer yet is checked by its probe later.
     */
    public static Infrastructure start(CommonSettings settings, MeterRegistry meters, InstantSource clock) {
        var redis = settings.redis().map(r -> {
            log.atInfo().addKeyValue("redis", r.safeDescription()).log("connecting to Redis");
            var adapters = RedisAdapters.connect(r, meters, clock);
            var incompatible = adapters.incompatibility();
            if (incompatible.isPresent()) {
                adapters.close();
                throw new StartupFailure("REDIS_URL: " + incompatible.get());
            }
            return adapters;
        });
        var postgres = settings.postgres().map(p -> {
            log.atInfo().addKeyValue("schema", p.schema()).log("connecting to PostgreSQL");
            return PostgresAdapters.connect(p, meters, clock);
        });
        int recentCapacity = settings.historyCacheSize();
        boolean connected = redis.isPresent() && postgres.isPresent();
        var liveInstances = new LiveInstances();
        var fallbacks = new Fallbacks(meters);
        var repairs = new HotCopyRepairs();
        var redisBack = new CopyOnWriteArrayList<Runnable>();
        var presence = connected
                ? Optional.of(new FallbackPresenceStore(redis.get().presence(), settings.instanceId(), repairs))
                : Optional.<FallbackPresenceStore>empty();
        var ports = connected
                ? connected(
                        redis.get(),
                        postgres.get(),
                        presence.get(),
                        repairs,
                        recentCapacity,
                        liveInstances,
                        clock,
                        meters,
                        fallbacks,
                        redisBack)
                : InMemoryPorts.create(clock, recentCapacity)
                        .with()
                        .limiter(RateLimiters.embedded(clock, meters))
                        .build();
        var copy = connected
                ? Optional.of(RedisOnlyCopy.start(redis.get(), postgres.get()))
                : Optional.<RedisOnlyCopy>empty();
        return new Infrastructure(redis, postgres, ports, liveInstances, fallbacks, repairs, presence, copy, redisBack);
    }

    /**
     * Sessions, members (with roles and token hashes), shared state and messages in PostgreSQL, the system
     * of record; their hot copies (sessions, members and tokens, states, the newest {@code recentCapacity}
     * messages of each session) in Redis, read through, so nothing lives only in Redis. Presence is shared
     * in Redis with this gateway's own sockets beside it; session events travel on Redis pub/sub, and on
     * this process's own bus while Redis is away. Rate limits are shared in Redis and counted locally
     * while Redis is down.
     */
    private static Ports connected(
            RedisAdapters redis,
            PostgresAdapters postgres,
            FallbackPresenceStore presence,
            HotCopyRepairs repairs,
            int recentCapacity,
            LiveInstances liveInstances,
            InstantSource clock,
            MeterRegistry meters,
            Fallbacks fallbacks,
            List<Runnable> redisBack) {
        return new Ports(
                postgres.sessions(),
                new TolerantSessionCache(redis.sessionCache(), repairs),
                new CachedMemberStore(postgres.members(), redis.members(), repairs),
                presence,
                new FallbackEventBus(redis.events(), new InMemoryEventBus()),
                new CachedStateStore(postgres.state(), redis.state(), repairs, clock),
                postgres.messages(),
                new TolerantRecentMessages(redis.recentMessages(recentCapacity), repairs),
                new QuietRelay(redis.relay(recentCapacity)),
                RateLimiters.connected(redis.rateLimiter(), liveInstances, clock, meters, fallbacks, redisBack::add),
                redis.instances(),
                UserTokens.NONE);
    }

    /**
     * In connected mode, watches Redis for this process (see {@link RedisWatch}): while it is away the feeds
     * catch up from PostgreSQL through {@code catchUp}; when it answers again, or answers emptied, presence is
     * registered again, hot copies are repaired and the feeds catch up. Nothing in embedded mode.
     */
    public AutoCloseable watchRedis(String instanceId, Duration heartbeatTtl, Runnable catchUp) {
        if (redis.isEmpty() || presence.isEmpty()) return () -> {};
        var r = redis.get();
        return RedisWatch.start(
                r::available,
                ports.instances(),
                instanceId,
                heartbeatTtl,
                presence.get(),
                repairs,
                catchUp,
                () -> redisBack.forEach(Runnable::run),
                liveInstances::takeLostOwnEntry);
    }

    /** Whether each configured store lets calls through now (its breaker is not open); true when not configured. */
    public boolean redisAvailable() {
        return redis.map(RedisAdapters::available).orElse(true);
    }

    public boolean postgresAvailable() {
        return postgres.map(PostgresAdapters::available).orElse(true);
    }

    /** The ports the process's use cases run on; user tokens are the gateway's to add. */
    public Ports ports() {
        return ports;
    }

    /** Which dependencies this process serves around now, and for how long it has: a fallback reports here. */
    /** The webhook outbox in PostgreSQL; nothing in embedded mode. */
    public WebhookOutbox webhooks() {
        return postgres.map(PostgresAdapters::webhooks).orElse(WebhookOutbox.NONE);
    }

    public Fallbacks fallbacks() {
        return fallbacks;
    }

    /** How many gateway instances this one saw alive at its last heartbeat. */
    public LiveInstances liveInstances() {
        return liveInstances;
    }

    /** {@code redis}, {@code pubsub} and {@code postgres}; {@code disabled} for a store not configured. */
    public List<HealthProbe> probes() {
        List<HealthProbe> probes = new ArrayList<>();
        redis.ifPresentOrElse(r -> probes.addAll(r.probes()), () -> {
            probes.add(disabled("redis"));
            probes.add(disabled("pubsub"));
        });
        probes.add(postgres.map(PostgresAdapters::probe).orElseGet(() -> disabled("postgres")));
        return probes;
    }

    private static HealthProbe disabled(String name) {
        return new HealthProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ProbeResult check() {
                return ProbeResult.disabled();
            }
        };
    }

    @Override
    public void close() {
        copy.ifPresent(RedisOnlyCopy::close);
        repairs.close();
        redis.ifPresent(RedisAdapters::close);
        postgres.ifPresent(PostgresAdapters::close);
    }
}
