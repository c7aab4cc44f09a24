package io.huddle.adapters.redis;

import io.huddle.domain.presence.InstanceRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;

/**
 * One key per gateway instance, {@code <prefix>:instance:<id>}, set with a time-to-live on every
 * beat: the instance is alive while the key exists. Unlike the session stores this one goes by
 * Redis's clock alone, so a worker whose clock runs ahead of a gateway's never takes a beating
 * gateway for dead (which would clear the presence of every member on it).
 */
final class RedisInstanceRegistry implements InstanceRegistry {
    private static final int SCAN_COUNT = 500;

    private final RedisNodes nodes;
    private final UnifiedJedis redis;
    private final RedisKeys keys;

    RedisInstanceRegistry(RedisNodes nodes, RedisKeys keys) {
        this.nodes = nodes;
        this.redis = nodes.client();
        this.keys = keys;
    }

    @Override
    public void heartbeat(String instanceId, Duration ttl) {
        if (ttl.toMillis() < 1) throw new IllegalArgumentException("ttl " + ttl);
        redis.set(keys.instance(instanceId), "alive", SetParams.setParams().px(ttl.toMillis()));
    }

    @Override
    public boolean isAlive(String instanceId) {
        return redis.exists(keys.instance(instanceId));
    }

    @Override
    public Set<String> live() {
        var params = new ScanParams().match(keys.instancePattern()).count(SCAN_COUNT);
        var live = new HashSet<String>();
        // Heartbeat keys spread over the cluster's slots like any key: every master is walked.
        MasterScan.each(nodes, params, "string", key -> live.add(keys.instanceOf(key)));
        return Set.copyOf(live);
    }
}
