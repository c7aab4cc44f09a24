package io.huddle.adapters.redis;

/** {@link RedisSessionCacheIT}, every test of it, on the local Redis Cluster. */
class RedisSessionCacheClusterIT extends RedisSessionCacheIT {
    @Override
    RedisTarget target() {
        return RedisTarget.CLUSTER;
    }
}
