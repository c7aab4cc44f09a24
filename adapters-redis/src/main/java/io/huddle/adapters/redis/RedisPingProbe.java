package io.huddle.adapters.redis;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import redis.clients.jedis.UnifiedJedis;

/** {@code redis}: one PING through the pool, with its latency. */
final class RedisPingProbe implements HealthProbe {
    private final UnifiedJedis client;

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
            var latency = ProbeTiming.since(started);
            return "PONG".equals(reply) ? ProbeResult.up(latency) : ProbeResult.down(latency, "unexpected reply");
        });
    }
}
