package io.huddle.adapters.web.state;

import static io.huddle.adapters.web.TestHuddle.TIME;
import static io.huddle.adapters.web.TestHuddle.errorFields;
import static io.huddle.adapters.web.TestHuddle.fieldNames;
import static io.huddle.adapters.web.TestHuddle.json;
import static io.huddle.adapters.web.TestHuddle.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.TestHuddle;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.SessionCode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The state endpoints over a real server; every test works in a session of its own. */
class StateRoutesTest {
    private static final int MAX_DATA_BYTES = 256 * 1024;

    private static TestHuddle api;

    private TestHuddle.Party party;
    private TestHuddle.Member bob;
    private TestHuddle.Member wall;

    @BeforeAll
    static void start() {
        api = new TestHuddle();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void a_session_with_a_member_and_a_display() {
        party = api.created();
        bob = api.joined(party.code(), "Bob", "member");
        wall = api.joined(party.code(), "Wall", "display");
    }

    private String state() {
        return "/api/sessions/" + party.code() + "/state";
    }

    private HttpResponse<String> put(TestHuddle.Member member, String json, String... headers) {
        return api.put(state(), member.token(), json, headers);
    }

    private JsonNode written(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    private long version() {
        return json(api.get(state(), bob.token())).path("version").asLong();
    }

    // --- GET …/state

    @Test
    void a_state_nobody_wrote_is_version_zero_with_nulls_and_etag_zero() {
        var response = api.get(state(), wall.token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"version\":0,\"data\":null,\"updatedAt\":null,\"updatedBy\":null}");
        assertThat(etag(response)).isEqualTo("\"0\"");
    }

    @Test
    void a_read_with_the_current_tag_in_if_none_match_is_304_with_the_etag_and_no_body() {
        put(bob, "{\"data\":1}");

        var same = api.send(api.request(state(), wall.token())
                .header("If-None-Match", "\"1\"")
                .GET()
                .build());
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(etag(same)).isEqualTo("\"1\"");
        assertThat(same.body()).isEmpty();

        var other = api.send(api.request(state(), wall.token())
                .header("If-None-Match", "\"0\"")
                .GET()
                .build());
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(json(other).path("version").asLong()).isEqualTo(1);
    }

    @Test
    void reading_state_needs_a_member_token_of_this_session() {
        problem(api.get(state(), null), 401, "unauthorized");
        problem(api.get(state(), "user-alice"), 401, "unauthorized");
        problem(api.get(state(), "hm_" + "B".repeat(43)), 401, "unauthorized");
        problem(api.get(state(), api.created().owner().token()), 404, "session_not_found");
        problem(api.get("/api/sessions/ZZZZZZ/state", bob.token()), 404, "session_not_found");
        problem(api.get("/api/sessions/nope/state", bob.token()), 404, "session_not_found");
    }

    // --- PUT …/state

    @Test
    void a_member_writes_and_gets_the_new_version_with_its_etag() {
        api.clock.advance(Duration.ofSeconds(1));

        var response = put(bob, "{\"data\": {\"tempo\": 120, \"bars\": [1, 2.50], \"title\": \"Probe\"}}");

        var state = written(response);
        assertThat(fieldNames(state)).containsExactly("version", "data", "updatedAt", "updatedBy");
        assertThat(response.body())
                .startsWith("{\"version\":1,\"data\":{\"tempo\":120,\"bars\":[1,2.5],\"title\":\"Probe\"},");
        assertThat(state.path("updatedAt").asText())
                .matches(TIME)
                .isEqualTo(api.clock.instant().toString());
        assertThat(state.path("updatedBy").asText()).isEqualTo(bob.id());
        assertThat(etag(response)).isEqualTo("\"1\"");

        var read = api.get(state(), wall.token());
        assertThat(read.body()).isEqualTo(response.body());
        assertThat(etag(read)).isEqualTo("\"1\"");
    }

    @Test
    void every_write_without_if_match_raises_the_version() {
        put(bob, "{\"data\":1}");
        put(party.owner(), "{\"data\":2}");

        var third = written(put(bob, "{\"data\":3}"));

        assertThat(third.path("version").asLong()).isEqualTo(3);
        assertThat(third.path("data").asInt()).isEqualTo(3);
    }

    @Test
    void data_may_be_any_json_value_null_included() {
        assertThat(written(put(bob, "{\"data\":\"text\"}")).path("data").asText())
                .isEqualTo("text");
        assertThat(written(put(bob, "{\"data\":[true,null]}")).path("data").isArray())
                .isTrue();

        var cleared = put(bob, "{\"data\":null}");

        assertThat(cleared.body()).startsWith("{\"version\":3,\"data\":null,\"updatedAt\":\"");
        assertThat(json(api.get(state(), bob.token())).path("updatedBy").asText())
                .isEqualTo(bob.id());
    }

    @Test
    void if_match_with_the_current_etag_writes() {
        var first = put(bob, "{\"data\":1}");

        var second = put(party.owner(), "{\"data\":2}", "If-Match", etag(first));

        assertThat(written(second).path("version").asLong()).isEqualTo(2);
        assertThat(etag(second)).isEqualTo("\"2\"");
    }

    @Test
    void a_stale_if_match_is_412_with_the_current_version_and_nothing_written() {
        put(bob, "{\"data\":1}");
        put(bob, "{\"data\":2}");

        var response = put(party.owner(), "{\"data\":\"late\"}", "If-Match", "\"1\"");

        var problem = problem(response, 412, "version_conflict");
        assertThat(problem.path("currentVersion").asLong()).isEqualTo(2);
        assertThat(problem.path("currentVersion").isIntegralNumber()).isTrue();
        assertThat(json(api.get(state(), bob.token())).path("data").asInt()).isEqualTo(2);
    }

    @Test
    void if_match_zero_writes_only_a_state_nobody_wrote() {
        assertThat(written(put(bob, "{\"data\":\"first\"}", "If-Match", "\"0\""))
                        .path("version")
                        .asLong())
                .isEqualTo(1);

        var second = put(party.owner(), "{\"data\":\"second\"}", "If-Match", "\"0\"");

        assertThat(problem(second, 412, "version_conflict")
                        .path("currentVersion")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void a_weakened_tag_a_bare_version_and_a_star_are_accepted() {
        put(bob, "{\"data\":1}");

        assertThat(written(put(bob, "{\"data\":2}", "If-Match", "W/\"1\""))
                        .path("version")
                        .asLong())
                .isEqualTo(2);
        assertThat(written(put(bob, "{\"data\":3}", "If-Match", "2"))
                        .path("version")
                        .asLong())
                .isEqualTo(3);
        assertThat(written(put(bob, "{\"data\":4}", "If-Match", "*"))
                        .path("version")
                        .asLong())
                .isEqualTo(4);
    }

    @Test
    void a_malformed_if_match_is_invalid_and_writes_nothing() {
        for (var value : List.of("\"abc\"", "\"1\", \"2\"", "-1", "\"99999999999999999\"")) {
            var response = put(bob, "{\"data\":1}", "If-Match", value);
            assertThat(errorFields(problem(response, 400, "invalid_request")))
                    .as(value)
                    .containsExactly("If-Match");
        }
        assertThat(version()).isZero();
    }

    @Test
    void a_display_reads_but_may_not_write() {
        problem(put(wall, "{\"data\":1}"), 403, "forbidden");
        assertThat(api.get(state(), wall.token()).statusCode()).isEqualTo(200);
        assertThat(version()).isZero();
    }

    @Test
    void writing_needs_a_member_token_of_this_session() {
        problem(api.put(state(), null, "{\"data\":1}"), 401, "unauthorized");
        problem(api.put(state(), "user-alice", "{\"data\":1}"), 401, "unauthorized");
        problem(api.put(state(), api.created().owner().token(), "{\"data\":1}"), 404, "session_not_found");
        problem(api.put("/api/sessions/ZZZZZZ/state", bob.token(), "{\"data\":1}"), 404, "session_not_found");
        assertThat(version()).isZero();
    }

    @Test
    void data_is_required() {
        assertThat(errorFields(problem(put(bob, "{}"), 400, "invalid_request"))).containsExactly("data");
        assertThat(errorFields(problem(put(bob, "{\"dta\":1}"), 400, "invalid_request")))
                .containsExactly("data");
    }

    @Test
    void a_missing_or_malformed_body_is_invalid() {
        problem(put(bob, null), 400, "invalid_request");
        problem(put(bob, "[1]"), 400, "invalid_request");
        problem(put(bob, "{\"data\":"), 400, "invalid_request");
        problem(put(bob, "{\"data\":" + "[".repeat(70) + "]".repeat(70) + "}"), 400, "invalid_request");
    }

    @Test
    void data_of_exactly_256_kib_is_written() {
        var data = "\"" + "x".repeat(MAX_DATA_BYTES - 2) + "\"";

        assertThat(written(put(bob, "{\"data\":" + data + "}")).path("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void data_over_256_kib_in_a_body_under_512_kib_breaks_the_data_rule() {
        var data = "\"" + "x".repeat(MAX_DATA_BYTES - 1) + "\"";

        var response = put(bob, "{\"data\":" + data + "}");

        var problem = problem(response, 400, "invalid_request");
        assertThat(errorFields(problem)).containsExactly("data");
        assertThat(problem.path("errors").get(0).path("message").asText()).contains("262144");
        assertThat(version()).isZero();
    }

    @Test
    void the_credential_is_judged_before_the_body_and_if_match() {
        var foreign = api.created().owner().token();
        for (var body : new String[] {"{", "[1]", "{\"data\":1}"}) {
            problem(api.put(state(), null, body), 401, "unauthorized");
            problem(api.put(state(), "user-alice", body), 401, "unauthorized");
            problem(api.put(state(), foreign, body), 404, "session_not_found");
        }
        problem(api.put(state(), foreign, "{\"data\":1}", "If-Match", "zz"), 404, "session_not_found");
        problem(api.put(state(), null, "{\"data\":1}", "If-Match", "zz"), 401, "unauthorized");
        assertThat(version()).isZero();
    }

    @Test
    void a_body_over_512_kib_is_413_and_another_content_type_415() {
        problem(put(bob, "{\"data\":\"" + "x".repeat(600 * 1024) + "\"}"), 413, "payload_too_large");

        var text = api.send(api.request(state(), bob.token())
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":1}"))
                .build());
        problem(text, 415, "unsupported_media_type");
    }

    @Test
    void a_write_is_published_and_counts_as_session_activity() {
        var events = new ArrayList<SessionEvent>();
        api.events.subscribe(new SessionCode(party.code()), events::add);
        var at = api.clock.advance(Duration.ofMinutes(3));

        put(bob, "{\"data\":{\"a\":1}}");

        assertThat(events).singleElement().isInstanceOfSatisfying(SessionEvent.StateUpdated.class, e -> {
            assertThat(e.state().version()).isEqualTo(1);
            assertThat(e.state().data().orElseThrow().json()).isEqualTo("{\"a\":1}");
        });
        var session = json(api.get("/api/sessions/" + party.code(), bob.token()));
        assertThat(session.path("lastActivityAt").asText()).isEqualTo(at.toString());
    }

    @Test
    void a_state_store_that_is_down_is_503_with_retry_after() {
        HttpResponse<String> write;
        HttpResponse<String> read;
        api.stateDown(true);
        try {
            write = put(bob, "{\"data\":1}");
            read = api.get(state(), bob.token());
        } finally {
            api.stateDown(false);
        }

        assertThat(problem(write, 503, "storage_unavailable").path("retryAfter").asInt())
                .isEqualTo(3);
        assertThat(write.headers().firstValue("Retry-After")).contains("3");
        assertThat(write.body()).doesNotContain("secret", "Exception");
        problem(read, 503, "storage_unavailable");
    }

    @Test
    void an_ended_sessions_state_is_gone() {
        put(bob, "{\"data\":1}");
        api.delete("/api/sessions/" + party.code(), party.owner().token());

        problem(api.get(state(), bob.token()), 401, "unauthorized");
        problem(api.put(state(), "user-anonymous", "{\"data\":1}"), 401, "unauthorized");
    }

    @Test
    void a_wrong_method_on_the_state_path_is_405() {
        var response = api.send(api.request(state(), bob.token())
                .method("POST", HttpRequest.BodyPublishers.noBody())
                .build());

        problem(response, 405, "method_not_allowed");
    }
}
