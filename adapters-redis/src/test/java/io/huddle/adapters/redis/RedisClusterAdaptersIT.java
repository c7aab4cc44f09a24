package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeStatus;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.testkit.Poll;
import io.huddle.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;

/**
 * The whole adapter stack on the local Redis Cluster: what the contract runs cannot see. One subscriber
 * connection per master, all three covered by the {@code pubsub} probe; a rate check whose tiers count by
 * keys that would hash to different slots is still one call.
 */
class RedisClusterAdaptersIT {
    private static final Duration RECOVERY = Duration.ofSeconds(15);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String prefix = TestRedis.randomPrefix();

    @Test
    void the_gateway_has_one_subscriber_connection_on_each_master_and_the_probes_are_up() {
        var instance = "it-" + UUID.randomUUID();
        try (var adapters = RedisAdapters.connect(RedisTarget.CLUSTER.settings(prefix, instance), meters)) {
            Poll.until(RECOVERY, "pubsub probe up", () -> isUp(probe(adapters, "pubsub")));

            assertThat(isUp(probe(adapters, "redis"))).isTrue();
            assertThat(adapters.incompatibility()).isEmpty();
            for (int port : TestRedis.cluster().masterPorts()) {
                assertThat(subscribers(port, instance))
                        .as("subscriber connections on master " + port)
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void a_subscriber_connection_killed_on_one_master_is_replaced_and_the_probe_recovers() {
        var instance = "it-" + UUID.randomUUID();
        try (var adapters = RedisAdapters.connect(RedisTarget.CLUSTER.settings(prefix, instance), meters)) {
            Poll.until(RECOVERY, "pubsub probe up", () -> isUp(probe(adapters, "pubsub")));
            int master = TestRedis.cluster().masterPorts().get(1);

            killSubscribers(master, instance);

            // A new connection on that very master (the others were never touched), and the probe, which
            // round-trips through every master's connection, up again.
            Poll.until(RECOVERY, "subscriber on master " + master + " back", () -> subscribers(master, instance) == 1);
            Poll.until(RECOVERY, "pubsub probe up again", () -> isUp(probe(adapters, "pubsub")));
        }
    }

    @Test
    void a_check_over_a_member_and_an_ip_is_one_call_on_the_cluster() {
        var instance = "it-" + UUID.randomUUID();
        try (var adapters = RedisAdapters.connect(RedisTarget.CLUSTER.settings(prefix, instance), meters)) {
            var limit = new Limit(2, Duration.ofMinutes(1));
            var checks = List.of(
                    new LimitCheck("message", "member:" + UUID.randomUUID(), limit),
                    new LimitCheck("message-ip", "ip:10.0.0." + (1 + (int) (Math.random() * 200)), limit));

            var verdicts = List.of(
                    adapters.rateLimiter().check(checks),
                    adapters.rateLimiter().check(checks),
                    adapters.rateLimiter().check(checks));

            assertThat(verdicts).extracting(v -> v.allowed()).containsExactly(true, true, false);
        }
    }

    /**
     * One master out of memory (under {@code noeviction}) is Redis refusing this gateway's writes, wherever the
     * probe's key would live: the breaker opened by that master's refusals stays open, and {@code redis} is
     * down, until it takes writes again. Judged by one key on another master, the breaker closed and opened
     * again every few calls. The master chosen is one that does not own the old single probe key's slot.
     */
    @Test
    void a_master_out_of_memory_keeps_the_breaker_open_wherever_the_probe_key_lives() throws Exception {
        var instance = "it-" + UUID.randomUUID();
        var keys = new RedisKeys(prefix);
        int full = TestRedis.cluster().masterPorts().stream()
                .filter(port -> port != ownerPort(keys.writeProbe()))
                .findFirst()
                .orElseThrow();
        var session = sessionOn(full, keys);
        try (var adapters = RedisAdapters.connect(RedisTarget.CLUSTER.settings(prefix, instance), meters);
                var admin = admin(full)) {
            adapters.sessionCache().put(session);
            admin.configSet("maxmemory-policy", "noeviction");
            admin.configSet("maxmemory", "1");
            try {
                RefusedWrites.keepTheBreakerOpen(adapters, session, "OOM");
            } finally {
                admin.configSet("maxmemory", "0");
            }
            Poll.until(RECOVERY, "the breaker closed", adapters::available);
            assertThat(isUp(probe(adapters, "redis"))).isTrue();
        }
    }

    /** A session whose keys live on the master at {@code port}. */
    private static io.huddle.domain.session.Session sessionOn(int port, RedisKeys keys) {
        while (true) {
            var session = io.huddle.application.contract.TestSessions.session(java.time.Instant.now());
            if (ownerPort(keys.session(session.code())) == port) return session;
        }
    }

    /** The port of the master that owns {@code key}'s slot: the others answer MOVED. */
    private static int ownerPort(String key) {
        for (int port : TestRedis.cluster().masterPorts()) {
            try (var admin = admin(port)) {
                admin.exists(key);
                return port;
            } catch (redis.clients.jedis.exceptions.JedisMovedDataException elsewhere) {
                // Not this master's slot.
            }
        }
        throw new IllegalStateException("no master owns " + key);
    }

    private static HealthProbe probe(RedisAdapters adapters, String name) {
        return adapters.probes().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static boolean isUp(HealthProbe probe) {
        return probe.check().status() == ProbeStatus.UP;
    }

    private static Jedis admin(int port) {
        return new Jedis(
                "127.0.0.1",
                port,
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());
    }

    private static long subscribers(int port, String instance) {
        try (var admin = admin(port)) {
            return Arrays.stream(admin.clientList(ClientType.PUBSUB).split("\n"))
                    .filter(line -> line.contains(" name=huddle:" + instance + ":event-subscriber "))
                    .count();
        }
    }

    private static void killSubscribers(int port, String instance) {
        try (var admin = admin(port)) {
            Arrays.stream(admin.clientList(ClientType.PUBSUB).split("\n"))
                    .filter(line -> line.contains(" name=huddle:" + instance + ":event-subscriber "))
                    .map(line -> line.substring(3, line.indexOf(' ')))
                    .forEach(id -> admin.clientKill(redis.clients.jedis.params.ClientKillParams.clientKillParams()
                            .id(id)));
        }
    }
}
