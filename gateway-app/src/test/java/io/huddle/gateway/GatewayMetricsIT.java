package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.MetricsText;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.PrivateRedis;
import io.huddle.testkit.TestPostgres;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * The series that need the real stores and two instances, each moved and read from {@code /metrics}: the
 * fan-out lag of a message from the other instance (bus) and of one filled from the log (history), held-back
 * messages and gap fills by source, pub/sub subscribes, resubscribes, channels and probe round trips, store
 * call latency for Redis and PostgreSQL, the PostgreSQL breaker's state, and the Redis fallback's 0/1 and its
 * time. Redis is a private server, so the test can kill it.
 */
class GatewayMetricsIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private PrivateRedis redis;
    private Service a;
    private Service b;
    private final List<TestSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        redis = PrivateRedis.start();
        a = gateway("metrics-a-" + UUID.randomUUID());
        b = gateway("metrics-b-" + UUID.randomUUID());
    }

    @AfterEach
    void stop() {
        sockets.forEach(TestSocket::close);
        if (a != null) a.close();
        if (b != null) b.close();
        redis.close();
    }

    private Service gateway(String instanceId) {
        var env = new HashMap<String, String>();
        env.put("PORT", "0");
        env.put("REDIS_URL", redis.url().toString());
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_AUTH_MODE", "open");
        env.put("HUDDLE_INSTANCE_ID", instanceId);
        env.put("LOG_LEVEL", "WARN");
        env.put("REDIS_TIMEOUT", "500ms");
        return Gateway.start(GatewayConfig.from(new Env(env)), InstantSource.system());
    }

    private static MetricsText metrics(Service on) {
        var response = send(on, "GET", "/metrics", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return MetricsText.parse(response.body());
    }

    record Member(String code, String id, String token) {}

    private static Member member(JsonNode body) {
        return new Member(
                body.path("session").path("code").asText(),
                body.path("member").path("id").asText(),
                body.path("member").path("token").asText());
    }

    private TestSocket welcomed(Service on, Member who) {
        var socket = TestSocket.open(on.port(), who.token(), "");
        sockets.add(socket);
        assertThat(socket.next().path("type").asText()).isEqualTo("welcome");
        return socket;
    }

    @Test
    void fan_out_lag_gaps_pubsub_and_store_latency_are_measured_across_two_instances() throws Exception {
        var owner = member(body(send(a, "POST", "/api/sessions", null, "{\"name\":\"Across\"}")));
        var alice = member(body(
                send(a, "POST", "/api/sessions/" + owner.code() + "/members", null, "{\"displayName\":\"Alice\"}")));
        var onA = welcomed(a, owner);
        var onB = welcomed(b, alice);

        // A message stored by A reaches B's socket over the bus.
        onA.send("{\"type\":\"message:send\",\"content\":\"over the bus\",\"ref\":\"1\"}");
        onA.next("message:ack");
        onB.next("message:new");

        // A message stored without any publish (as if its publish was lost): B's next send is held behind it
        // and the gap is filled from the log.
        try (var sql = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                var insert = sql.prepareStatement("""
                        WITH s AS (UPDATE %1$s.sessions SET last_seq = last_seq + 1 WHERE code = ? RETURNING id, last_seq)
                        INSERT INTO %1$s.messages (session_id, seq, id, sender_id, sender_name, kind, content, sent_at)
                        SELECT id, last_seq, 'msg_unpublished', ?, 'Owner', 'text', 'never published', now() FROM s
                        """.formatted(db.schema()))) {
            insert.setString(1, owner.code());
            insert.setString(2, owner.id());
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        onB.send("{\"type\":\"message:send\",\"content\":\"after the gap\",\"ref\":\"2\"}");
        var filled = onB.next("message:new");
        assertThat(filled.path("message").path("content").asText()).isEqualTo("never published");
        onB.next("message:ack");

        assertThat(send(b, "GET", "/health", null, null).statusCode()).isEqualTo(200);
        var metricsB = metrics(b);
        assertThat(metricsB.value("huddle_fanout_lag_seconds_count", "path", "bus"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metricsB.value("huddle_fanout_lag_seconds_count", "path", "history"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metricsB.value("huddle_fanout_held_back_total")).isGreaterThanOrEqualTo(1);
        assertThat(metricsB.value("huddle_fanout_gap_fills_total", "source", "log"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metricsB.value("huddle_fanout_gap_filled_messages_total", "source", "log"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metricsB.value("huddle_pubsub_subscribes_total")).isGreaterThanOrEqualTo(1);
        assertThat(metricsB.value("huddle_pubsub_channels")).isEqualTo(1);
        assertThat(metricsB.value("huddle_pubsub_connected")).isEqualTo(1);
        assertThat(metricsB.value("huddle_pubsub_probe_seconds_count", "outcome", "received"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metricsB.value("huddle_store_call_seconds_count", "store", "redis", "outcome", "success"))
                .isGreaterThan(0);
        assertThat(metricsB.value("huddle_store_call_seconds_count", "store", "postgres", "outcome", "success"))
                .isGreaterThan(0);
        assertThat(metricsB.has("huddle_store_call_seconds_bucket", "store", "postgres", "le", "0.005"))
                .isTrue();
        assertThat(metricsB.value("resilience4j_circuitbreaker_state", "name", "postgres", "state", "closed"))
                .isEqualTo(1);

        // The subscriber connections are killed: each instance subscribes again and catches up.
        try (var admin = RedisClient.create(redis.url())) {
            admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");
        }
        Poll.until(
                Duration.ofSeconds(10),
                "B subscribed again",
                () -> metrics(b).value("huddle_pubsub_resubscribes_total") >= 1);
    }

    @Test
    void the_redis_fallback_is_one_while_redis_is_down_and_its_time_is_counted() {
        var before = metrics(a);
        assertThat(before.value("huddle_fallback_active", "dependency", "redis"))
                .isZero();
        assertThat(before.value("huddle_fallback_seconds_total", "dependency", "redis"))
                .isZero();

        redis.kill();
        // Any /api request is rate-limited: with Redis gone, this instance counts alone.
        send(a, "GET", "/api/sessions/ABCDEF", null, null);
        Poll.until(Duration.ofSeconds(10), "the fallback is reported", () -> {
            send(a, "GET", "/api/sessions/ABCDEF", null, null);
            return metrics(a).value("huddle_fallback_active", "dependency", "redis") == 1;
        });
        assertThat(metrics(a).value("huddle_ratelimit_fallback")).isEqualTo(1);

        redis.restart();
        Poll.until(Duration.ofSeconds(15), "limits are shared again", () -> {
            send(a, "GET", "/api/sessions/ABCDEF", null, null);
            return metrics(a).value("huddle_fallback_active", "dependency", "redis") == 0;
        });
        var after = metrics(a);
        assertThat(after.value("huddle_fallback_seconds_total", "dependency", "redis"))
                .isGreaterThan(0);
        assertThat(after.value("huddle_store_call_seconds_count", "store", "redis", "outcome", "failure"))
                .isGreaterThan(0);
    }
}
