package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.PrivateRedisCluster;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Four gateway instances on a six-node Redis Cluster (three masters, three replicas, started by the test
 * kit for this class alone) and one PostgreSQL: sessions whose slots live on each of the three masters
 * pass the cross-instance ordering test, and when the master of a session's slot is killed mid-run its
 * replica is promoted, fan-out resumes on it, and every client still sees every message once, in order.
 */
class ClusterAcrossInstancesIT {
    private static final int GATEWAYS = 4;
    /** The failover takes a few node timeouts (2 s each here), and the clients' catch-up follows at once. */
    private static final Duration FAILOVER_LIMIT = Duration.ofSeconds(30);
    /**
     * Each sender's pace in the failover test: its last 80 messages take 6.4 s after the kill, longer than
     * the promotion (about 4 s), so messages go out before, during and after it.
     */
    private static final Duration SEND_EVERY = Duration.ofMillis(80);

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private static PrivateRedisCluster cluster;
    private static final String prefix = TestRedis.randomPrefix();
    private final List<Service> gateways = new ArrayList<>();
    private final List<TestSocket> sockets = new ArrayList<>();

    @BeforeAll
    static void start_cluster() {
        cluster = PrivateRedisCluster.start();
    }

    @AfterAll
    static void stop_cluster() {
        if (cluster != null) cluster.close();
    }

    @AfterEach
    void stop() {
        sockets.forEach(TestSocket::close);
        gateways.forEach(Service::close);
    }

    private void startGateways() {
        for (int i = 0; i < GATEWAYS; i++) gateways.add(gateway("gw-" + i + "-" + prefix));
    }

    private static Service gateway(String instanceId) {
        var env = new HashMap<String, String>();
        env.put("PORT", "0");
        env.put("REDIS_CLUSTER_NODES", cluster.nodesSetting());
        env.put("HUDDLE_REDIS_KEY_PREFIX", prefix);
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_AUTH_MODE", "open");
        env.put("HUDDLE_INSTANCE_ID", instanceId);
        env.put("LOG_LEVEL", "WARN");
        for (var tier : List.of("MESSAGE", "MESSAGE_IP", "BURST", "CONNECT", "JOIN", "JOIN_FAIL", "API", "STRICT")) {
            env.put("RATE_LIMIT_" + tier, "off");
        }
        return Gateway.start(GatewayConfig.from(new Env(env)), InstantSource.system());
    }

    record Member(String code, String token) {}

    private Member created(Service on) {
        return member(body(send(on, "POST", "/api/sessions", null, "{\"maxMembers\":50}")));
    }

