package io.huddle.adapters.web.limit;

import static io.huddle.adapters.web.limit.LimitedGateway.code;
import static io.huddle.adapters.web.limit.LimitedGateway.memberId;
import static io.huddle.adapters.web.limit.LimitedGateway.rateLimitHeaders;
import static io.huddle.adapters.web.limit.LimitedGateway.refusedBy;
import static io.huddle.adapters.web.limit.LimitedGateway.token;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Each tier of PROTOCOL.md section 7 through a real server: its limit, its headers, its 429. */
class RequestLimitsTest {
    private static final String UNKNOWN_CODE = "ZZZZZZ";

    private LimitedGateway api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    /** Only the named tiers on: tier name to limit. */
    static LimitPolicy.Tiers only(Map<String, Limit> on) {
        Map<String, Limit> tiers = new HashMap<>(on);
        return new LimitPolicy.Tiers(
                Optional.ofNullable(tiers.remove("message")),
                Optional.ofNullable(tiers.remove("message-ip")),
                Optional.ofNullable(tiers.remove("burst")),
                Optional.ofNullable(tiers.remove("connect")),
                Optional.ofNullable(tiers.remove("join")),
                Optional.ofNullable(tiers.remove("join-fail")),
                Optional.ofNullable(tiers.remove("api")),
                Optional.ofNullable(tiers.remove("strict")));
    }

    private LimitedGateway start(Map<String, Limit> on) {
        api = new LimitedGateway(only(on));
        return api;
    }

    @Test
    void api_allows_count_requests_per_ip_with_headers_then_refuses_until_the_window_moves() {
        start(Map.of("api", new Limit(3, Duration.ofSeconds(60))));

        for (int remaining = 2; remaining >= 0; remaining--) {
            var allowed = api.get("/api/sessions/" + UNKNOWN_CODE, null);
            assertThat(allowed.statusCode()).isEqualTo(401);
            assertThat(rateLimitHeaders(allowed))
                    .isEqualTo(Map.of("limit", 3L, "remaining", (long) remaining, "reset", 60L));
        }
        api.clock.advance(Duration.ofSeconds(15));
        var over = api.get("/api/sessions", null);

        assertThat(refusedBy("api", over)).isEqualTo(45);
        assertThat(rateLimitHeaders(over)).isEqualTo(Map.of("limit", 3L, "remaining", 0L, "reset", 45L));
        api.clock.advance(Duration.ofSeconds(45));
        assertThat(api.get("/api/sessions/" + UNKNOWN_CODE, null).statusCode()).isEqualTo(401);
    }

