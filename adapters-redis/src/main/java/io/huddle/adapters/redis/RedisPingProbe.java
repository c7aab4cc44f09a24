package io.huddle.adapters.redis;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * {@code redis}: one PING through the pool, with its latency. The first time Redis answers, its version is
 * checked too (once it passed, never again): a Redis older than 7.0 is reported down, with why. Then one
 * short-lived write on every master ({@link #writeEveryMaster}): a Redis that answers but refuses writes (a replica after a failover that left this
 * gateway's connections on the old master, READONLY; out of memory under {@code noeviction}, OOM; still
 * loading its data, LOADING) is reported down, with the first word of its answer.
 */
final class RedisPingProbe implements HealthProbe {
    private static final Logger log = LoggerFactory.getLogger(RedisPingProbe.class);
    /** How long a write probe's key lives: it is only there to be written. */
    private static final long WRITE_PROBE_TTL_MS = 10_000;

    private final RedisNodes nodes;
    private final UnifiedJedis client;
    private final String writeProbeKey;
    private volatile boolean versionPassed;
    private volatile boolean tooOldLogged;

    RedisPingProbe(RedisNodes nodes, String writeProbeKey) {
        this.nodes = nodes;
        this.client = nodes.client();
        this.writeProbeKey = writeProbeKey;
    }

    /**
     * Writes {@code key} (it expires in 10 s); throws when Redis is out of reach, or refuses the write with
     * the error it answered (READONLY, OOM, LOADING, …).
     */
    static void write(UnifiedJedis client, String key) {
        client.set(key, "1", SetParams.setParams().px(WRITE_PROBE_TTL_MS));
    }

    /**
     * {@link #write} on every master: on one server {@code key} itself; on a cluster one key per master,
     * {@code key} with a hash tag whose slot that master owns. Judged by one key, a cluster with one master out
     * of memory or still loading looked writable whenever the probe's key lived elsewhere: the breaker closed,
     * that master's next calls failed and opened it again, every few hundred milliseconds.
     */
    static void writeEveryMaster(RedisNodes nodes, String key) {
        if (!nodes.clustered()) {
            write(nodes.client(), key);
            return;
        }
        var unwritten = new HashSet<>(nodes.masterAddresses());
        // A few tags per master find them all; the bound only guards a prefix whose own braces fix the slot.
        for (int tag = 0; !unwritten.isEmpty() && tag < RedisNodes.SLOTS; tag++) {
            var tagged = key + ":{" + tag + "}";
            if (unwritten.remove(nodes.ownerOf(RedisNodes.slot(tagged.getBytes(StandardCharsets.UTF_8))))) {
                write(nodes.client(), tagged);
            }
        }
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
                writeEveryMaster(nodes, writeProbeKey);
            } catch (JedisDataException refused) {
                return ProbeResult.down(
                        answered,
                        "the server refuses writes ("
                                + RedisCalls.errorCode(refused.getMessage()).orElse("an error") + ")");
            }
            return ProbeResult.up(answered);
        });
    }
}
