package io.huddle.adapters.web.session;

import static io.huddle.adapters.web.session.TestGateway.code;
import static io.huddle.adapters.web.session.TestGateway.json;
import static io.huddle.adapters.web.session.TestGateway.memberId;
import static io.huddle.adapters.web.session.TestGateway.problem;
import static io.huddle.adapters.web.session.TestGateway.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.domain.session.OwnerId;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoints in open mode, with a user-token verifier configured ({@code user-*} tokens are valid). */
class SessionRoutesTest {
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static final List<String> SESSION_FIELDS = List.of(
            "code",
            "name",
            "ownerId",
            "status",
            "createdAt",
            "expiresAt",
            "lastActivityAt",
            "maxMembers",
            "memberCount",
            "onlineCount");
    private static final List<String> MEMBER_FIELDS =
            List.of("id", "displayName", "role", "online", "joinedAt", "lastSeenAt");
    private static final List<String> NEW_MEMBER_FIELDS =
            List.of("id", "displayName", "role", "online", "joinedAt", "lastSeenAt", "token");

    /** One server for the class: every test works in sessions of its own, and moving the clock forward harms none. */
    private static TestGateway api;

    @BeforeAll
    static void start() {
        api = new TestGateway(
                SessionRoutes.Settings.openMode(),
                token -> token.startsWith("user-") ? Optional.of(new OwnerId(token)) : Optional.empty());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static List<String> fields(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> errorFields(JsonNode problem) {
        return StreamSupport.stream(problem.path("errors").spliterator(), false)
                .map(e -> e.path("field").asText())
                .toList();
    }

    private static Instant instant(JsonNode node) {
        assertThat(node.asText()).matches(TIME);
        return Instant.parse(node.asText());
    }

    private static String members(String code) {
        return "/api/sessions/" + code + "/members";
    }

    // --- POST /api/sessions

    @Test
    void creating_without_a_body_or_credential_in_open_mode_gives_an_anonymous_session_with_defaults() {
        var response = api.post("/api/sessions", null, null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        var body = json(response);
        assertThat(fields(body)).containsExactly("session", "member");
        var session = body.path("session");
        assertThat(fields(session)).containsExactlyElementsOf(SESSION_FIELDS);
        assertThat(session.path("code").asText()).matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}");
        assertThat(response.headers().firstValue("Location"))
                .contains("/api/sessions/" + session.path("code").asText());
        assertThat(session.path("name").asText()).isEqualTo("Untitled session");
        assertThat(session.path("ownerId").asText()).isEqualTo("anonymous");
        assertThat(session.path("status").asText()).isEqualTo("active");
        var createdAt = instant(session.path("createdAt"));
        assertThat(createdAt).isEqualTo(api.clock.instant());
        assertThat(instant(session.path("expiresAt"))).isEqualTo(createdAt.plus(TestGateway.MAX_LIFETIME));
        assertThat(instant(session.path("lastActivityAt"))).isEqualTo(createdAt);
        assertThat(session.path("maxMembers").isInt()).isTrue();
        assertThat(session.path("maxMembers").asInt()).isEqualTo(100);
        assertThat(session.path("memberCount").asInt()).isEqualTo(1);
        assertThat(session.path("onlineCount").asInt()).isZero();

        var member = body.path("member");
        assertThat(fields(member)).containsExactlyElementsOf(NEW_MEMBER_FIELDS);
        assertThat(member.path("id").asText()).matches("m_[A-Za-z0-9_-]{1,38}");
        assertThat(member.path("displayName").asText()).isEqualTo("Owner");
        assertThat(member.path("role").asText()).isEqualTo("owner");
        assertThat(member.path("online").isBoolean()).isTrue();
        assertThat(member.path("online").asBoolean()).isFalse();
        assertThat(instant(member.path("joinedAt"))).isEqualTo(createdAt);
        assertThat(instant(member.path("lastSeenAt"))).isEqualTo(createdAt);
        assertThat(member.path("token").asText()).matches("hm_[A-Za-z0-9_-]{43}");
    }

    @Test
    void creating_with_every_field_uses_each_of_them() {
        var body = api.created(
                null, "{\"name\":\"  Math study \",\"maxMembers\":7,\"ttlSeconds\":3600,\"displayName\":\"Alice\"}");

        var session = body.path("session");
        assertThat(session.path("name").asText()).isEqualTo("Math study");
        assertThat(session.path("maxMembers").asInt()).isEqualTo(7);
        assertThat(instant(session.path("expiresAt")))
                .isEqualTo(instant(session.path("createdAt")).plusSeconds(3600));
        assertThat(body.path("member").path("displayName").asText()).isEqualTo("Alice");
    }

    @Test
    void creating_with_a_valid_user_token_in_open_mode_names_the_owner() {
        var body = api.created("user-alice", "{}");

        assertThat(body.path("session").path("ownerId").asText()).isEqualTo("user-alice");
    }

    @Test
    void creating_with_a_member_token_in_open_mode_creates_anonymously() {
        var first = api.created();

        var second = api.created(token(first), "{}");

        assertThat(second.path("session").path("ownerId").asText()).isEqualTo("anonymous");
    }

    @Test
    void unknown_fields_and_null_values_are_ignored() {
        var body = api.created(null, "{\"name\":null,\"colour\":\"blue\",\"maxMembers\":null,\"nested\":{\"a\":[1]}}");

        assertThat(body.path("session").path("name").asText()).isEqualTo("Untitled session");
        assertThat(body.path("session").path("maxMembers").asInt()).isEqualTo(100);
    }

    @Test
    void creating_with_values_out_of_their_rules_lists_every_field() {
        var response = api.post(
                "/api/sessions",
                null,
                "{\"name\":\"   \",\"maxMembers\":0,\"ttlSeconds\":59,\"displayName\":\"" + "x".repeat(51) + "\"}");

        var problem = problem(response, 400, "invalid_request");
        assertThat(errorFields(problem)).containsExactlyInAnyOrder("name", "maxMembers", "ttlSeconds", "displayName");
        problem.path("errors")
                .forEach(e -> assertThat(e.path("message").asText()).isNotBlank());
    }

    @Test
    void creating_with_a_ttl_over_the_maximum_lifetime_is_invalid() {
        var response =
                api.post("/api/sessions", null, "{\"ttlSeconds\":" + (TestGateway.MAX_LIFETIME.toSeconds() + 1) + "}");

        assertThat(errorFields(problem(response, 400, "invalid_request"))).containsExactly("ttlSeconds");
    }

    @Test
    void creating_with_fields_of_the_wrong_json_type_names_each_field() {
        var response = api.post(
                "/api/sessions",
                null,
                "{\"name\":5,\"maxMembers\":\"ten\",\"ttlSeconds\":600.5,\"displayName\":[\"Al\"]}");

        var problem = problem(response, 400, "invalid_request");
        assertThat(errorFields(problem)).containsExactlyInAnyOrder("name", "maxMembers", "ttlSeconds", "displayName");
    }

    @Test
    void a_max_members_too_large_for_any_number_type_is_out_of_range_not_a_crash() {
        var response = api.post("/api/sessions", null, "{\"maxMembers\":100000000000000000000000}");

        assertThat(errorFields(problem(response, 400, "invalid_request"))).containsExactly("maxMembers");
    }

    @Test
    void a_body_that_is_not_a_json_object_is_invalid() {
        problem(api.post("/api/sessions", null, "[1,2]"), 400, "invalid_request");
        problem(api.post("/api/sessions", null, "\"name\""), 400, "invalid_request");
        problem(api.post("/api/sessions", null, "{\"name\":"), 400, "invalid_request");
    }

    @Test
    void a_field_given_twice_is_invalid_not_the_last_one_taken() {
        problem(api.post("/api/sessions", null, "{\"name\":\"a\",\"name\":\"b\"}"), 400, "invalid_request");
        problem(api.post("/api/sessions", null, "{\"name\":\"a\",\"x\":{\"k\":1,\"k\":2}}"), 400, "invalid_request");
    }

    @Test
    void a_body_of_another_content_type_is_415() {
        var response = api.send(api.request("/api/sessions")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        problem(response, 415, "unsupported_media_type");
    }

    @Test
    void a_body_over_the_request_limit_is_413() {
        var response = api.post("/api/sessions", null, "{\"name\":\"" + "x".repeat(600 * 1024) + "\"}");

        problem(response, 413, "payload_too_large");
    }

    @Test
    void an_authorization_header_that_is_not_a_bearer_credential_is_401() {
        for (String header : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer a b", "hm_abc", "Token x")) {
            var response = api.send(api.request("/api/sessions")
                    .header("Authorization", header)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());
            problem(response, 401, "unauthorized");
        }
    }

    @Test
    void a_bearer_that_does_not_verify_is_401_even_where_no_credential_is_needed() {
        problem(api.post("/api/sessions", "not-a-user-token", "{}"), 401, "unauthorized");
        problem(api.post("/api/sessions", "hm_" + "A".repeat(43), "{}"), 401, "unauthorized");
        problem(api.post("/api/sessions", "hm_short", "{}"), 401, "unauthorized");
    }

    @Test
    void the_bearer_scheme_is_case_insensitive() {
        var created = api.created();

        for (String scheme : List.of("bearer", "BEARER", "bEaReR")) {
            var response = api.send(api.request("/api/sessions/" + code(created))
                    .header("Authorization", scheme + " " + token(created))
                    .GET()
                    .build());
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_store_that_is_down_is_503_with_retry_after_and_no_driver_text() {
        HttpResponse<String> response;
        api.sessions.down = true;
        try {
            response = api.post("/api/sessions", null, "{}");
        } finally {
            api.sessions.down = false;
        }

        var problem = problem(response, 503, "storage_unavailable");
        assertThat(problem.path("retryAfter").asInt()).isEqualTo(3);
        assertThat(response.headers().firstValue("Retry-After")).contains("3");
        assertThat(response.body()).doesNotContain("s3cret", "postgresql:", "Exception", "refused");
    }

    // --- GET /api/sessions/{code}

    @Test
    void a_member_reads_its_session_with_live_counts() {
        var created = api.created();
        var bob = api.joined(code(created), "Bob", "member");
        api.online(code(created), memberId(bob));

        var response = api.get("/api/sessions/" + code(created), token(bob));

        assertThat(response.statusCode()).isEqualTo(200);
        var session = json(response);
        assertThat(fields(session)).containsExactlyElementsOf(SESSION_FIELDS);
        assertThat(session.path("code").asText()).isEqualTo(code(created));
        assertThat(session.path("status").asText()).isEqualTo("active");
        assertThat(session.path("memberCount").asInt()).isEqualTo(2);
        assertThat(session.path("onlineCount").asInt()).isEqualTo(1);
    }

    @Test
    void the_code_in_the_path_is_case_insensitive_and_answered_upper_case() {
        var created = api.created();

        var response = api.get("/api/sessions/" + code(created).toLowerCase(), token(created));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("code").asText()).isEqualTo(code(created));
    }

    @Test
    void the_owner_reads_the_session_by_user_token_and_another_user_is_told_it_does_not_exist() {
        var created = api.created("user-alice", "{}");

        assertThat(api.get("/api/sessions/" + code(created), "user-alice").statusCode())
                .isEqualTo(200);
        problem(api.get("/api/sessions/" + code(created), "user-mallory"), 404, "session_not_found");
    }

    @Test
    void reading_a_live_session_without_a_credential_is_401() {
        var created = api.created();

        problem(api.get("/api/sessions/" + code(created), null), 401, "unauthorized");
    }

    @Test
    void an_unknown_code_is_404_whatever_credential_asks_and_401_without_one_as_for_a_live_session() {
        var created = api.created();

        problem(api.get("/api/sessions/ZZZZZZ", null), 401, "unauthorized");
        problem(api.get("/api/sessions/ZZZZZZ", token(created)), 404, "session_not_found");
        problem(api.get("/api/sessions/ZZZZZZ", "user-alice"), 404, "session_not_found");
    }

    @Test
    void a_malformed_code_is_404_on_every_endpoint_and_never_echoed() {
        var created = api.created();
        String bad = "0OI1L9";
        for (String path : List.of(
                "/api/sessions/" + bad,
                "/api/sessions/" + bad + "/members",
                "/api/sessions/" + bad + "/members/" + memberId(created),
                "/api/sessions/" + bad + "/presence",
                "/api/sessions/xyzzy",
                "/api/sessions/TOOLONGCODE2345")) {
            var get = api.get(path, token(created));
            var delete = api.delete(path, token(created));
            for (var response : List.of(get, delete)) {
                if (response.statusCode() == 405) continue; // e.g. DELETE on the members list
                problem(response, 404, "session_not_found");
                assertThat(response.body()).doesNotContain(bad, "TOOLONG", "xyzzy");
            }
        }
        var join = api.post("/api/sessions/" + bad + "/members", null, "{\"displayName\":\"Bob\"}");
        problem(join, 404, "session_not_found");
        assertThat(join.body()).doesNotContain(bad);
    }

    @Test
    void a_member_token_of_another_session_is_404_on_every_session_endpoint() {
        var mine = api.created();
        var other = api.created();
        String path = "/api/sessions/" + code(mine);

        problem(api.get(path, token(other)), 404, "session_not_found");
        problem(api.get(path + "/members", token(other)), 404, "session_not_found");
        problem(api.get(path + "/presence", token(other)), 404, "session_not_found");
        problem(api.delete(path + "/members/" + memberId(mine), token(other)), 404, "session_not_found");
        problem(api.delete(path, token(other)), 404, "session_not_found");
        assertThat(api.get(path, token(mine)).statusCode()).isEqualTo(200);
    }

    @Test
    void an_expired_session_is_404_and_its_tokens_stop_working() {
        var created = api.created("user-alice", "{\"ttlSeconds\":60}");
        var bob = api.joined(code(created), "Bob", "member");
        String path = "/api/sessions/" + code(created);

        api.clock.advance(Duration.ofSeconds(60));

        problem(api.get(path, null), 401, "unauthorized");
        problem(api.get(path, "user-alice"), 404, "session_not_found");
        problem(api.delete(path, "user-alice"), 404, "session_not_found");
        problem(api.post(path + "/members", null, "{\"displayName\":\"Carol\"}"), 404, "session_not_found");
        problem(api.get(path, token(bob)), 401, "unauthorized");
        problem(api.get(path + "/members", token(created)), 401, "unauthorized");
    }

    @Test
    void a_method_the_route_does_not_take_is_405() {
        var created = api.created();

        var response = api.send(api.request("/api/sessions/" + code(created))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build());

        problem(response, 405, "method_not_allowed");
    }

    @Test
    void head_answers_as_get_would_without_the_body_credential_first() {
        var entered = api.created();
        var path = "/api/sessions/" + code(entered);
        var get = api.get(path, token(entered));

        var anonymous = api.send(api.request(path).HEAD().build());
        var member = api.send(api.request(path)
                .header("Authorization", "Bearer " + token(entered))
                .HEAD()
                .build());
        var unknown = api.send(api.request("/api/sessions/ZZZZZZ")
                .header("Authorization", "Bearer " + token(entered))
                .HEAD()
                .build());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(member.statusCode()).isEqualTo(200);
        assertThat(member.body()).isEmpty();
        assertThat(member.headers().firstValue("Content-Type"))
                .isEqualTo(get.headers().firstValue("Content-Type"));
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    // --- DELETE /api/sessions/{code}

    @Test
    void the_owner_ends_the_session_and_every_token_stops_working_at_once() {
        var created = api.created("user-alice", "{}");
        var bob = api.joined(code(created), "Bob", "member");
        var dana = api.joined(code(created), "Dana", "display");
        String path = "/api/sessions/" + code(created);

        var response = api.delete(path, token(created));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        problem(api.get(path, null), 401, "unauthorized");
        problem(api.get(path, "user-alice"), 404, "session_not_found");
        problem(api.post(path + "/members", null, "{\"displayName\":\"Eve\"}"), 404, "session_not_found");
        for (JsonNode holder : List.of(created, bob, dana)) {
            problem(api.get(path, token(holder)), 401, "unauthorized");
            problem(api.get(path + "/members", token(holder)), 401, "unauthorized");
        }
    }

    @Test
    void the_owner_ends_the_session_by_user_token() {
        var created = api.created("user-alice", "{}");

        assertThat(api.delete("/api/sessions/" + code(created), "user-alice").statusCode())
                .isEqualTo(204);
        problem(api.get("/api/sessions/" + code(created), "user-alice"), 404, "session_not_found");
    }

    @Test
    void a_member_who_is_not_the_owner_may_not_end_the_session() {
        var created = api.created();
        var bob = api.joined(code(created), "Bob", "controller");
        var dana = api.joined(code(created), "Dana", "display");

        problem(api.delete("/api/sessions/" + code(created), token(bob)), 403, "forbidden");
        problem(api.delete("/api/sessions/" + code(created), token(dana)), 403, "forbidden");
        assertThat(api.get("/api/sessions/" + code(created), token(bob)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void ending_needs_a_credential_and_another_users_token_is_told_it_does_not_exist() {
        var created = api.created("user-alice", "{}");

        problem(api.delete("/api/sessions/" + code(created), null), 401, "unauthorized");
        problem(api.delete("/api/sessions/" + code(created), "user-mallory"), 404, "session_not_found");
        problem(api.delete("/api/sessions/ZZZZZZ", "user-alice"), 404, "session_not_found");
    }

    // --- POST /api/sessions/{code}/members

    @Test
    void joining_answers_201_with_the_session_and_the_new_member_and_its_token() {
        var created = api.created();

        var response = api.post(members(code(created)), null, "{\"displayName\":\"  Bob \"}");

        assertThat(response.statusCode()).isEqualTo(201);
        var body = json(response);
        assertThat(fields(body)).containsExactly("session", "member");
        assertThat(fields(body.path("session"))).containsExactlyElementsOf(SESSION_FIELDS);
        assertThat(body.path("session").path("code").asText()).isEqualTo(code(created));
        assertThat(body.path("session").path("memberCount").asInt()).isEqualTo(2);
        var member = body.path("member");
        assertThat(fields(member)).containsExactlyElementsOf(NEW_MEMBER_FIELDS);
        assertThat(member.path("displayName").asText()).isEqualTo("Bob");
        assertThat(member.path("role").asText()).isEqualTo("member");
        assertThat(member.path("online").asBoolean()).isFalse();
        assertThat(instant(member.path("joinedAt"))).isEqualTo(api.clock.instant());
        assertThat(member.path("token").asText())
                .matches("hm_[A-Za-z0-9_-]{43}")
                .isNotEqualTo(token(created));
        assertThat(api.get(
                                "/api/sessions/" + code(created),
                                member.path("token").asText())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void joining_takes_the_roles_controller_member_and_display() {
        var created = api.created();

        for (String role : List.of("controller", "member", "display")) {
            assertThat(api.joined(code(created), "A " + role, role)
                            .path("member")
                            .path("role")
                            .asText())
                    .isEqualTo(role);
        }
    }

    @Test
    void joining_as_owner_or_without_a_display_name_is_invalid() {
        var created = api.created();

        var asOwner = api.post(members(code(created)), null, "{\"displayName\":\"Bob\",\"role\":\"owner\"}");
        assertThat(errorFields(problem(asOwner, 400, "invalid_request"))).containsExactly("role");
        var nameless = api.post(members(code(created)), null, "{}");
        assertThat(errorFields(problem(nameless, 400, "invalid_request"))).containsExactly("displayName");
        var bodiless = api.post(members(code(created)), null, null);
        assertThat(errorFields(problem(bodiless, 400, "invalid_request"))).containsExactly("displayName");
        var control = api.post(members(code(created)), null, "{\"displayName\":\"Bo\\u0007b\"}");
        assertThat(errorFields(problem(control, 400, "invalid_request"))).containsExactly("displayName");
    }

    @Test
    void joining_with_fields_of_the_wrong_json_type_names_each_field() {
        var created = api.created();

        var response = api.post(members(code(created)), null, "{\"displayName\":42,\"role\":true}");

        assertThat(errorFields(problem(response, 400, "invalid_request")))
                .containsExactlyInAnyOrder("displayName", "role");
    }

    @Test
    void joining_an_unknown_session_is_404() {
        problem(api.post(members("ZZZZZZ"), null, "{\"displayName\":\"Bob\"}"), 404, "session_not_found");
    }

    @Test
    void joining_a_full_session_is_409() {
        var created = api.created(null, "{\"maxMembers\":2}");
        api.joined(code(created), "Bob", "member");

        var response = api.post(members(code(created)), null, "{\"displayName\":\"Carol\"}");

        problem(response, 409, "session_full");
    }

    @Test
    void joining_ignores_the_authorization_header() {
        var created = api.created();

        var response = api.send(api.request(members(code(created)))
                .header("Authorization", "Bearer hm_revoked-or-garbage")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"Bob\"}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void concurrent_joins_never_overshoot_max_members() throws Exception {
        var created = api.created(null, "{\"maxMembers\":10}");
        var start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> joins = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                String name = "Joiner " + i;
                joins.add(pool.submit(() -> {
                    start.await();
                    return api.post(members(code(created)), null, "{\"displayName\":\"" + name + "\"}");
                }));
            }
            start.countDown();
        }

        int joined = 0;
        int full = 0;
        for (var join : joins) {
            var response = join.get();
            if (response.statusCode() == 201) joined++;
            else {
                problem(response, 409, "session_full");
                full++;
            }
        }
        // The owner holds one of the ten seats.
        assertThat(joined).isEqualTo(9);
        assertThat(full).isEqualTo(11);
        var list = json(api.get(members(code(created)), token(created)));
        assertThat(list.path("members").size()).isEqualTo(10);
    }

    // --- GET /api/sessions/{code}/members

    @Test
    void members_are_listed_by_join_time_with_whether_they_are_online() {
        var created = api.created(null, "{\"displayName\":\"Alice\"}");
        api.clock.advance(Duration.ofSeconds(1));
        var bob = api.joined(code(created), "Bob", "controller");
        api.clock.advance(Duration.ofSeconds(1));
        var dana = api.joined(code(created), "Dana", "display");
        api.online(code(created), memberId(bob));

        var response = api.get(members(code(created)), token(dana));

        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response);
        assertThat(fields(body)).containsExactly("members");
        var list = body.path("members");
        assertThat(list.size()).isEqualTo(3);
        list.forEach(m -> assertThat(fields(m)).containsExactlyElementsOf(MEMBER_FIELDS));
        assertThat(list.findValuesAsText("displayName")).containsExactly("Alice", "Bob", "Dana");
        assertThat(list.findValuesAsText("role")).containsExactly("owner", "controller", "display");
        assertThat(list.findValuesAsText("id")).containsExactly(memberId(created), memberId(bob), memberId(dana));
        assertThat(list.get(0).path("online").asBoolean()).isFalse();
        assertThat(list.get(1).path("online").asBoolean()).isTrue();
        assertThat(list.get(2).path("online").asBoolean()).isFalse();
        assertThat(instant(list.get(1).path("joinedAt")))
                .isEqualTo(instant(created.path("session").path("createdAt")).plusSeconds(1));
        instant(list.get(1).path("lastSeenAt"));
    }

    @Test
    void listing_members_needs_a_member_token_even_from_the_owner_user() {
        var created = api.created("user-alice", "{}");

        problem(api.get(members(code(created)), null), 401, "unauthorized");
        problem(api.get(members(code(created)), "user-alice"), 401, "unauthorized");
        problem(api.get(members("ZZZZZZ"), token(created)), 404, "session_not_found");
    }

    // --- DELETE /api/sessions/{code}/members/{memberId}

    @Test
    void a_member_leaves_and_its_token_stops_working() {
        var created = api.created();
        var bob = api.joined(code(created), "Bob", "member");

        var response = api.delete(members(code(created)) + "/" + memberId(bob), token(bob));

        assertThat(response.statusCode()).isEqualTo(204);
        problem(api.get("/api/sessions/" + code(created), token(bob)), 401, "unauthorized");
        var list = json(api.get(members(code(created)), token(created))).path("members");
        assertThat(list.findValuesAsText("id")).containsExactly(memberId(created));
    }

    @Test
    void the_owner_kicks_a_member_and_its_token_stops_working() {
        var created = api.created();
        var bob = api.joined(code(created), "Bob", "member");

        assertThat(api.delete(members(code(created)) + "/" + memberId(bob), token(created))
                        .statusCode())
                .isEqualTo(204);
        problem(api.get(members(code(created)), token(bob)), 401, "unauthorized");
    }

    @Test
    void the_owners_user_token_kicks_and_no_other_user_token_does() {
        var created = api.created("user-alice", "{}");
        var bob = api.joined(code(created), "Bob", "member");
        var carol = api.joined(code(created), "Carol", "member");

        problem(api.delete(members(code(created)) + "/" + memberId(bob), "user-mallory"), 404, "session_not_found");
        assertThat(api.delete(members(code(created)) + "/" + memberId(bob), "user-alice")
                        .statusCode())
                .isEqualTo(204);
        problem(api.get(members(code(created)), token(bob)), 401, "unauthorized");
        problem(api.delete(members(code(created)) + "/m_nobody", "user-alice"), 404, "member_not_found");
        assertThat(json(api.get(members(code(created)), token(carol)))
                        .path("members")
                        .findValuesAsText("id"))
                .containsExactlyInAnyOrder(memberId(created), memberId(carol)); // same joinedAt: ordered by id
    }

    @Test
    void the_owner_may_leave_too_and_the_session_goes_on() {
        var created = api.created();
        var bob = api.joined(code(created), "Bob", "member");

        assertThat(api.delete(members(code(created)) + "/" + memberId(created), token(created))
                        .statusCode())
                .isEqualTo(204);
        assertThat(api.get("/api/sessions/" + code(created), token(bob)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void a_member_who_is_not_the_owner_may_not_kick_nor_learn_which_ids_exist() {
        var created = api.created();
        var bob = api.joined(code(created), "Bob", "controller");
        var carol = api.joined(code(created), "Carol", "member");

        problem(api.delete(members(code(created)) + "/" + memberId(carol), token(bob)), 403, "forbidden");
        problem(api.delete(members(code(created)) + "/" + memberId(created), token(bob)), 403, "forbidden");
        problem(api.delete(members(code(created)) + "/m_nobody", token(bob)), 403, "forbidden");
        assertThat(json(api.get(members(code(created)), token(carol)))
                        .path("members")
                        .size())
                .isEqualTo(3);
    }

    @Test
    void the_owner_removing_an_unknown_member_is_404_member_not_found() {
        var created = api.created();
        var other = api.created();

        problem(api.delete(members(code(created)) + "/m_nobody", token(created)), 404, "member_not_found");
        problem(api.delete(members(code(created)) + "/not-an-id", token(created)), 404, "member_not_found");
        problem(api.delete(members(code(created)) + "/" + memberId(other), token(created)), 404, "member_not_found");
    }

    @Test
    void removing_needs_a_member_token_or_the_owners_user_token() {
        var created = api.created("user-alice", "{}");
        var bob = api.joined(code(created), "Bob", "member");
        String path = members(code(created)) + "/" + memberId(bob);

        problem(api.delete(path, null), 401, "unauthorized");
        problem(api.delete(path, "user-unknown"), 404, "session_not_found");
        problem(api.delete(members("ZZZZZZ") + "/" + memberId(bob), token(bob)), 404, "session_not_found");
        problem(api.delete(members("ZZZZZZ") + "/" + memberId(bob), "user-alice"), 404, "session_not_found");
    }

    // --- GET /api/sessions/{code}/presence

    @Test
    void presence_counts_members_and_online_members_by_role() {
        var created = api.created();
        var bob = api.joined(code(created), "Bob", "member");
        api.joined(code(created), "Carol", "member");
        var dana = api.joined(code(created), "Dana", "display");
        api.joined(code(created), "Eve", "display");
        api.online(code(created), memberId(created));
        api.online(code(created), memberId(bob));
        api.online(code(created), memberId(dana));

        var response = api.get("/api/sessions/" + code(created) + "/presence", token(dana));

        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response);
        assertThat(fields(body)).containsExactly("total", "online", "byRole", "onlineByRole");
        assertThat(body.path("total").asInt()).isEqualTo(5);
        assertThat(body.path("online").asInt()).isEqualTo(3);
        assertThat(fields(body.path("byRole"))).containsExactly("owner", "controller", "member", "display");
        assertThat(fields(body.path("onlineByRole"))).containsExactly("owner", "controller", "member", "display");
        assertThat(body.path("byRole").toString())
                .isEqualTo("{\"owner\":1,\"controller\":0,\"member\":2,\"display\":2}");
        assertThat(body.path("onlineByRole").toString())
                .isEqualTo("{\"owner\":1,\"controller\":0,\"member\":1,\"display\":1}");
    }

    @Test
    void presence_needs_a_member_token_of_this_session() {
        var created = api.created("user-alice", "{}");

        problem(api.get("/api/sessions/" + code(created) + "/presence", null), 401, "unauthorized");
        problem(api.get("/api/sessions/" + code(created) + "/presence", "user-alice"), 401, "unauthorized");
        problem(api.get("/api/sessions/ZZZZZZ/presence", token(created)), 404, "session_not_found");
    }

    // --- GET /api/sessions (the paging itself is in SessionRoutesJwtTest)

    @Test
    void listing_needs_a_user_token_so_the_anonymous_owner_cannot_list() {
        var created = api.created();

        problem(api.get("/api/sessions", null), 401, "unauthorized");
        problem(api.get("/api/sessions", token(created)), 401, "unauthorized");
        problem(api.get("/api/sessions", "not-a-user-token"), 401, "unauthorized");
    }

    @Test
    void listing_with_bad_query_parameters_names_each_one() {
        for (String limit : List.of("0", "101", "ten", "-1", "1.5", "", "0010000")) {
            var response = api.get("/api/sessions?limit=" + limit, "user-alice");
            assertThat(errorFields(problem(response, 400, "invalid_request")))
                    .as(limit)
                    .containsExactly("limit");
        }
        var both = api.get("/api/sessions?status=open&limit=500", "user-alice");
        assertThat(errorFields(problem(both, 400, "invalid_request"))).containsExactlyInAnyOrder("status", "limit");
        for (String cursor : List.of("garbage", "MTIzLmFiYw", "%20")) {
            var response = api.get("/api/sessions?cursor=" + cursor, "user-alice");
            assertThat(errorFields(problem(response, 400, "invalid_request")))
                    .as(cursor)
                    .containsExactly("cursor");
        }
    }

    @Test
    void listing_with_an_empty_cursor_starts_at_the_first_page() {
        api.created("user-lister", "{}");

        var response = api.get("/api/sessions?cursor=&limit=100&status=all", "user-lister");

        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response);
        assertThat(fields(body)).containsExactly("sessions", "nextCursor");
        assertThat(body.path("sessions").size()).isEqualTo(1);
        assertThat(fields(body.path("sessions").get(0))).containsExactlyElementsOf(SESSION_FIELDS);
        assertThat(body.path("nextCursor").isNull()).isTrue();
    }
}
