package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TcpProxy;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * Two gateway instances on one Redis and one PostgreSQL: members connected to different instances see
 * each other as if on one server, and messages arrive exactly once and in seq order, also while an
 * instance's Redis subscriber connection is killed.
 */
class RealtimeAcrossInstancesIT {

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private static RedisClient admin;
    private final String idA = "gw-a-" + UUID.randomUUID();
    private final String idB = "gw-b-" + UUID.randomUUID();
    private Service a;
    private Service b;
    private final List<TestSocket> sockets = new ArrayList<>();

    @BeforeAll
    static void connect() {
        admin = RedisClient.create(redis.url());
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    static Service gateway(String instanceId) {
        return gateway(instanceId, redis.url());
    }

    static Service gateway(String instanceId, URI redisUrl) {
        var env = new HashMap<String, String>();
        env.put("PORT", "0");
        env.put("REDIS_URL", redisUrl.toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", redis.prefix());
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

    @AfterEach
    void stop() {
        sockets.forEach(TestSocket::close);
        if (a != null) a.close();
        if (b != null) b.close();
    }

    private void startBoth() {
        a = gateway(idA);
        b = gateway(idB);
    }

    // --- HTTP

    record Member(String code, String id, String token) {}

    private Member created(Service on) {
        var body = body(send(on, "POST", "/api/sessions", null, "{\"maxMembers\":50}"));
        return member(body);
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
                body.path("member").path("id").asText(),
                body.path("member").path("token").asText());
    }

    private TestSocket open(Service on, Member who, String query) {
        var socket = TestSocket.open(on.port(), who.token(), query);
        sockets.add(socket);
        return socket;
    }

    /** Opens a socket and takes its welcome. */
    private TestSocket welcomed(Service on, Member who) {
        var socket = open(on, who, "");
        assertThat(socket.next().path("type").asText()).isEqualTo("welcome");
        return socket;
    }

    // --- the done-when of issue 5

    @Test
    void three_senders_times_100_reach_receivers_on_both_instances_each_once_in_order() throws Exception {
        startBoth();
        exchange(false);
    }

    @Test
    void the_same_while_an_instances_redis_subscriber_connection_is_killed_mid_run() throws Exception {
        startBoth();
        exchange(true);
    }

    /**
     * Three senders (two on A, one on B) send 100 messages each, all at once; receivers on A and B each
     * see seqs 1..300 exactly once, in order, and each sender sees its own as acks in the same order.
     * With {@code kill}, A's subscriber connection is killed after the first 60 messages reached a receiver.
     */
    private void exchange(boolean killMidRun) throws Exception {
        var owner = created(a);
        var senders = List.of(
                welcomed(a, joined(a, owner.code(), "S1")),
                welcomed(a, joined(b, owner.code(), "S2")),
                welcomed(b, joined(a, owner.code(), "S3")));
        var receivers = List.of(welcomed(a, joined(a, owner.code(), "RA")), welcomed(b, joined(b, owner.code(), "RB")));
        // Each sender sends half, waits until the first receiver saw 60 (and, when killing, until A's
        // subscriber connection is killed), then sends the rest at once: those are published while A
        // reconnects, so A loses some of them on the channel and must catch them up from the stores.
        var halfway = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        for (int s = 0; s < senders.size(); s++) {
            var sender = senders.get(s);
            int index = s;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 1; i <= 100; i++) {
                    if (i == 51) await(halfway);
                    sender.send("{\"type\":\"message:send\",\"content\":\"s" + index + " m" + i + "\",\"ref\":\"" + i
                            + "\"}");
                }
            }));
        }
        var expected = LongStream.rangeClosed(1, 300).boxed().toList();
        var first = receivers.getFirst();
        var seenByFirst = new ArrayList<Long>();
        while (seenByFirst.size() < 60)
            seenByFirst.add(
                    first.next("message:new").path("message").path("seq").asLong());
        if (killMidRun) {
            long before = subscriberId(idA);
            killSubscriber(idA);
            halfway.countDown();
            Poll.until(
                    Duration.ofSeconds(10),
                    "A's subscriber reconnected",
                    () -> subscriberIdIfAny(idA).filter(id -> id != before).isPresent());
        } else {
            halfway.countDown();
        }
        while (seenByFirst.size() < 300)
            seenByFirst.add(
                    first.next("message:new").path("message").path("seq").asLong());
        assertThat(seenByFirst).isEqualTo(expected);
        for (var receiver : receivers.subList(1, receivers.size())) {
            var seen = new ArrayList<Long>();
            while (seen.size() < 300)
                seen.add(
                        receiver.next("message:new").path("message").path("seq").asLong());
            assertThat(seen).isEqualTo(expected);
        }
        for (var sender : senders) {
            var seen = new ArrayList<Long>();
            int acks = 0;
            while (seen.size() < 300) {
                var frame = sender.next(f -> f.path("type").asText().startsWith("message:"));
                if (frame.path("type").asText().equals("message:ack")) acks++;
                seen.add(frame.path("message").path("seq").asLong());
            }
            assertThat(seen).isEqualTo(expected);
            assertThat(acks).isEqualTo(100);
        }
        for (var thread : threads) thread.join();
        for (var socket : sockets) {
            socket.send("{\"type\":\"ping\",\"ref\":\"end\"}");
            assertThat(socket.next(f -> f.path("type").asText().startsWith("message")
                                    || f.path("type").asText().equals("pong"))
                            .path("type")
                            .asText())
                    .as("nothing after the 300th message")
                    .isEqualTo("pong");
        }
    }

    @Test
    void reconnecting_with_since_on_the_other_instance_gets_exactly_the_missed_messages_then_live_ones()
            throws Exception {
        startBoth();
        var owner = created(a);
        var sender = welcomed(a, owner);
        var reader = joined(a, owner.code(), "Reader");
        var first = welcomed(a, reader);
        for (int i = 1; i <= 10; i++) sender.send("{\"type\":\"message:send\",\"content\":\"m" + i + "\"}");
        long lastSeen = 0;
        while (lastSeen < 10)
            lastSeen = first.next("message:new").path("message").path("seq").asLong();
        first.close();
        for (int i = 11; i <= 25; i++) sender.send("{\"type\":\"message:send\",\"content\":\"m" + i + "\"}");
        long acked = 0;
        while (acked < 25)
            acked = sender.next("message:ack").path("message").path("seq").asLong();

        var back = open(b, reader, "?since=10");
        var welcome = back.next();
        var liveSending = Thread.ofVirtual().start(() -> {
            for (int i = 26; i <= 40; i++) sender.send("{\"type\":\"message:send\",\"content\":\"m" + i + "\"}");
        });

        assertThat(welcome.path("type").asText()).isEqualTo("welcome");
        assertThat(welcome.path("recovered").asBoolean()).isTrue();
        var seen = new ArrayList<Long>();
        welcome.path("messages").forEach(m -> seen.add(m.path("seq").asLong()));
        assertThat(seen).isEqualTo(LongStream.rangeClosed(11, 25).boxed().toList());
        while (seen.getLast() < 40)
            seen.add(back.next("message:new").path("message").path("seq").asLong());
        assertThat(seen).isEqualTo(LongStream.rangeClosed(11, 40).boxed().toList());
        liveSending.join();
    }

    @Test
    void presence_typing_and_state_reach_members_on_the_other_instance() {
        startBoth();
        var owner = created(a);
        var onA = welcomed(a, owner);
        var bob = joined(b, owner.code(), "Bob");
        assertThat(onA.next("presence").path("event").asText()).isEqualTo("joined");

        var onB = welcomed(b, bob);
        var online = onA.next("presence");
        onB.send("{\"type\":\"typing:start\"}");
        var typing = onA.next("typing");
        onA.send("{\"type\":\"state:update\",\"data\":{\"bpm\":96},\"ref\":\"s\"}");
        var ack = onA.next("state:ack");
        var updated = onB.next("state:updated");
        var presenceFromB = body(send(b, "GET", "/api/sessions/" + owner.code() + "/presence", bob.token(), null));
        var membersFromA = body(send(a, "GET", "/api/sessions/" + owner.code() + "/members", owner.token(), null));
        onB.close();
        var offline = onA.next(f -> f.path("event").asText().equals("offline"));

        assertThat(online.path("event").asText()).isEqualTo("online");
        assertThat(online.path("member").path("id").asText()).isEqualTo(bob.id());
        assertThat(online.path("online").asInt()).isEqualTo(2);
        assertThat(typing.path("memberId").asText()).isEqualTo(bob.id());
        assertThat(typing.path("active").asBoolean()).isTrue();
        assertThat(updated.path("state").path("version").asLong())
                .isEqualTo(ack.path("version").asLong());
        assertThat(updated.path("state").path("data").toString()).isEqualTo("{\"bpm\":96}");
        assertThat(presenceFromB.path("online").asInt()).isEqualTo(2);
        assertThat(membersFromA.path("members").findValuesAsText("online")).containsExactly("true", "true");
        assertThat(offline.path("member").path("id").asText()).isEqualTo(bob.id());
        assertThat(offline.path("online").asInt()).isEqualTo(1);
    }

    @Test
    void a_typist_whose_gateway_falls_silent_stops_typing_for_the_others_without_waiting_for_its_offline() {
        var url = redis.url();
        try (var cut = TcpProxy.start(0, url.getHost(), url.getPort())) {
            a = gateway(idA, URI.create(url.toString().replace(":" + url.getPort(), ":" + cut.port())));
            b = gateway(idB);
            var owner = created(b);
            var typist = joined(b, owner.code(), "Typist");
            var watcher = welcomed(b, owner);
            var typing = welcomed(a, typist);
            typing.send("{\"type\":\"typing:start\"}");
            assertThat(watcher.next("typing").path("active").asBoolean()).isTrue();

            // The typist's gateway can no longer say anything (as if killed), and no worker runs to
            // declare it gone: only the watcher's own gateway can end the typing.
            cut.close();

            var ended = watcher.next("typing");
            assertThat(ended.path("memberId").asText()).isEqualTo(typist.id());
            assertThat(ended.path("active").asBoolean()).isFalse();
        }
    }

    @Test
    void endings_reach_sockets_on_every_instance_with_their_close_codes() {
        startBoth();
        var owner = created(a);
        var kicked = joined(a, owner.code(), "Kicked");
        var leaving = joined(b, owner.code(), "Leaving");
        var staying = joined(b, owner.code(), "Staying");
        joined(a, owner.code(), "Away"); // a member without a socket: online counts must not reach total
        var kickedOnA = welcomed(a, kicked);
        var leavingOnA = welcomed(a, leaving);
        var leavingOnB = welcomed(b, leaving);
        var stayingOnB = welcomed(b, staying);
        var ownerOnB = welcomed(b, owner);

        assertThat(send(b, "DELETE", "/api/sessions/" + owner.code() + "/members/" + kicked.id(), owner.token(), null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(kickedOnA.awaitClose()).isEqualTo(4009);
        // Counted when the member is removed, while its socket is still being closed: it is no longer online.
        var kickedLeft = stayingOnB.next(f -> f.path("event").asText().equals("left")
                && f.path("member").path("id").asText().equals(kicked.id()));
        assertThat(kickedLeft.path("total").asInt()).isEqualTo(4);
        assertThat(kickedLeft.path("online").asInt()).isEqualTo(3);

        leavingOnB.send("{\"type\":\"leave\"}");
        assertThat(leavingOnB.awaitClose()).isEqualTo(1000);
        assertThat(leavingOnA.awaitClose()).isEqualTo(1000);
        var leavingLeft = stayingOnB.next(f -> f.path("event").asText().equals("left")
                && f.path("member").path("id").asText().equals(leaving.id()));
        assertThat(leavingLeft.path("total").asInt()).isEqualTo(3);
        assertThat(leavingLeft.path("online").asInt()).isEqualTo(2);

        assertThat(send(a, "DELETE", "/api/sessions/" + owner.code(), owner.token(), null)
                        .statusCode())
                .isEqualTo(204);
        for (var socket : List.of(stayingOnB, ownerOnB)) {
            assertThat(socket.next("session:terminated").path("reason").asText())
                    .isEqualTo("owner");
            assertThat(socket.awaitClose()).isEqualTo(4004);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long subscriberId(String instanceId) {
        return subscriberIdIfAny(instanceId).orElseThrow();
    }

    private static java.util.Optional<Long> subscriberIdIfAny(String instanceId) {
        var list = new String((byte[]) admin.sendCommand(Protocol.Command.CLIENT, "LIST", "TYPE", "pubsub"));
        for (var line : list.split("\n")) {
            if (!line.contains("name=huddle:" + instanceId + ":event-subscriber")) continue;
            return java.util.Optional.of(Long.parseLong(line.substring(3, line.indexOf(' '))));
        }
        return java.util.Optional.empty();
    }

    /**
     * {@code CLIENT KILL TYPE pubsub}, narrowed to one instance's own event subscriber by its client
     * name, since other builds may share this Redis.
     */
    private static void killSubscriber(String instanceId) {
        var list = new String((byte[]) admin.sendCommand(Protocol.Command.CLIENT, "LIST", "TYPE", "pubsub"));
        int killed = 0;
        for (var line : list.split("\n")) {
            if (!line.contains("name=huddle:" + instanceId + ":event-subscriber")) continue;
            for (var field : line.trim().split(" ")) {
                if (field.startsWith("id=")) {
                    admin.sendCommand(Protocol.Command.CLIENT, "KILL", "ID", field.substring(3));
                    killed++;
                }
            }
        }
        assertThat(killed).as("killed subscriber connections of " + instanceId).isEqualTo(1);
    }
}
