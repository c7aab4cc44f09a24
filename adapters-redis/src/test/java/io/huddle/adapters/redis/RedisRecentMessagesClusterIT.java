package io.huddle.adapters.redis;

/** {@link RedisRecentMessagesIT}, every test of it, on the local Redis Cluster. */
class RedisRecentMessagesClusterIT extends RedisRecentMessagesIT {
    @Override
    RedisTarget target() {
        return RedisTarget.CLUSTER;
    }
}
