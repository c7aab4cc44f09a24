package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server API (PROTOCOL.md section 10) of a real gateway on Redis and PostgreSQL, in JWT mode with two
 * server keys: each route's work as a backend sees it (and as the members' sockets see it), and each route's
 * refusal of no key, a wrong key, a member token and a user token.
 */
class ServerApiIT {
    private static final String JWT_SECRET = "0123456789abcdef0123456789abcdef";
    private static final String KEY = "hk_" + "a".repeat(43);
    private static final String WRONG_KEY = "hk_" + "z".repeat(43);

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private static Service gateway;

    @BeforeAll
    static void start() {
        var env = new HashMap<String, String>();
        env.put("PORT", "0");
        env.put("REDIS_URL", redis.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", redis.prefix());
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_JWT_SECRET", JWT_SECRET);
        env.put("HUDDLE_SERVER_KEYS", "billing:" + KEY + ",ops:hk_" + "o".repeat(40));
        env.put("LOG_LEVEL", "WARN");
        for (var tier : List.of("MESSAGE", "MESSAGE_IP", "BURST", "CONNECT", "JOIN", "JOIN_FAIL", "API", "STRICT"))
            env.put("RATE_LIMIT_" + tier, "off");
        gateway = Gateway.start(GatewayConfig.from(new Env(env)), InstantSource.system());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
    }

    private static String userToken(String user) {
        try {
            var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            var jwt = new SignedJWT(
                    new JWSHeader(JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder()
                            .subject(user)
                            .expirationTime(Date.from(now.plusSeconds(600)))
                            .build());
            jwt.sign(new MACSigner(JWT_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A user id no other test uses, so listings by owner see only this test's sessions. */
    private static String freshUser() {
        return "user-" + UUID.randomUUID();
    }

    private static JsonNode created(String owner) {
        var response = send(gateway, "POST", "/api/server/sessions", KEY, "{\"ownerId\":\"" + owner + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return body(response);
    }

    private static JsonNode joined(String code, String name) {
        var response =
                send(gateway, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"" + name + "\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        return body(response);
    }

    @Test
    void a_session_created_for_a_user_is_theirs_by_user_token_and_by_the_returned_member_token() {
        String alice = freshUser();
        var created = created(alice);
        String code = created.path("session").path("code").asText();

        var mine = body(send(gateway, "GET", "/api/sessions", userToken(alice), null));
        assertThat(mine.path("sessions").get(0).path("code").asText()).isEqualTo(code);
        assertThat(send(
                                gateway,
                                "GET",
                                "/api/sessions/" + code,
                                created.path("member").path("token").asText(),
                                null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(body(send(gateway, "GET", "/api/server/sessions/" + code, KEY, null))
                        .path("ownerId")
                        .asText())
                .isEqualTo(alice);
        assertThat(send(gateway, "POST", "/api/server/sessions", KEY, "{\"name\":\"no owner\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void a_system_message_reaches_the_members_sockets_and_the_log_with_its_seq_once_per_client_msg_id() {
        String code = created(freshUser()).path("session").path("code").asText();
        var bob = joined(code, "Bob");
        String bobToken = bob.path("member").path("token").asText();
        try (var socket = TestSocket.open(gateway.port(), bobToken, "")) {
            socket.next("welcome");

            var first = send(
                    gateway,
                    "POST",
                    "/api/server/sessions/" + code + "/messages",
                    KEY,
                    "{\"content\":\"Inventory updated\",\"data\":{\"sku\":\"A-1\"},\"clientMsgId\":\"inv-1\"}");
            var again = send(
                    gateway,
                    "POST",
                    "/api/server/sessions/" + code + "/messages",
                    KEY,
                    "{\"content\":\"Inventory updated\",\"clientMsgId\":\"inv-1\"}");

            assertThat(first.statusCode()).isEqualTo(201);
            var message = body(first);
            assertThat(message.path("seq").asLong()).isEqualTo(1);
            assertThat(message.path("senderId").isNull()).isTrue();
            assertThat(message.path("kind").asText()).isEqualTo("system");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(body(again)).isEqualTo(message);
            var delivered = socket.next("message:new").path("message");
            assertThat(delivered).isEqualTo(message);
        }
        var history = body(send(gateway, "GET", "/api/sessions/" + code + "/messages", bobToken, null));
        assertThat(history.path("messages")).hasSize(1);
        assertThat(history.path("messages").get(0).path("senderId").isNull()).isTrue();
        assertThat(send(gateway, "POST", "/api/server/sessions/ZZZZZZ/messages", KEY, "{\"content\":\"x\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(gateway, "POST", "/api/server/sessions/" + code + "/messages", KEY, "{\"content\":\"\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void one_publish_into_many_sessions_answers_for_each() {
        String a = created(freshUser()).path("session").path("code").asText();
        String b = created(freshUser()).path("session").path("code").asText();

        var response = send(
                gateway,
                "POST",
                "/api/server/messages",
                KEY,
                "{\"sessions\":[\"" + a + "\",\"ZZZZZZ\",\"" + b + "\"],\"content\":\"Release 2.1 is out\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        var results = body(response).path("results");
        assertThat(results.get(0).path("status").asInt()).isEqualTo(201);
        assertThat(results.get(1).path("status").asInt()).isEqualTo(404);
        assertThat(results.get(2).path("status").asInt()).isEqualTo(201);
        for (var code : List.of(a, b)) {
            var stats = body(send(gateway, "GET", "/api/server/sessions/" + code, KEY, null));
            assertThat(stats.path("code").asText()).isEqualTo(code);
        }
        assertThat(send(gateway, "POST", "/api/server/messages", KEY, "{\"sessions\":[],\"content\":\"x\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void members_and_presence_are_read_a_kicked_members_socket_closes_and_an_ended_sessions_sockets_hear_it() {
        String code = created(freshUser()).path("session").path("code").asText();
        var bob = joined(code, "Bob");
        var carol = joined(code, "Carol");
        try (var bobSocket = TestSocket.open(
                        gateway.port(), bob.path("member").path("token").asText(), "");
                var carolSocket = TestSocket.open(
                        gateway.port(), carol.path("member").path("token").asText(), "")) {
            bobSocket.next("welcome");
            carolSocket.next("welcome");

            var members = body(send(gateway, "GET", "/api/server/sessions/" + code + "/members", KEY, null));
            assertThat(members.path("members")).hasSize(3);
            var presence = body(send(gateway, "GET", "/api/server/sessions/" + code + "/presence", KEY, null));
            assertThat(presence.path("total").asInt()).isEqualTo(3);
            assertThat(presence.path("online").asInt()).isEqualTo(2);

            String bobId = bob.path("member").path("id").asText();
            assertThat(send(gateway, "DELETE", "/api/server/sessions/" + code + "/members/" + bobId, KEY, null)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(bobSocket.awaitClose()).isEqualTo(4009);
            assertThat(send(
                                    gateway,
                                    "GET",
                                    "/api/sessions/" + code,
                                    bob.path("member").path("token").asText(),
                                    null)
                            .statusCode())
                    .isEqualTo(401);

            assertThat(send(gateway, "DELETE", "/api/server/sessions/" + code, KEY, null)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(carolSocket.next("session:terminated").path("reason").asText())
                    .isEqualTo("owner");
            assertThat(carolSocket.awaitClose()).isEqualTo(4004);
        }
        assertThat(body(send(gateway, "GET", "/api/server/sessions/" + code, KEY, null))
                        .path("code")
                        .asText())
                .isEqualTo("session_not_found");
    }

    @Test
    void live_sessions_are_listed_by_owner_a_page_at_a_time() {
        String owner = freshUser();
        var codes = new ArrayList<String>();
        for (int i = 0; i < 3; i++)
            codes.add(created(owner).path("session").path("code").asText());
        send(gateway, "DELETE", "/api/server/sessions/" + codes.get(1), KEY, null);

        var first = body(send(gateway, "GET", "/api/server/sessions?limit=1&ownerId=" + owner, KEY, null));
        var second = body(send(
                gateway,
                "GET",
                "/api/server/sessions?limit=1&ownerId=" + owner + "&cursor="
                        + first.path("nextCursor").asText(),
                KEY,
                null));

        assertThat(first.path("sessions").get(0).path("code").asText()).isEqualTo(codes.get(2));
        assertThat(second.path("sessions").get(0).path("code").asText()).isEqualTo(codes.get(0));
        assertThat(second.path("nextCursor").isNull()).isTrue();
        var everyone = body(send(gateway, "GET", "/api/server/sessions?limit=100", KEY, null));
        assertThat(everyone.path("sessions").findValuesAsText("code")).contains(codes.get(0), codes.get(2));
    }

    @Test
    void every_server_route_refuses_no_key_and_a_wrong_one_with_401_and_a_member_or_user_token_with_403() {
        String owner = freshUser();
        var created = created(owner);
        String code = created.path("session").path("code").asText();
        String memberToken = created.path("member").path("token").asText();
        String memberId = joined(code, "Bob").path("member").path("id").asText();
        String[][] routes = {
            {"POST", "/api/server/sessions", "{\"ownerId\":\"x\"}"},
            {"GET", "/api/server/sessions", null},
            {"GET", "/api/server/sessions/" + code, null},
            {"DELETE", "/api/server/sessions/" + code, null},
            {"GET", "/api/server/sessions/" + code + "/members", null},
            {"DELETE", "/api/server/sessions/" + code + "/members/" + memberId, null},
            {"GET", "/api/server/sessions/" + code + "/presence", null},
            {"POST", "/api/server/sessions/" + code + "/messages", "{\"content\":\"x\"}"},
            {"POST", "/api/server/messages", "{\"sessions\":[\"" + code + "\"],\"content\":\"x\"}"},
        };
        for (var route : routes) {
            String what = route[0] + " " + route[1];
            assertThat(send(gateway, route[0], route[1], null, route[2]).statusCode())
                    .as(what)
                    .isEqualTo(401);
            assertThat(send(gateway, route[0], route[1], WRONG_KEY, route[2]).statusCode())
                    .as(what)
                    .isEqualTo(401);
            assertThat(send(gateway, route[0], route[1], memberToken, route[2]).statusCode())
                    .as(what)
                    .isEqualTo(403);
            assertThat(send(gateway, route[0], route[1], userToken(owner), route[2])
                            .statusCode())
                    .as(what)
                    .isEqualTo(403);
        }
        assertThat(body(send(gateway, "GET", "/api/server/sessions/" + code + "/members", KEY, null))
                        .path("members"))
                .as("no refused request changed anything")
                .hasSize(2);
    }
}
