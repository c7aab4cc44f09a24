package io.huddle.adapters.redis;

/** {@link RedisPresenceStoreIT}, every test of it, on the local Redis Cluster. */
class RedisPresenceStoreClusterIT extends RedisPresenceStoreIT {
    @Override
    RedisTarget target() {
        return RedisTarget.CLUSTER;
    }
}
