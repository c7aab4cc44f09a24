package io.huddle.adapters.redis;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * {@code redis}: one PING through the pool, with its latency. The first time Redis answers, its version is
 * checked too (once it passed, never again): a Redis older than 7.0 is reported down, with why. Then one
 * short-lived write: a Redis that answers but refuses writes (a replica after a failover that left this
 * gateway's connections on the old master, READONLY; out of memory under {@code noeviction}, OOM; still
 * loading its data, LOADING) is reported down, with the first word of its answer.
 */
final class RedisPingProbe implements HealthProbe {
    private static final Logger log = LoggerFactory.getLogger(RedisPingProbe.class);
    /** How long a write probe's key lives: it is only there to be written. */
    private static final long WRITE_PROBE_TTL_MS = 10_000;

    private final UnifiedJedis client;
    private final String writeProbeKey;
    private volatile boolean versionPassed;
    private volatile boolean tooOldLogged;

    RedisPingProbe(UnifiedJedis client, String writeProbeKey) {
        this.client = client;
        this.writeProbeKey = writeProbeKey;
    }

    /**
     * Writes {@code key} (it expires in 10 s); throws when Redis is out of reach, or refuses the write with
     * the error it answered (READONLY, OOM, LOADING, …).
     */
    static void write(UnifiedJedis client, String key) {
        client.set(key, "1", SetParams.setParams().px(WRITE_PROBE_TTL_MS));
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public ProbeResult check() {
        return ProbeTiming.bounded(() -> {
            long started = System.nanoTime();
            String reply = client.ping();
            if (!"PONG".equals(reply)) return ProbeResult.down(ProbeTiming.since(started), "unexpected reply");
            if (!versionPassed) {
                var tooOld = RedisServerVersion.tooOld(client.info("server"));
                if (tooOld.isPresent()) {
                    if (!tooOldLogged) log.error("The Redis server {}", tooOld.get());
                    tooOldLogged = true;
                    return ProbeResult.down(ProbeTiming.since(started), "the server " + tooOld.get());
                }
                versionPassed = true;
            }
            var answered = ProbeTiming.since(started);
            try {
                write(client, writeProbeKey);
            } catch (JedisDataException refused) {
                return ProbeResult.down(
                        answered, "the server refuses writes (" + firstWord(refused.getMessage()) + ")");
            }
            return ProbeResult.up(answered);
        });
    }

    /** The error's code (READONLY, OOM, …): the first word of a Redis error, never more of its text. */
    private static String firstWord(String message) {
        if (message == null || message.isBlank()) return "an error";
        var word = message.strip().split("\\s", 2)[0];
        return word.chars().allMatch(c -> c >= 'A' && c <= 'Z') ? word : "an error";
    }
}