    private Member joined(Service on, String code, String name) {
        var response =
                send(on, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"" + name + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return member(body(response));
    }

    private static Member member(JsonNode body) {
        return new Member(
                body.path("session").path("code").asText(),
                body.path("member").path("token").asText());
    }

    private TestSocket welcomed(Service on, Member who) {
        var socket = TestSocket.open(on.port(), who.token(), "");
        sockets.add(socket);
        assertThat(socket.next().path("type").asText()).isEqualTo("welcome");
        return socket;
    }

    /** The port of the master that owns the slot of the session's keys and channel. */
    private static int masterOf(String code) {
        var key = (prefix + ":{" + code + "}:events").getBytes(StandardCharsets.UTF_8);
        return cluster.masterOf(JedisClusterCRC16.getSlot(key));
    }

    /** One new session (created on the first gateway) per master, keyed by that master's port. */
    private Map<Integer, Member> oneSessionPerMaster() {
        var masters = new TreeSet<>(cluster.masterPorts());
        assertThat(masters).hasSize(3);
        var sessions = new HashMap<Integer, Member>();
        for (int i = 0; i < 200 && sessions.size() < masters.size(); i++) {
            var owner = created(gateways.getFirst());
            sessions.putIfAbsent(masterOf(owner.code()), owner);
        }
        assertThat(sessions.keySet()).isEqualTo(masters);
        return sessions;
    }

    @Test
    void sessions_on_every_master_reach_receivers_on_four_gateways_each_once_in_order() throws Exception {
        startGateways();
        for (var owner : oneSessionPerMaster().values()) {
            // Senders on three gateways, a receiver on each of the four.
            var senders = new ArrayList<TestSocket>();
            for (int s = 0; s < 3; s++) {
                var on = gateways.get(s);
                senders.add(welcomed(on, joined(gateways.get((s + 1) % GATEWAYS), owner.code(), "S" + s)));
            }
            var receivers = new ArrayList<TestSocket>();
            for (int r = 0; r < GATEWAYS; r++)
                receivers.add(welcomed(gateways.get(r), joined(gateways.get(r), owner.code(), "R" + r)));
            var threads = new ArrayList<Thread>();
            for (int s = 0; s < senders.size(); s++) {
                var sender = senders.get(s);
                int index = s;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 1; i <= 100; i++)
                        sender.send("{\"type\":\"message:send\",\"content\":\"s" + index + " m" + i + "\",\"ref\":\""
                                + i + "\"}");
                }));
            }
            var expected = LongStream.rangeClosed(1, 300).boxed().toList();
            for (var receiver : receivers) assertThat(seqs(receiver, 300)).isEqualTo(expected);
            for (var sender : senders) assertThat(seqs(sender, 300)).isEqualTo(expected);
            for (var thread : threads) thread.join();
            for (var socket : receivers) assertNothingMore(socket);
        }
    }

    /**
     * Three senders send 100 messages each, paced, to a session whose master is killed (SIGKILL) once the
     * receivers saw 60: its replica is promoted, and then every receiver on every gateway sees every
     * acknowledged message once and in order, the last of them within 5 s of the promotion; {@code /health}
     * said {@code degraded} meanwhile; and every acknowledged message is in the history.
     */
    @Test
    void a_master_killed_mid_run_is_replaced_by_its_replica_and_no_acknowledged_message_is_lost() throws Exception {
        startGateways();
        var sessions = oneSessionPerMaster();
        int victim = sessions.keySet().iterator().next();
        var owner = sessions.get(victim);
        var senders = new ArrayList<TestSocket>();
        for (int s = 0; s < 3; s++)
            senders.add(welcomed(gateways.get(s), joined(gateways.get(s), owner.code(), "S" + s)));
        var receivers = new ArrayList<TestSocket>();
        for (int r = 0; r < GATEWAYS; r++)
            receivers.add(welcomed(gateways.get(r), joined(gateways.get(r), owner.code(), "R" + r)));

        var health = new CopyOnWriteArrayList<String>();
        var watching = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    health.add(body(send(gateways.get(3), "GET", "/health", null, null))
                            .path("status")
                            .asText());
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    health.add("no answer");
                }
            }
        });

        var halfway = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        for (int s = 0; s < senders.size(); s++) {
            var sender = senders.get(s);
            int index = s;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 1; i <= 100; i++) {
                    if (i == 21) awaitQuietly(halfway);
                    sender.send("{\"type\":\"message:send\",\"content\":\"s" + index + " m" + i + "\",\"ref\":\"" + i
                            + "\"}");
                    sleepQuietly(SEND_EVERY);
                }
            }));
        }
        var first = receivers.getFirst();
        var seenByFirst = new ArrayList<Long>();
        while (seenByFirst.size() < 60) seenByFirst.add(seq(first.next("message:new")));

        long killedAt = System.nanoTime();
        cluster.kill(victim);
        halfway.countDown();
        cluster.awaitFailover(victim, FAILOVER_LIMIT);
        long promotedAt = System.nanoTime();
        for (var thread : threads) thread.join();
        // The senders keep their timetable through the failover: catching up is timed from the later of the
        // promotion and the last send, or a quick promotion (or a sender that overslept) ate into the limit.
        long lastSentAt = System.nanoTime();

        // Every sender's own stream: the acks tell which messages were stored (an error frame: not stored).
        var acked = new TreeSet<Long>();
        var everySeq = new ConcurrentHashMap<TestSocket, List<Long>>();
        for (var sender : senders) {
            int answered = 0;
            var seen = new ArrayList<Long>();
            while (answered < 100) {
                var frame = sender.next(f -> f.path("type").asText().startsWith("message:")
                        || f.path("type").asText().equals("error"));
                var type = frame.path("type").asText();
                if (type.equals("error")) {
                    answered++;
                    continue;
                }
                if (type.equals("message:ack")) {
                    answered++;
                    acked.add(seq(frame));
                }
                seen.add(seq(frame));
            }
            everySeq.put(sender, seen);
        }
        long last = acked.last();
        var expected = LongStream.rangeClosed(1, last).boxed().toList();
        assertThat(acked.size())
                .as("acknowledged messages: every stored one has a seq")
                .isEqualTo((int) last);
        for (var receiver : receivers) {
            var seen = new ArrayList<>(receiver == first ? seenByFirst : List.<Long>of());
            while (seen.size() < last) seen.add(seq(receiver.next("message:new")));
            assertThat(seen).as("a receiver's messages").isEqualTo(expected);
        }
        long caughtUpMillis = (System.nanoTime() - Math.max(promotedAt, lastSentAt)) / 1_000_000;
        assertThat(caughtUpMillis)
                .as("every receiver had every message within 5 s of the promotion and the last send")
                .isLessThan(5_000);
        // A sender receives too: its own messages as acks, the others' as new, each once and in order. Its
        // own answers are all in, so what it still lacks can only be the others' messages.
        for (var sender : senders) {
            var seen = everySeq.get(sender);
            while (seen.size() < last) seen.add(seq(sender.next("message:new")));
            assertThat(seen).as("a sender's messages").isEqualTo(expected);
        }
        for (var socket : receivers) assertNothingMore(socket);
        for (var socket : senders) assertNothingMore(socket);
        // The numbers docs/operations.md quotes.
        System.out.printf(
                "cluster failover: promoted %d ms after the kill; every receiver had all %d messages %d ms after the"
                        + " later of the promotion and the last send%n",
                (promotedAt - killedAt) / 1_000_000, last, caughtUpMillis);

        var history = new TreeSet<Long>();
        for (long after = 0; ; ) {
            var page = body(send(
                    gateways.get(1),
                    "GET",
                    "/api/sessions/" + owner.code() + "/messages?limit=100&after=" + after,
                    owner.token(),
                    null));
            for (var message : page.path("messages"))
                history.add(message.path("seq").asLong());
            if (!page.path("hasMore").asBoolean()) break;
            after = history.last();
        }
        assertThat(history).as("every acknowledged message is in the history").containsAll(acked);

        watching.interrupt();
        watching.join();
        assertThat(health).as("/health during the outage").contains("degraded");
        // Its probes' next rounds find every subscriber connection and the new master answering.
        Poll.until(
                Duration.ofSeconds(10),
                "/health healthy after the promotion",
                () -> gateways.stream()
                        .allMatch(gateway -> body(send(gateway, "GET", "/health", null, null))
                                .path("status")
                                .asText()
                                .equals("healthy")));
    }

    private static List<Long> seqs(TestSocket socket, int count) {
        var seen = new ArrayList<Long>();
        while (seen.size() < count)
            seen.add(seq(socket.next(f -> f.path("type").asText().startsWith("message:"))));
        return seen;
    }

    private static long seq(JsonNode frame) {
        return frame.path("message").path("seq").asLong();
    }

    private static void assertNothingMore(TestSocket socket) {
        socket.send("{\"type\":\"ping\",\"ref\":\"end\"}");
        assertThat(socket.next(f -> f.path("type").asText().startsWith("message")
                                || f.path("type").asText().equals("pong"))
                        .path("type")
                        .asText())
                .as("nothing after the last message")
                .isEqualTo("pong");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
