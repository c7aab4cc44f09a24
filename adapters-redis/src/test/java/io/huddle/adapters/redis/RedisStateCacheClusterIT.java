package io.huddle.adapters.redis;

/** {@link RedisStateCacheIT}, every test of it, on the local Redis Cluster. */
class RedisStateCacheClusterIT extends RedisStateCacheIT {
    @Override
    RedisTarget target() {
        return RedisTarget.CLUSTER;
    }
}