    @Test
    void api_counts_unknown_api_paths_too_but_not_the_operations_endpoints() {
        start(Map.of("api", new Limit(1, Duration.ofSeconds(60))));

        assertThat(api.get("/api/nothing-here", null).statusCode()).isEqualTo(404);
        refusedBy("api", api.get("/api/sessions", null));
        var ping = api.get("/ping", null);
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.headers().firstValue("RateLimit-Limit")).isEmpty();
    }

    @Test
    void a_refused_create_stores_nothing_because_the_limit_comes_before_any_work() {
        start(Map.of("strict", new Limit(2, Duration.ofMinutes(15))));
        api.created();
        api.created();

        long retryAfter = refusedBy("strict", api.create(null));

        assertThat(retryAfter).isEqualTo(15 * 60);
        assertThat(api.sessions
                        .listByOwner(
                                OwnerId.ANONYMOUS,
                                SessionStore.StatusFilter.ALL,
                                Optional.empty(),
                                100,
                                api.clock.instant())
                        .sessions())
                .hasSize(2);
    }

    @Test
    void strict_counts_each_user_apart_and_members_by_their_token() {
        start(Map.of("strict", new Limit(1, Duration.ofMinutes(15))));

        assertThat(api.create("user-a").statusCode()).isEqualTo(201);
        refusedBy("strict", api.create("user-a"));
        var other = api.create("user-b");
        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(rateLimitHeaders(other)).containsEntry("limit", 1L).containsEntry("remaining", 0L);

        // The owner of user-b's session: a kick and a delete are both strict, counted by the member token.
        var session = LimitedGateway.json(other);
        var joined = LimitedGateway.json(api.join(code(session)));
        var kick = api.send(
                "DELETE", "/api/sessions/" + code(session) + "/members/" + memberId(joined), token(session), null);
        assertThat(kick.statusCode()).isEqualTo(204);
        refusedBy("strict", api.send("DELETE", "/api/sessions/" + code(session), token(session), null));
        assertThat(api.get("/api/sessions/" + code(session), token(session)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void join_allows_count_joins_per_ip_then_refuses() {
        start(Map.of("join", new Limit(2, Duration.ofMinutes(15))));
        var code = code(api.created());

        assertThat(rateLimitHeaders(api.join(code))).containsEntry("remaining", 1L);
        assertThat(rateLimitHeaders(api.join(code))).containsEntry("remaining", 0L);
        assertThat(refusedBy("join", api.join(code))).isEqualTo(15 * 60);
        assertThat(api.get("/api/sessions/" + code + "/members", token(api.created()))
                        .statusCode())
                .as("other requests are not joins")
                .isEqualTo(404);
    }

    @Test
    void joins_refused_as_400_or_415_are_not_counted_by_join() {
        start(Map.of("join", new Limit(2, Duration.ofMinutes(15))));
        var code = code(api.created());
        var members = "/api/sessions/" + code + "/members";

        assertThat(api.send("POST", members, null, "{}").statusCode())
                .as("no displayName")
                .isEqualTo(400);
        assertThat(api.send("POST", members, null, "{\"displayName\":\"Bo\",\"role\":\"owner\"}")
                        .statusCode())
                .as("a role that cannot join")
                .isEqualTo(400);
        assertThat(api.send("POST", members, null, "{\"displayName\":").statusCode())
                .as("malformed JSON")
                .isEqualTo(400);
        assertThat(api.send("POST", members, null, "displayName=Bo", "Content-Type", "text/plain")
                        .statusCode())
                .as("not JSON")
                .isEqualTo(415);

        assertThat(rateLimitHeaders(api.join(code))).containsEntry("limit", 2L).containsEntry("remaining", 1L);
        assertThat(rateLimitHeaders(api.join(UNKNOWN_CODE)))
                .as("an unknown code reached the lookup: counted")
                .containsEntry("remaining", 0L);
        assertThat(refusedBy("join", api.join(code))).isEqualTo(15 * 60);
    }

    @Test
    void once_join_fail_failed_joins_are_in_the_window_every_join_is_refused_until_the_oldest_leaves() {
        start(Map.of(
                "join", new Limit(100, Duration.ofMinutes(15)), "join-fail", new Limit(2, Duration.ofSeconds(60))));
        var code = code(api.created());
        assertThat(api.join(code).statusCode())
                .as("successful joins are no failures")
                .isEqualTo(201);
        assertThat(api.join(code).statusCode()).isEqualTo(201);

        assertThat(api.join(UNKNOWN_CODE).statusCode()).isEqualTo(404);
        api.clock.advance(Duration.ofSeconds(10));
        assertThat(api.join("not-a-code").statusCode()).isEqualTo(404);
        api.clock.advance(Duration.ofSeconds(5));

        var refusedJoin = api.join(code);
        assertThat(refusedBy("join-fail", refusedJoin)).isEqualTo(45);
        assertThat(refusedBy("join-fail", api.join(UNKNOWN_CODE)))
                .as("a refused join is no failure")
                .isEqualTo(45);
        var members = "/api/sessions/" + code + "/members";
        assertThat(refusedBy("join-fail", api.send("POST", members, null, "{}")))
                .as("a join that would be 400 is refused too: every join is")
                .isEqualTo(45);
        assertThat(refusedBy(
                        "join-fail", api.send("POST", members, null, "displayName=Bo", "Content-Type", "text/plain")))
                .as("a join that would be 415 is refused too")
                .isEqualTo(45);
        assertThat(refusedBy("join-fail", api.join("not-a-code")))
                .as("a malformed code's join is refused too, and not counted as a failure")
                .isEqualTo(45);
        api.clock.advance(Duration.ofSeconds(45));
        assertThat(api.join(code).statusCode()).isEqualTo(201);
        assertThat(api.get("/api/sessions/" + UNKNOWN_CODE, "user-alice").statusCode())
                .as("only joins are gated")
                .isEqualTo(404);
    }

    @Test
    void burst_counts_every_request_of_one_member_over_one_second() {
        start(Map.of("burst", new Limit(3, Duration.ofSeconds(1)), "api", new Limit(100, Duration.ofMinutes(15))));
        var session = api.created();
        var path = "/api/sessions/" + code(session);

        var first = api.get(path, token(session));
        assertThat(rateLimitHeaders(first)).isEqualTo(Map.of("limit", 3L, "remaining", 2L, "reset", 1L));
        api.get(path + "/members", token(session));
        api.get(path + "/presence", token(session));
        var over = api.get(path, token(session));

        assertThat(refusedBy("burst", over)).isEqualTo(1);
        assertThat(api.get(path, null).statusCode()).as("another caller").isEqualTo(401);
        api.clock.advance(Duration.ofSeconds(1));
        assertThat(api.get(path, token(session)).statusCode()).isEqualTo(200);
    }

    @Test
    void message_allows_count_sends_per_member_whoever_else_sends() {
        start(Map.of("message", new Limit(2, Duration.ofSeconds(60))));
        var session = api.created();
        var code = code(session);
        var other = token(LimitedGateway.json(api.join(code)));

        assertThat(rateLimitHeaders(api.sendMessage(code, token(session))))
                .isEqualTo(Map.of("limit", 2L, "remaining", 1L, "reset", 60L));
        api.clock.advance(Duration.ofSeconds(20));
        var second = api.sendMessage(code, token(session));
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(rateLimitHeaders(second)).isEqualTo(Map.of("limit", 2L, "remaining", 0L, "reset", 40L));
        var third = api.sendMessage(code, token(session));

        assertThat(refusedBy("message", third)).isEqualTo(40);
        assertThat(api.sendMessage(code, other).statusCode()).isEqualTo(201);
        assertThat(api.get("/api/sessions/" + code + "/messages/stats", token(session))
                        .body())
                .as("the refused send stored nothing")
                .contains("\"count\":3");
    }

    @Test
    void message_ip_counts_the_sends_of_every_member_behind_one_ip() {
        start(Map.of(
                "message", new Limit(10, Duration.ofSeconds(60)), "message-ip", new Limit(3, Duration.ofSeconds(60))));
        var session = api.created();
        var code = code(session);
        var other = token(LimitedGateway.json(api.join(code)));

        api.sendMessage(code, token(session));
        api.sendMessage(code, other);
        var third = api.sendMessage(code, token(session));
        assertThat(third.statusCode()).isEqualTo(201);
        assertThat(rateLimitHeaders(third)).containsEntry("limit", 3L).containsEntry("remaining", 0L);
        var over = api.sendMessage(code, other);

        assertThat(refusedBy("message-ip", over)).isEqualTo(60);
        assertThat(LimitedGateway.json(over).path("code").asText()).isEqualTo("rate_limited");
        assertThat(api.get("/api/sessions/" + code + "/messages", other).statusCode())
                .as("reading is no send")
                .isEqualTo(200);
    }

    @Test
    void burst_counts_message_sends_with_every_other_request_of_the_member() {
        start(Map.of("burst", new Limit(2, Duration.ofSeconds(1))));
        var session = api.created();
        var code = code(session);

        assertThat(api.get("/api/sessions/" + code + "/messages", token(session))
                        .statusCode())
                .isEqualTo(200);
        assertThat(api.sendMessage(code, token(session)).statusCode()).isEqualTo(201);
        var over = api.sendMessage(code, token(session));

        assertThat(refusedBy("burst", over)).isEqualTo(1);
        assertThat(refusedBy("burst", api.send("DELETE", "/api/sessions/" + code + "/messages", token(session), null)))
                .as("clearing is a request of the member too")
                .isEqualTo(1);
    }

    @Test
    void with_every_tier_off_nothing_is_counted_and_no_header_is_sent() {
        start(Map.of());

        for (int i = 0; i < 20; i++) {
            var response = api.create(null);
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().map().keySet())
                    .noneMatch(name -> name.toLowerCase().startsWith("ratelimit"));
        }
    }

    @Test
    void x_forwarded_for_from_an_untrusted_peer_is_ignored() {
        start(Map.of("api", new Limit(1, Duration.ofSeconds(60))));

        assertThat(api.get("/api/sessions", null, "X-Forwarded-For", "203.0.113.1")
                        .statusCode())
                .isEqualTo(401);
        refusedBy("api", api.get("/api/sessions", null, "X-Forwarded-For", "203.0.113.2"));
    }

    @Test
    void the_request_log_line_names_the_client_the_limits_counted_and_the_proxy_it_came_through() {
        api = LimitedGateway.behind(
                List.of("127.0.0.1/32", "::1"), only(Map.of("api", new Limit(9, Duration.ofSeconds(60)))));
        var logs = new ListAppender<ILoggingEvent>();
        logs.start();
        var http = (Logger) LoggerFactory.getLogger("huddle.http");
        http.addAppender(logs);
        try {
            api.get("/api/sessions", null, "X-Forwarded-For", "203.0.113.9", "X-Correlation-Id", "behind-proxy");
        } finally {
            http.detachAppender(logs);
        }

        var lines = logs.list.stream()
                .map(event -> {
                    Map<String, Object> fields = new HashMap<>();
                    event.getKeyValuePairs().forEach(kv -> fields.put(kv.key, kv.value));
                    return fields;
                })
                .filter(fields -> "behind-proxy".equals(fields.get("correlationId")))
                .toList();
        assertThat(lines).hasSize(1);
        var fields = lines.getFirst();
        assertThat(fields).containsEntry("clientIp", "203.0.113.9").containsEntry("peer", "127.0.0.1");
    }

    @Test
    void x_forwarded_for_from_a_trusted_peer_names_the_client_by_its_right_most_untrusted_address() {
        api = LimitedGateway.behind(
                List.of("10.0.0.0/8", "127.0.0.1/32", "::1"),
                only(Map.of("api", new Limit(1, Duration.ofSeconds(60)))));

        assertThat(api.get("/api/sessions", null, "X-Forwarded-For", "203.0.113.1, 10.1.1.1")
                        .statusCode())
                .isEqualTo(401);
        assertThat(api.get("/api/sessions", null, "X-Forwarded-For", "203.0.113.2, 10.1.1.1")
                        .statusCode())
                .isEqualTo(401);
        refusedBy("api", api.get("/api/sessions", null, "X-Forwarded-For", "198.51.100.7, 203.0.113.1"));
        assertThat(api.get("/api/sessions", null, "X-Forwarded-For", "[2001:db8::1]:5555")
                        .statusCode())
                .isEqualTo(401);
        refusedBy("api", api.get("/api/sessions", null, "X-Forwarded-For", "2001:db8:0:0:0:0:0:1"));
    }
}
