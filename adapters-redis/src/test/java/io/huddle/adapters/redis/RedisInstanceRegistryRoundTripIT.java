package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.testkit.PrivateRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * What a heartbeat's count of live instances costs Redis, on a Redis of this test's own that holds many
 * other keys, as a production Redis does (sessions, members, limits): every gateway asks on every beat, so
 * it must not grow with the keyspace. Counted with INFO commandstats, where no one else sends commands.
 */
class RedisInstanceRegistryRoundTripIT {
    private static final int OTHER_KEYS = 20_000;

    private static PrivateRedis server;
    private static RedisNodes nodes;

    @BeforeAll
    static void start() {
        server = PrivateRedis.start();
        try (var admin = admin()) {
            admin.eval("for i = 1, " + OTHER_KEYS + " do redis.call('SET', 'other:' .. i, 'x') end");
        }
        nodes = RedisConnectionSettings.from(
                        new RedisSettings(server.url(), List.of(), "rt", "tests", Duration.ofSeconds(2), 2))
                .nodes();
    }

    @AfterAll
    static void stop() {
        nodes.close();
        server.close();
    }

    @Test
    void the_live_instances_are_one_call_however_many_other_keys_redis_holds() {
        var registry = new RedisInstanceRegistry(nodes, new RedisKeys("rt"));
        registry.heartbeat("gw-1", Duration.ofSeconds(30));
        registry.live(); // loads the script
        try (var admin = admin()) {
            admin.configResetStat();
        }

        var live = registry.live();

        assertThat(live).containsExactly("gw-1");
        assertThat(commandStats()).containsEntry("evalsha", 1L).doesNotContainKeys("scan", "keys", "eval");
    }

    private static Jedis admin() {
        return new Jedis(server.url());
    }

    /** Calls per command since the last CONFIG RESETSTAT. */
    private static Map<String, Long> commandStats() {
        try (var admin = admin()) {
            return CommandStats.of(admin);
        }
    }
}
