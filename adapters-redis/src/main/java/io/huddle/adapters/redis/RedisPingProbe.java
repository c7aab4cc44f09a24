package io.huddle.adapters.redis;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code redis}: one PING through the pool, with its latency. The first time Redis answers, its version is
 * checked too (once it passed, never again): a Redis older than 7.0 is reported down, with why.
 */
final class RedisPingProbe implements HealthProbe {
    private static final Logger log = LoggerFactory.getLogger(RedisPingProbe.class);
    private final UnifiedJedis client;
    private volatile boolean versionPassed;
    private volatile boolean tooOldLogged;

    RedisPingProbe(UnifiedJedis client) {
        this.client = client;
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
            return ProbeResult.up(ProbeTiming.since(started));
        });
    }
}
