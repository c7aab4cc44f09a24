package io.huddle.runtime;

import io.huddle.adapters.postgres.PostgresAdapters;
import io.huddle.adapters.redis.RedisAdapters;
import io.huddle.application.Ports;
import io.huddle.application.memory.InMemoryPorts;
import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import io.huddle.domain.session.UserTokens;
import io.huddle.runtime.limit.RateLimiters;
import io.huddle.runtime.resilience.Fallbacks;
import io.huddle.runtime.settings.CommonSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    private Infrastructure(
            Optional<RedisAdapters> redis,
            Optional<PostgresAdapters> postgres,
            Ports ports,
            LiveInstances liveInstances,
            Fallbacks fallbacks) {
        this.redis = redis;
        this.postgres = postgres;
        this.ports = ports;
        this.liveInstances = liveInstances;
        this.fallbacks = fallbacks;
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
            return PostgresAdapters.connect(p, meters);
        });
        int recentCapacity = settings.historyCacheSize();
        boolean connected = redis.isPresent() && postgres.isPresent();
        var liveInstances = new LiveInstances();
        var fallbacks = new Fallbacks(meters);
        var ports = connected
                ? connected(redis.get(), postgres.get(), recentCapacity, liveInstances, clock, meters, fallbacks)
                : InMemoryPorts.create(clock, recentCapacity)
                        .with()
                        .limiter(RateLimiters.embedded(clock, meters))
                        .build();
        return new Infrastructure(redis, postgres, ports, liveInstances, fallbacks);
    }

    /**
     * Sessions and messages in PostgreSQL; their hot copies (sessions, the newest
     * {@code recentCapacity} messages of each), members, tokens, presence and shared state in Redis;
     * session events travel on Redis pub/sub, so every gateway instance sees them. Rate limits are
     * shared in Redis and counted locally while Redis is down.
     */
    private static Ports connected(
            RedisAdapters redis,
            PostgresAdapters postgres,
            int recentCapacity,
            LiveInstances liveInstances,
            InstantSource clock,
            MeterRegistry meters,
            Fallbacks fallbacks) {
        return new Ports(
                postgres.sessions(),
                redis.sessionCache(),
                redis.members(),
                redis.presence(),
                redis.events(),
                redis.state(),
                postgres.messages(),
                redis.recentMessages(recentCapacity),
                redis.relay(recentCapacity),
                RateLimiters.connected(redis.rateLimiter(), liveInstances, clock, meters, fallbacks),
                redis.instances(),
                UserTokens.NONE);
    }

    /** The ports the process's use cases run on; user tokens are the gateway's to add. */
    public Ports ports() {
        return ports;
    }

    /** Which dependencies this process serves around now, and for how long it has: a fallback reports here. */
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
        redis.ifPresent(RedisAdapters::close);
        postgres.ifPresent(PostgresAdapters::close);
    }
}
