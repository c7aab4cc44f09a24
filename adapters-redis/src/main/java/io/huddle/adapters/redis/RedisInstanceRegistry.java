package io.huddle.adapters.redis;

import io.huddle.domain.presence.InstanceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Gateway heartbeats, judged by Redis's clock alone, so a worker whose clock runs ahead of a gateway's never
 * takes a beating gateway for dead (which would clear the presence of every member on it). Each beat writes
 * two things:
 *
 * <ul>
 *   <li>one key per instance, {@code <prefix>:instance:<id>}, with the beat's time to live: whether one
 *       instance is alive is whether its key exists (this is what workers of earlier versions read too);
 *   <li>the instance's entry in one sorted set, {@code <prefix>:instances}, scored by the end of its life:
 *       the live instances are one range read of it. Every gateway asks for them on every beat; finding the
 *       per-instance keys instead took a SCAN of the whole keyspace, on every master, which grows with
 *       everything else the Redis holds (67 SCAN calls a beat on a benchmark Redis of 33,000 keys).
 * </ul>
 */
final class RedisInstanceRegistry implements InstanceRegistry {
    private static final LuaScript BEAT = LuaScript.load("instances-beat.lua");
    private static final LuaScript LIVE = LuaScript.load("instances-live.lua");

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    RedisInstanceRegistry(RedisNodes nodes, RedisKeys keys) {
        this.redis = nodes.client();
        this.keys = keys;
    }

    @Override
    public void heartbeat(String instanceId, Duration ttl) {
        if (ttl.toMillis() < 1) throw new IllegalArgumentException("ttl " + ttl);
        // Two keys in two hash slots on a cluster, so two calls; a beat every few seconds can afford them.
        redis.set(keys.instance(instanceId), "alive", SetParams.setParams().px(ttl.toMillis()));
        BEAT.run(redis, List.of(keys.instances()), List.of(instanceId, Long.toString(ttl.toMillis())));
    }

    @Override
    public boolean isAlive(String instanceId) {
        return redis.exists(keys.instance(instanceId));
    }

    @Override
    public Set<String> live() {
        var ids = (List<?>) LIVE.run(redis, List.of(keys.instances()), List.of());
        return ids.stream().map(LuaScript::text).collect(Collectors.toUnmodifiableSet());
    }
}
