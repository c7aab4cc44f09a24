package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.auth.HashedServerKeys;
import io.huddle.application.UseCases;
import io.huddle.application.memory.InMemoryPorts;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.UserTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server API (PROTOCOL.md section 10) on the production wiring over the in-memory stores, every answer
 * held to docs/openapi.yaml: each route's work with a server key, and its refusals of no key, a wrong key, a
 * member token and a user token. The same routes against Redis and PostgreSQL: {@code ServerApiIT}.
 */
class ServerApiTest {
    static final String KEY = "hk_" + "s".repeat(40);
    static final String OTHER_KEY = "hk_" + "t".repeat(40);
    static final String WRONG_KEY = "hk_" + "w".repeat(40);
    /** The fixture's user tokens: {@code user-<id>} names user {@code id}. */
    static final UserTokens USERS =
            token -> token.startsWith("user-") ? Optional.of(new OwnerId(token.substring(5))) : Optional.empty();

    private Served served;

    private Served serve(LimitPolicy.Tiers limits) {
        var ports = InMemoryPorts.create(InstantSource.system(), 20)
                .withUserTokens(USERS)
                .withServerKeys(HashedServerKeys.parse("billing:" + KEY + ",ops:" + OTHER_KEY));
        served = Served.start(
                ports,
                UseCases.Settings.defaults().withLimits(limits),
                InstantSource.system(),
                false,
                List.of("*"),
                UseCases.Settings.DEFAULT_HEARTBEAT,
                List.of());
        return served;
    }

    private Served serve() {
        return serve(LimitPolicy.Tiers.off());
    }

    @AfterEach
    void stop() {
        if (served != null) served.close();
    }

    private HttpResponse<String> call(String method, String path, String bearer, String json) {
        var builder = Http.request(served.port(), path);
        if (bearer != null) builder.header("Authorization", "Bearer " + bearer);
        var body = json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        if (json != null) builder.header("Content-Type", "application/json");
        return Http.sendChecked(builder.method(method, body).build());
    }

