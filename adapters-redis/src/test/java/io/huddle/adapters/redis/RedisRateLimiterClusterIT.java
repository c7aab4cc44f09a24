package io.huddle.adapters.redis;

/** {@link RedisRateLimiterIT}, every test of it, on the local Redis Cluster. */
class RedisRateLimiterClusterIT extends RedisRateLimiterIT {
    @Override
    RedisTarget target() {
        return RedisTarget.CLUSTER;
    }
}
