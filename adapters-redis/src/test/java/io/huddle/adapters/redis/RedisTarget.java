package io.huddle.adapters.redis;

import io.huddle.testkit.TestRedis;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis an adapter test runs against: the tests' one server, or the local Redis Cluster of the test
 * kit (three masters, three replicas). Each contract test names {@link #SINGLE}; its {@code …ClusterIT}
 * subclass runs the very same tests again on {@link #CLUSTER}. One client each per JVM, on the
 * production wiring ({@link RedisConnectionSettings#nodes()}).
 */
enum RedisTarget {
    SINGLE,
    CLUSTER;

    private static final Map<RedisTarget, RedisNodes> OPEN = new EnumMap<>(RedisTarget.class);

    /** The settings a whole adapter stack would get for this target, under {@code prefix}. */
    RedisSettings settings(String prefix, String instanceId) {
        var url = TestRedis.freshPrefix().url();
        return switch (this) {
            case SINGLE -> new RedisSettings(url, List.of(), prefix, instanceId, Duration.ofSeconds(2), 8);
            case CLUSTER ->
                new RedisSettings(
                        url, TestRedis.cluster().nodeAddresses(), prefix, instanceId, Duration.ofSeconds(2), 8);
        };
    }

    RedisConnectionSettings connection(String prefix, String instanceId) {
        return RedisConnectionSettings.from(settings(prefix, instanceId));
    }

    synchronized RedisNodes nodes() {
        synchronized (OPEN) {
            return OPEN.computeIfAbsent(this, target -> {
                var nodes = target.connection("unused", "tests").nodes();
                Runtime.getRuntime().addShutdownHook(new Thread(nodes::close));
                return nodes;
            });
        }
    }

    UnifiedJedis client() {
        return nodes().client();
    }
}