    private JsonNode created(String ownerId) {
        var response =
                call("POST", "/api/server/sessions", KEY, "{\"ownerId\":\"" + ownerId + "\",\"name\":\"Shift\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        return Http.json(response);
    }

    private JsonNode joined(String code, String name) {
        var response = call("POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"" + name + "\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        return Http.json(response);
    }

    @Test
    void a_backend_creates_a_session_for_a_user_who_then_owns_it_by_user_token_and_by_member_token() {
        serve();
        var created = created("alice");
        String code = created.path("session").path("code").asText();

        assertThat(created.path("session").path("ownerId").asText()).isEqualTo("alice");
        assertThat(created.path("member").path("role").asText()).isEqualTo("owner");
        String ownerToken = created.path("member").path("token").asText();
        assertThat(call("GET", "/api/sessions/" + code, ownerToken, null).statusCode())
                .isEqualTo(200);
        assertThat(Http.json(call("GET", "/api/sessions", "user-alice", null))
                        .path("sessions")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo(code);
        assertThat(call("GET", "/api/server/sessions/" + code, KEY, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void a_system_message_is_stored_with_its_seq_idempotently_and_read_like_any_other() {
        serve();
        String code = created("alice").path("session").path("code").asText();
        var bob = joined(code, "Bob");
        call(
                "POST",
                "/api/sessions/" + code + "/messages",
                bob.path("member").path("token").asText(),
                "{\"content\":\"hi\"}");

        var first = call(
                "POST",
                "/api/server/sessions/" + code + "/messages",
                KEY,
                "{\"content\":\"Order 42 shipped\",\"data\":{\"order\":42},\"clientMsgId\":\"order-42\"}");
        var again = call(
                "POST",
                "/api/server/sessions/" + code + "/messages",
                KEY,
                "{\"content\":\"Order 42 shipped\",\"clientMsgId\":\"order-42\"}");

        assertThat(first.statusCode()).isEqualTo(201);
        var message = Http.json(first);
        assertThat(message.path("seq").asLong()).isEqualTo(2);
        assertThat(message.path("senderId").isNull()).isTrue();
        assertThat(message.path("senderName").asText()).isEqualTo("System");
        assertThat(message.path("kind").asText()).isEqualTo("system");
        assertThat(message.path("data").path("order").asInt()).isEqualTo(42);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Http.json(again)).isEqualTo(message);
        var history = Http.json(call(
                "GET",
                "/api/sessions/" + code + "/messages",
                bob.path("member").path("token").asText(),
                null));
        assertThat(history.path("messages")).hasSize(2);
        assertThat(history.path("messages").get(1)).isEqualTo(message);
        var kinded = Http.json(call(
                "POST",
                "/api/server/sessions/" + code + "/messages",
                KEY,
                "{\"content\":\"x\",\"kind\":\"maintenance\"}"));
        assertThat(kinded.path("kind").asText()).isEqualTo("maintenance");
    }

    @Test
    void one_publish_reaches_many_sessions_with_a_result_for_each_in_the_order_named() {
        serve();
        String a = created("alice").path("session").path("code").asText();
        String b = created("bob").path("session").path("code").asText();
        String ended = created("carol").path("session").path("code").asText();
        call("DELETE", "/api/server/sessions/" + ended, KEY, null);

        var response = call(
                "POST",
                "/api/server/messages",
                KEY,
                "{\"sessions\":[\"" + a.toLowerCase() + "\",\"ZZZZZZ\",\"" + b + "\",\"not a code\",\"" + ended
                        + "\"],\"content\":\"Maintenance at 22:00\",\"clientMsgId\":\"m-1\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        var results = Http.json(response).path("results");
        assertThat(results).hasSize(5);
        assertThat(results.get(0).path("code").asText()).isEqualTo(a);
        assertThat(results.get(0).path("status").asInt()).isEqualTo(201);
        assertThat(results.get(0).path("message").path("seq").asInt()).isEqualTo(1);
        assertThat(results.get(1).path("status").asInt()).isEqualTo(404);
        assertThat(results.get(1).path("error").asText()).isEqualTo("session_not_found");
        assertThat(results.get(2).path("status").asInt()).isEqualTo(201);
        assertThat(results.get(3).path("code").isNull())
                .as("a string that is no code is never echoed")
                .isTrue();
        assertThat(results.get(3).path("status").asInt()).isEqualTo(404);
        assertThat(results.get(4).path("status").asInt()).isEqualTo(404);

        var again = Http.json(call(
                        "POST",
                        "/api/server/messages",
                        KEY,
                        "{\"sessions\":[\"" + a + "\"],\"content\":\"Maintenance at 22:00\",\"clientMsgId\":\"m-1\"}"))
                .path("results");
        assertThat(again.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(again.get(0).path("message")).isEqualTo(results.get(0).path("message"));
    }

    @Test
    void a_publish_to_many_with_no_session_too_many_a_repeated_one_or_a_bad_message_is_400() {
        serve();
        String a = created("alice").path("session").path("code").asText();
        var hundredAndOne =
                IntStream.range(0, 101).mapToObj(i -> "\"" + a + i + "\"").collect(Collectors.joining(","));
        for (var body : List.of(
                "{\"sessions\":[],\"content\":\"x\"}",
                "{\"content\":\"x\"}",
                "{\"sessions\":[" + hundredAndOne + "],\"content\":\"x\"}",
                "{\"sessions\":[\"" + a + "\",\"" + a.toLowerCase() + "\"],\"content\":\"x\"}",
                "{\"sessions\":[1],\"content\":\"x\"}",
                "{\"sessions\":[\"" + a + "\"]}",
                "{\"sessions\":[\"" + a + "\"],\"content\":\"x\",\"kind\":\"Not A Kind\"}")) {
            var response = call("POST", "/api/server/messages", KEY, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(Http.json(call("GET", "/api/server/sessions/" + a, KEY, null))
                        .path("code")
                        .asText())
                .isEqualTo(a);
    }

    @Test
    void a_backend_reads_members_and_presence_kicks_a_member_and_ends_the_session() {
        serve();
        String code = created("alice").path("session").path("code").asText();
        var bob = joined(code, "Bob");
        String bobToken = bob.path("member").path("token").asText();
        String bobId = bob.path("member").path("id").asText();

        var members = Http.json(call("GET", "/api/server/sessions/" + code + "/members", KEY, null));
        assertThat(members.path("members")).hasSize(2);
        var presence = Http.json(call("GET", "/api/server/sessions/" + code + "/presence", KEY, null));
        assertThat(presence.path("total").asInt()).isEqualTo(2);
        assertThat(presence.path("online").asInt()).isZero();

        assertThat(call("DELETE", "/api/server/sessions/" + code + "/members/" + bobId, KEY, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(call("GET", "/api/sessions/" + code, bobToken, null).statusCode())
                .isEqualTo(401);
        var again = call("DELETE", "/api/server/sessions/" + code + "/members/" + bobId, KEY, null);
        assertThat(Http.json(again).path("code").asText()).isEqualTo("member_not_found");

        assertThat(call("DELETE", "/api/server/sessions/" + code, KEY, null).statusCode())
                .isEqualTo(204);
        assertThat(Http.json(call("GET", "/api/server/sessions/" + code, KEY, null))
                        .path("code")
                        .asText())
                .isEqualTo("session_not_found");
        assertThat(call("DELETE", "/api/server/sessions/" + code, KEY, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void live_sessions_are_listed_newest_first_page_by_page_and_by_owner() {
        serve();
        var codes = new ArrayList<String>();
        for (var owner : List.of("alice", "bob", "alice", "carol", "alice")) {
            codes.add(created(owner).path("session").path("code").asText());
        }
        call("DELETE", "/api/server/sessions/" + codes.get(3), KEY, null);

        var seen = new ArrayList<String>();
        String cursor = "";
        do {
            var page = Http.json(call("GET", "/api/server/sessions?limit=2&cursor=" + cursor, KEY, null));
            page.path("sessions").forEach(s -> seen.add(s.path("code").asText()));
            cursor = page.path("nextCursor").isNull()
                    ? null
                    : page.path("nextCursor").asText();
        } while (cursor != null);

        assertThat(seen).containsExactlyInAnyOrder(codes.get(0), codes.get(1), codes.get(2), codes.get(4));
        var alices = Http.json(call("GET", "/api/server/sessions?ownerId=alice", KEY, null))
                .path("sessions");
        assertThat(alices).hasSize(3);
        alices.forEach(s -> assertThat(s.path("ownerId").asText()).isEqualTo("alice"));
        assertThat(call("GET", "/api/server/sessions?cursor=nonsense", KEY, null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(call("GET", "/api/server/sessions?limit=0", KEY, null).statusCode())
                .isEqualTo(400);
        for (var blank : List.of("", "%20")) {
            var response = call("GET", "/api/server/sessions?ownerId=" + blank, KEY, null);
            assertThat(response.statusCode())
                    .as("an ownerId of no characters filters for nobody, it does not list every owner's sessions")
                    .isEqualTo(400);
            assertThat(Http.json(response).path("errors").findValuesAsText("field"))
                    .containsExactly("ownerId");
        }
    }

    @Test
    void a_session_for_no_owner_or_out_of_its_rules_is_400() {
        serve();
        for (var body : List.of(
                "{}",
                "{\"ownerId\":\"\"}",
                "{\"ownerId\":\"   \"}",
                "{\"ownerId\":42}",
                "{\"ownerId\":\"" + "u".repeat(129) + "\"}",
                "{\"ownerId\":\"a\\u0000b\"}",
                "{\"ownerId\":\"anonymous\"}",
                "{\"ownerId\":\"alice\",\"maxMembers\":0}",
                "{\"ownerId\":\"alice\",\"ttlSeconds\":1}")) {
            assertThat(call("POST", "/api/server/sessions", KEY, body).statusCode())
                    .as(body)
                    .isEqualTo(400);
        }
        assertThat(call("POST", "/api/server/sessions/ZZZZZZ/messages", KEY, "{\"content\":\"\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    /** Every server route, with a body where it takes one, on a code that exists. */
    private List<String[]> everyServerRoute(String code, String memberId) {
        return List.of(
                new String[] {"POST", "/api/server/sessions", "{\"ownerId\":\"alice\"}"},
                new String[] {"GET", "/api/server/sessions", null},
                new String[] {"GET", "/api/server/sessions/" + code, null},
                new String[] {"GET", "/api/server/sessions/" + code + "/members", null},
                new String[] {"GET", "/api/server/sessions/" + code + "/presence", null},
                new String[] {"POST", "/api/server/sessions/" + code + "/messages", "{\"content\":\"x\"}"},
                new String[] {"POST", "/api/server/messages", "{\"sessions\":[\"" + code + "\"],\"content\":\"x\"}"},
                new String[] {"DELETE", "/api/server/sessions/" + code + "/members/" + memberId, null},
                new String[] {"DELETE", "/api/server/sessions/" + code, null});
    }

    @Test
    void no_key_or_a_wrong_one_is_401_and_a_member_or_user_token_is_403_on_every_server_route() {
        serve();
        var created = created("alice");
        String code = created.path("session").path("code").asText();
        String ownerToken = created.path("member").path("token").asText();
        var bob = joined(code, "Bob");
        String bobId = bob.path("member").path("id").asText();

        for (var route : everyServerRoute(code, bobId)) {
            String what = route[0] + " " + route[1];
            assertThat(call(route[0], route[1], null, route[2]).statusCode())
                    .as(what + " no key")
                    .isEqualTo(401);
            assertThat(call(route[0], route[1], WRONG_KEY, route[2]).statusCode())
                    .as(what + " wrong key")
                    .isEqualTo(401);
            assertThat(call(route[0], route[1], "hm_" + "x".repeat(43), route[2])
                            .statusCode())
                    .as(what + " unknown member token")
                    .isEqualTo(401);
            var asMember = call(route[0], route[1], ownerToken, route[2]);
            assertThat(asMember.statusCode()).as(what + " owner's member token").isEqualTo(403);
            assertThat(Http.json(asMember).path("code").asText()).isEqualTo("forbidden");
            assertThat(call(route[0], route[1], "user-alice", route[2]).statusCode())
                    .as(what + " owner's user token")
                    .isEqualTo(403);
        }
        // Nothing was done by any of them: the session, its members and its log are as they were.
        assertThat(Http.json(call("GET", "/api/server/sessions/" + code + "/members", KEY, null))
                        .path("members"))
                .hasSize(2);
        assertThat(Http.json(call("GET", "/api/sessions/" + code + "/messages/stats", ownerToken, null))
                        .path("count")
                        .asInt())
                .isZero();
        assertThat(Http.json(call("GET", "/api/server/sessions", KEY, null)).path("sessions"))
                .hasSize(1);
    }

    @Test
    void a_server_key_is_refused_on_the_member_routes() {
        serve();
        String code = created("alice").path("session").path("code").asText();

        for (var route : List.of(
                new String[] {"GET", "/api/sessions/" + code, null},
                new String[] {"GET", "/api/sessions", null},
                new String[] {"POST", "/api/sessions", "{}"},
                new String[] {"POST", "/api/sessions/" + code + "/messages", "{\"content\":\"x\"}"},
                new String[] {"PUT", "/api/sessions/" + code + "/state", "{\"data\":1}"},
                new String[] {"DELETE", "/api/sessions/" + code, null})) {
            assertThat(call(route[0], route[1], KEY, route[2]).statusCode())
                    .as(route[0] + " " + route[1])
                    .isEqualTo(401);
        }
        assertThat(call("GET", "/api/server/sessions/" + code, KEY, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void the_server_tier_counts_each_key_on_its_own_and_refuses_with_429_naming_the_tier() {
        var tiers = LimitPolicy.Tiers.off();
        serve(new LimitPolicy.Tiers(
                tiers.message(),
                tiers.messageIp(),
                tiers.burst(),
                tiers.connect(),
                tiers.join(),
                tiers.joinFail(),
                tiers.api(),
                tiers.strict(),
                Optional.of(new Limit(2, Duration.ofMinutes(1)))));

        assertThat(call("GET", "/api/server/sessions", KEY, null).statusCode()).isEqualTo(200);
        var second = call("GET", "/api/server/sessions", KEY, null);
        assertThat(second.headers().firstValue("RateLimit-Limit")).contains("2");
        var third = call("GET", "/api/server/sessions", KEY, null);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Http.json(third).path("tier").asText()).isEqualTo("server");
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(call("GET", "/api/server/sessions", OTHER_KEY, null).statusCode())
                .as("another key has its own count")
                .isEqualTo(200);
    }
}
