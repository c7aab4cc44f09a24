package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two gateway instances on one Redis and one PostgreSQL behave as one server, and survive a restart. */
class SessionsAcrossInstancesIT {

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private Service a;
    private Service b;

    static Service gateway() {
        var env = new HashMap<String, String>();
        env.put("PORT", "0");
        env.put("REDIS_URL", redis.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", redis.prefix());
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_AUTH_MODE", "open");
        env.put("LOG_LEVEL", "WARN");
        // These tests make more joins and creates from one IP than the default limits allow.
        for (var tier : List.of("MESSAGE", "MESSAGE_IP", "BURST", "CONNECT", "JOIN", "JOIN_FAIL", "API", "STRICT"))
            env.put("RATE_LIMIT_" + tier, "off");
        return Gateway.start(GatewayConfig.from(new Env(env)), InstantSource.system());
    }

    @BeforeEach
    void start_two_instances() {
        a = gateway();
        b = gateway();
    }

    @AfterEach
    void stop_them() {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    @Test
    void a_session_created_on_one_instance_is_joined_read_and_ended_through_the_other() {
        var created = body(send(a, "POST", "/api/sessions", null, "{\"name\":\"Band\",\"maxMembers\":5}"));
        String code = created.path("session").path("code").asText();
        String ownerToken = created.path("member").path("token").asText();

        var joined =
                send(b, "POST", "/api/sessions/" + code.toLowerCase() + "/members", null, "{\"displayName\":\"Ana\"}");
        assertThat(joined.statusCode()).isEqualTo(201);
        String memberToken = body(joined).path("member").path("token").asText();

        var seenFromA = body(send(a, "GET", "/api/sessions/" + code, memberToken, null));
        assertThat(seenFromA.path("memberCount").asInt()).isEqualTo(2);
        assertThat(body(send(b, "GET", "/api/sessions/" + code + "/members", ownerToken, null))
                        .path("members")
                        .size())
                .isEqualTo(2);

        assertThat(send(b, "DELETE", "/api/sessions/" + code, ownerToken, null).statusCode())
                .isEqualTo(204);

        for (Service instance : List.of(a, b)) {
            assertThat(send(instance, "GET", "/api/sessions/" + code, memberToken, null)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(send(instance, "GET", "/api/sessions/" + code, ownerToken, null)
                            .statusCode())
                    .isEqualTo(401);
            var join = send(instance, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"Late\"}");
            assertThat(join.statusCode()).isEqualTo(404);
            assertThat(body(join).path("code").asText()).isEqualTo("session_not_found");
        }
    }

    @Test
    void concurrent_creates_on_two_instances_never_share_a_code() throws Exception {
        List<Future<String>> codes = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 60; i++) {
                var target = i % 2 == 0 ? a : b;
                codes.add(pool.submit(() -> body(send(target, "POST", "/api/sessions", null, "{}"))
                        .path("session")
                        .path("code")
                        .asText()));
            }
        }
        var distinct = new HashSet<String>();
        for (var code : codes) distinct.add(code.get());
        assertThat(distinct).hasSize(60).allMatch(code -> code.matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}"));
    }

    @Test
    void twenty_concurrent_joins_through_both_instances_fill_exactly_the_free_seats() throws Exception {
        var created = body(send(a, "POST", "/api/sessions", null, "{\"maxMembers\":10}"));
        String code = created.path("session").path("code").asText();
        var start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                var target = i % 2 == 0 ? a : b;
                int n = i;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return send(
                                    target,
                                    "POST",
                                    "/api/sessions/" + code + "/members",
                                    null,
                                    "{\"displayName\":\"P" + n + "\"}")
                            .statusCode();
                }));
            }
            start.countDown();
        }
        int joined = 0;
        int full = 0;
        for (var status : statuses) {
            if (status.get() == 201) joined++;
            if (status.get() == 409) full++;
        }
        // The owner holds one of the ten seats.
        assertThat(joined).isEqualTo(9);
        assertThat(full).isEqualTo(11);
        var session = body(send(
                b,
                "GET",
                "/api/sessions/" + code,
                created.path("member").path("token").asText(),
                null));
        assertThat(session.path("memberCount").asInt()).isEqualTo(10);
    }

    @Test
    void restarting_every_instance_loses_no_session_member_or_token() {
        var created = body(send(a, "POST", "/api/sessions", null, "{\"name\":\"Durable\"}"));
        String code = created.path("session").path("code").asText();
        String ownerToken = created.path("member").path("token").asText();
        String memberToken = body(send(
                        b, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"Bo\"}"))
                .path("member")
                .path("token")
                .asText();

        a.close();
        b.close();
        a = gateway();
        b = null;

        var session = send(a, "GET", "/api/sessions/" + code, memberToken, null);
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(body(session).path("name").asText()).isEqualTo("Durable");
        assertThat(body(session).path("memberCount").asInt()).isEqualTo(2);
        assertThat(send(a, "GET", "/api/sessions/" + code + "/members", ownerToken, null)
                        .statusCode())
                .isEqualTo(200);
    }
}
