package io.huddle.testkit;

import java.util.UUID;

/**
 * A Redis for integration tests. Register what {@link #freshPrefix()} returns as an extension, so the
 * keys under its prefix are deleted after the class:
 *
 * <pre>{@code @RegisterExtension static final RedisPrefix redis = TestRedis.freshPrefix();}</pre>
 */
public final class TestRedis {
    private TestRedis() {}

    /**
     * A Redis Cluster (three masters, three replicas) shared by every test of this JVM that asks, started
     * on first use and killed when the JVM ends. Tests that kill its nodes start a {@link PrivateRedisCluster}
     * of their own instead.
     */
    public static synchronized PrivateRedisCluster cluster() {
        if (cluster == null) {
            cluster = PrivateRedisCluster.start();
            var started = cluster;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-redis-cluster-reaper"));
        }
        return cluster;
    }

    private static PrivateRedisCluster cluster;

    /** A random key prefix of one test class's own. */
    public static String randomPrefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The tests' Redis and a random key prefix whose keys are deleted after the test class. */
    public static RedisPrefix freshPrefix() {
        return new RedisPrefix(Services.redis(), randomPrefix());
    }
}
