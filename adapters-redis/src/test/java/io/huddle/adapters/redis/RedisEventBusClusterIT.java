package io.huddle.adapters.redis;

/** {@link RedisEventBusIT}, every test of it, on the local Redis Cluster: sharded pub/sub over three masters. */
class RedisEventBusClusterIT extends RedisEventBusIT {
    @Override
    RedisTarget target() {
        return RedisTarget.CLUSTER;
    }

    /** Three connections beaten in turn by one thread on a shared two-core machine: 5 ms left no slack. */
    @Override
    java.time.Duration busyHeartbeat() {
        return java.time.Duration.ofMillis(50);
    }
}
