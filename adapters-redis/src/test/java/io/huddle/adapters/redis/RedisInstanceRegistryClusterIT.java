package io.huddle.adapters.redis;

/** {@link RedisInstanceRegistryIT}, every test of it, on the local Redis Cluster. */
class RedisInstanceRegistryClusterIT extends RedisInstanceRegistryIT {
    @Override
    RedisTarget target() {
        return RedisTarget.CLUSTER;
    }
}
