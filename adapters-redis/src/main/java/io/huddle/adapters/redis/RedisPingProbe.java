package io.huddle.adapters.redis;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code redis}: one PING through the pool, with its latency. The first time Redis answers, its version is
 * checked too (once it passed, never again): a Redis older than 7.0 is reported down, with why. A single
 * server is asked its role as well: one that answers as a replica refuses every write (after a failover that
 * left this gateway's connections on the old master) and is reported down.
 */
final class RedisPingProbe implements HealthProbe {
    private static final Logger log = LoggerFactory.getLogger(RedisPingProbe.class);
    private final UnifiedJedis client;
    /** Whether to ask the server's role: on one server, not on a cluster (its client routes to masters). */
    private final boolean single;

    private volatile boolean versionPassed;
    private volatile boolean tooOldLogged;

    RedisPingProbe(UnifiedJedis client, boolean single) {
        this.client = client;
        this.single = single;
    }

    /** Whether the server {@code client} reaches answers ROLE as anything but a master. */
    static boolean replica(UnifiedJedis client) {
        var role = client.sendCommand(Protocol.Command.ROLE);
        return !(role instanceof List<?> fields)
                || fields.isEmpty()
                || !(fields.getFirst() instanceof byte[] name)
                || !"master".equals(new String(name, StandardCharsets.US_ASCII));
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
            if (single && replica(client)) {
                return ProbeResult.down(ProbeTiming.since(started), "the server answers as a replica (READONLY)");
            }
            return ProbeResult.up(ProbeTiming.since(started));
        });
    }
}
