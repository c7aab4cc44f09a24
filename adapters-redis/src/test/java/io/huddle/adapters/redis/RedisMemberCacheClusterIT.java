package io.huddle.adapters.redis;

/** {@link RedisMemberCacheIT}, every test of it, on the local Redis Cluster. */
class RedisMemberCacheClusterIT extends RedisMemberCacheIT {
    @Override
    RedisTarget target() {
        return RedisTarget.CLUSTER;
    }
}
