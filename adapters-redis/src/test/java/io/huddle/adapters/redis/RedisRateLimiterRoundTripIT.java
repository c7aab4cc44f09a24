package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PrivateRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What one check costs Redis, counted on a Redis of this test's own, where no one else sends
 * commands: MONITOR shows what clients sent (commands the script runs are tagged {@code lua}).
 */
class RedisRateLimiterRoundTripIT {
    private static final Pattern CLIENT_COMMAND = Pattern.compile("^[0-9.]+ \\[\\d+ (?!lua)[^\\]]+\\] \"([^\"]+)\"");
    private static final String DONE = "round-trip-done";

    private static PrivateRedis server;
    private static RedisClient client;
    private static RedisRateLimiter limiter;

    @BeforeAll
    static void start() {
        server = PrivateRedis.start();
        // No idle-connection tests: the pool must not send PINGs of its own while commands are counted.
        var pool = new ConnectionPoolConfig();
        pool.setTestWhileIdle(false);
        pool.setTimeBetweenEvictionRuns(Duration.ofMillis(-1));
        client = RedisClient.builder()
                .fromURI(server.url().toString())
                .poolConfig(pool)
                .build();
        limiter = new RedisRateLimiter(client, "rt");
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static List<LimitCheck> threeTiers(String member) {
        return List.of(
                new LimitCheck("message", member, new Limit(10, Duration.ofSeconds(60))),
                new LimitCheck("message-ip", "10.0.0.7", new Limit(20, Duration.ofSeconds(60))),
                new LimitCheck("burst", member, new Limit(10, Duration.ofSeconds(1))));
    }

    @Test
    void one_multi_tier_check_is_one_evalsha_and_no_other_command() throws Exception {
        limiter.check(threeTiers("warm-up")); // loads the script and opens the pooled connection
        try (var admin = admin()) {
            admin.configResetStat();
        }

        var sent = commandsSentBy(() -> limiter.check(threeTiers("counted")));

        assertThat(sent).containsExactly("evalsha");
        assertThat(commandStats()).containsEntry("evalsha", 1L).doesNotContainKey("eval");
    }

    @Test
    void after_the_script_cache_is_flushed_a_check_still_counts_at_the_cost_of_one_eval() throws Exception {
        limiter.check(threeTiers("warm-up"));
        try (var admin = admin()) {
            admin.scriptFlush();
        }

        var sent = commandsSentBy(() -> limiter.check(threeTiers("after-flush")));

        assertThat(sent).containsExactly("evalsha", "eval");
        try (var admin = admin()) {
            assertThat(admin.zcard("rt:{limit}:message:after-flush")).isEqualTo(1);
        }
        assertThat(commandsSentBy(() -> limiter.check(threeTiers("after-flush"))))
                .containsExactly("evalsha");
    }

    private static Jedis admin() {
        return new Jedis(server.url());
    }

    /** The names of the commands clients sent while {@code action} ran, in order. */
    private static List<String> commandsSentBy(Runnable action) throws Exception {
        var lines = new CopyOnWriteArrayList<String>();
        var monitor = admin();
        var watcher = CompletableFuture.runAsync(() -> {
            try {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        lines.add(command);
                    }
                });
            } catch (JedisException e) {
                // The test closed the monitor connection: done watching.
            }
        });
        try (var control = admin()) {
            // MONITOR is on once it reports a command sent after it.
            Poll.until(Duration.ofSeconds(10), "MONITOR reports commands", () -> {
                control.echo("monitor-ready");
                return !lines.isEmpty();
            });
            lines.clear();
            action.run();
            control.echo(DONE);
            Poll.until(
                    Duration.ofSeconds(10),
                    "MONITOR reports the end marker",
                    () -> lines.stream().anyMatch(line -> line.contains(DONE)));
        } finally {
            monitor.disconnect();
            watcher.get(10, TimeUnit.SECONDS);
        }
        var names = new ArrayList<String>();
        for (var line : lines) {
            var m = CLIENT_COMMAND.matcher(line);
            if (m.find()) names.add(m.group(1).toLowerCase());
        }
        names.removeIf(name -> name.equals("echo"));
        return names;
    }

    /** Calls per command since the last CONFIG RESETSTAT. */
    private static Map<String, Long> commandStats() {
        try (var admin = admin()) {
            return CommandStats.of(admin);
        }
    }
}
