package io.huddle.adapters.web.message;

import static io.huddle.adapters.web.TestHuddle.TIME;
import static io.huddle.adapters.web.TestHuddle.errorFields;
import static io.huddle.adapters.web.TestHuddle.fieldNames;
import static io.huddle.adapters.web.TestHuddle.json;
import static io.huddle.adapters.web.TestHuddle.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.TestHuddle;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The message endpoints over a real server; every test works in a session of its own. */
class MessageRoutesTest {
    private static final List<String> MESSAGE_FIELDS = List.of(
            "id", "seq", "sessionCode", "senderId", "senderName", "kind", "content", "data", "clientMsgId", "sentAt");

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

    private String messages() {
        return "/api/sessions/" + party.code() + "/messages";
    }

    private HttpResponse<String> send(TestHuddle.Member member, String json) {
        return api.post(messages(), member.token(), json);
    }

    private JsonNode sent(TestHuddle.Member member, String content) {
        var response = send(member, "{\"content\":\"" + content + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private List<JsonNode> sentMany(int count) {
        var all = new ArrayList<JsonNode>();
        for (int i = 1; i <= count; i++) {
            all.add(sent(bob, "message " + i));
            api.clock.advance(Duration.ofMillis(1));
        }
        return all;
    }

    private JsonNode history(String query) {
        var response = api.get(messages() + query, bob.token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = json(response);
        assertThat(fieldNames(body)).containsExactly("messages", "hasMore");
        return body;
    }

    private static List<Long> seqs(JsonNode messages) {
        var seqs = new ArrayList<Long>();
        messages.forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }

    private static List<String> contents(JsonNode messages) {
        var contents = new ArrayList<String>();
        messages.forEach(m -> contents.add(m.path("content").asText()));
        return contents;
    }

    // --- POST …/messages

    @Test
    void a_member_sends_and_gets_201_with_the_message_in_the_protocols_shape() {
        var response = send(bob, "{\"content\":\"  Hello\\nworld \"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        var message = json(response);
        assertThat(fieldNames(message)).containsExactlyElementsOf(MESSAGE_FIELDS);
        assertThat(message.path("id").asText()).matches("msg_[A-Za-z0-9_-]{22}");
        assertThat(message.path("seq").isIntegralNumber()).isTrue();
        assertThat(message.path("seq").asLong()).isEqualTo(1);
        assertThat(message.path("sessionCode").asText()).isEqualTo(party.code());
        assertThat(message.path("senderId").asText()).isEqualTo(bob.id());
        assertThat(message.path("senderName").asText()).isEqualTo("Bob");
        assertThat(message.path("kind").asText()).isEqualTo("text");
        assertThat(message.path("content").asText()).isEqualTo("Hello\nworld");
        assertThat(message.path("data").isNull()).isTrue();
        assertThat(message.path("clientMsgId").isNull()).isTrue();
        assertThat(message.path("sentAt").asText())
                .matches(TIME)
                .isEqualTo(api.clock.instant().toString());
    }

    @Test
    void data_is_written_back_as_json_compactly_and_numbers_exactly() {
        var response = send(
                bob,
                "{\"content\":\"tempo\",\"kind\":\"band.tempo:v2\",\"clientMsgId\":\"c-1.x_Y\","
                        + "\"data\": { \"bpm\" : [120, 2.50, 1e300, 0.1000000000000000000001], \"ok\": true, \"n\": null }}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body())
                .contains("\"data\":{\"bpm\":[120,2.5,1E+300,0.1000000000000000000001],\"ok\":true,\"n\":null}");
        var message = json(response);
        assertThat(message.path("data").isObject()).isTrue();
        assertThat(message.path("kind").asText()).isEqualTo("band.tempo:v2");
        assertThat(message.path("clientMsgId").asText()).isEqualTo("c-1.x_Y");
    }

    @Test
    void numbers_beyond_a_double_and_unpaired_surrogates_are_invalid_requests_not_stored_altered() {
        for (var body : java.util.List.of(
                "{\"content\":\"a\",\"data\":1e999999}",
                "{\"content\":\"a\",\"data\":{\"x\":[-1e400]}}",
                "{\"content\":\"a\",\"data\":\"\\ud800\"}",
                "{\"content\":\"lone \\udc00 surrogate\"}")) {
            var response = send(bob, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).path("code").asText()).isEqualTo("invalid_request");
        }
    }

    @Test
    void data_may_be_any_json_value_and_null_is_no_data() {
        assertThat(json(send(bob, "{\"content\":\"a\",\"data\":\"text\"}"))
                        .path("data")
                        .asText())
                .isEqualTo("text");
        assertThat(json(send(bob, "{\"content\":\"b\",\"data\":[1,\"x\"]}"))
                        .path("data")
                        .isArray())
                .isTrue();
        assertThat(json(send(bob, "{\"content\":\"c\",\"data\":false}"))
                        .path("data")
                        .isBoolean())
                .isTrue();
        assertThat(json(send(bob, "{\"content\":\"d\",\"data\":null}"))
                        .path("data")
                        .isNull())
                .isTrue();
    }

    @Test
    void the_same_client_msg_id_again_from_the_same_member_is_200_with_the_first_message() {
        var first = send(bob, "{\"content\":\"first\",\"clientMsgId\":\"c-1\"}");
        api.clock.advance(Duration.ofSeconds(1));

        var again = send(bob, "{\"content\":\"second\",\"clientMsgId\":\"c-1\"}");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again)).isEqualTo(json(first));
        assertThat(json(api.get(messages() + "/stats", bob.token()))
                        .path("count")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void another_member_may_use_the_same_client_msg_id() {
        send(bob, "{\"content\":\"bob's\",\"clientMsgId\":\"c-1\"}");

        var owners = send(party.owner(), "{\"content\":\"alice's\",\"clientMsgId\":\"c-1\"}");

        assertThat(owners.statusCode()).isEqualTo(201);
        assertThat(json(owners).path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void a_display_may_not_send() {
        problem(send(wall, "{\"content\":\"hi\"}"), 403, "forbidden");
    }

    @Test
    void sending_needs_a_member_token_of_this_session() {
        var other = api.created();

        problem(api.post(messages(), null, "{\"content\":\"hi\"}"), 401, "unauthorized");
        problem(api.post(messages(), "user-alice", "{\"content\":\"hi\"}"), 401, "unauthorized");
        problem(api.post(messages(), "hm_" + "A".repeat(43), "{\"content\":\"hi\"}"), 401, "unauthorized");
        problem(api.post(messages(), other.owner().token(), "{\"content\":\"hi\"}"), 404, "session_not_found");
    }

    @Test
    void a_message_moves_the_sessions_last_activity_at_once() {
        api.clock.advance(Duration.ofMinutes(3));
        var message = sent(bob, "still here");

        var session = json(api.get("/api/sessions/" + party.code(), bob.token()));

        assertThat(session.path("lastActivityAt").asText())
                .isEqualTo(message.path("sentAt").asText());
    }

    @Test
    void two_authorization_headers_are_unauthorized_even_if_one_is_good() {
        var twice = api.send(api.request(messages(), bob.token())
                .header("Authorization", "Bearer " + bob.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hi\"}"))
                .build());

        problem(twice, 401, "unauthorized");
        assertThat(json(api.get(messages(), bob.token())).path("messages")).isEmpty();
    }

    @Test
    void the_credential_is_judged_before_the_body() {
        var foreign = api.created().owner().token();
        for (var body : new String[] {"{", "[\"hi\"]", "{\"content\":7}", "{\"content\":\"\"}"}) {
            problem(api.post(messages(), null, body), 401, "unauthorized");
            problem(api.post(messages(), "user-alice", body), 401, "unauthorized");
            problem(api.post(messages(), foreign, body), 404, "session_not_found");
        }
        assertThat(json(api.get(messages(), bob.token())).path("messages")).isEmpty();
    }

    @Test
    void an_unknown_or_malformed_code_is_session_not_found() {
        problem(
                api.post("/api/sessions/ZZZZZZ/messages", bob.token(), "{\"content\":\"hi\"}"),
                404,
                "session_not_found");
        var malformed = api.post("/api/sessions/not-a-code/messages", bob.token(), "{\"content\":\"hi\"}");
        problem(malformed, 404, "session_not_found");
        assertThat(malformed.body()).doesNotContain("not-a-code");
    }

    @Test
    void content_must_be_a_string_and_every_field_of_the_wrong_type_is_named() {
        var response = send(bob, "{\"content\":5,\"kind\":[],\"clientMsgId\":7}");

        assertThat(errorFields(problem(response, 400, "invalid_request")))
                .containsExactlyInAnyOrder("content", "kind", "clientMsgId");
    }

    @Test
    void content_is_required() {
        assertThat(errorFields(problem(send(bob, "{\"kind\":\"text\"}"), 400, "invalid_request")))
                .containsExactly("content");
        assertThat(errorFields(problem(send(bob, "{\"content\":null}"), 400, "invalid_request")))
                .containsExactly("content");
    }

    @Test
    void fields_out_of_their_rules_are_each_named() {
        var response = send(
                bob,
                "{\"content\":\"" + "x".repeat(4001) + "\",\"kind\":\"Text\",\"clientMsgId\":\"has space\","
                        + "\"data\":\"" + "d".repeat(16 * 1024) + "\"}");

        assertThat(errorFields(problem(response, 400, "invalid_request")))
                .containsExactlyInAnyOrder("content", "kind", "clientMsgId", "data");
    }

    @Test
    void content_of_4000_characters_and_data_of_16_kib_are_accepted() {
        var data = "\"" + "d".repeat(16 * 1024 - 2) + "\"";

        var response = send(bob, "{\"content\":\"" + "x".repeat(4000) + "\",\"data\":" + data + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void control_characters_in_content_are_refused() {
        assertThat(errorFields(problem(send(bob, "{\"content\":\"a\\u0007b\"}"), 400, "invalid_request")))
                .containsExactly("content");
    }

    @Test
    void a_missing_or_malformed_body_is_invalid() {
        problem(api.post(messages(), bob.token(), null), 400, "invalid_request");
        problem(send(bob, "[\"hi\"]"), 400, "invalid_request");
        problem(send(bob, "{\"content\":"), 400, "invalid_request");
        problem(send(bob, "{\"content\":\"a\"} trailing"), 400, "invalid_request");
    }

    @Test
    void a_body_of_another_content_type_is_415_and_one_over_512_kib_is_413() {
        var text = api.send(api.request(messages(), bob.token())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hi\"}"))
                .build());
        problem(text, 415, "unsupported_media_type");

        problem(send(bob, "{\"content\":\"hi\",\"pad\":\"" + "x".repeat(600 * 1024) + "\"}"), 413, "payload_too_large");
    }

    @Test
    void a_log_that_is_down_is_503_with_retry_after_and_nothing_stored() {
        HttpResponse<String> response;
        api.messagesDown(true);
        try {
            response = send(bob, "{\"content\":\"lost?\"}");
        } finally {
            api.messagesDown(false);
        }

        var problem = problem(response, 503, "storage_unavailable");
        assertThat(problem.path("retryAfter").asInt()).isEqualTo(3);
        assertThat(response.headers().firstValue("Retry-After")).contains("3");
        assertThat(response.body()).doesNotContain("secret", "Exception", "refused");
        assertThat(history("").path("messages")).isEmpty();
    }

    // --- GET …/messages

    @Test
    void while_the_log_is_down_the_latest_page_comes_from_the_recent_copy_and_what_it_cannot_settle_is_503() {
        sentMany(25); // the recent copy holds 6..25
        JsonNode latest;
        HttpResponse<String> older;
        api.messagesDown(true);
        try {
            latest = history("?limit=10");
            older = api.get(messages() + "?before=5", bob.token());
        } finally {
            api.messagesDown(false);
        }

        assertThat(seqs(latest.path("messages")))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(16, 25).boxed().toList());
        assertThat(latest.path("hasMore").asBoolean()).isTrue();
        var problem = problem(older, 503, "storage_unavailable");
        assertThat(problem.path("retryAfter").asInt()).isEqualTo(3);
        assertThat(problem.path("detail").asText()).as("a read wrote nothing").doesNotContainIgnoringCase("writ");
    }

    @Test
    void history_without_a_position_is_the_latest_50_ascending() {
        var all = sentMany(55);

        var page = history("");

        assertThat(seqs(page.path("messages")))
                .containsExactlyElementsOf(all.subList(5, 55).stream()
                        .map(m -> m.path("seq").asLong())
                        .toList());
        assertThat(page.path("hasMore").asBoolean()).isTrue();
        assertThat(fieldNames(page.path("messages").get(0))).containsExactlyElementsOf(MESSAGE_FIELDS);
        assertThat(page.path("messages").get(0)).isEqualTo(all.get(5));
    }

    @Test
    void an_empty_history_is_an_empty_page_without_more() {
        var page = history("");

        assertThat(page.path("messages").isArray()).isTrue();
        assertThat(page.path("messages")).isEmpty();
        assertThat(page.path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void paging_back_with_before_returns_every_message_once() {
        sentMany(23);
        var seen = new ArrayList<Long>();

        var page = history("?limit=10");
        seen.addAll(0, seqs(page.path("messages")));
        while (page.path("hasMore").asBoolean()) {
            page = history("?limit=10&before=" + seen.getFirst());
            seen.addAll(0, seqs(page.path("messages")));
        }

        assertThat(seen)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 23).boxed().toList());
    }

    @Test
    void catching_up_with_after_returns_every_message_once() {
        sentMany(23);
        var seen = new ArrayList<Long>();

        var page = history("?after=0&limit=7");
        seen.addAll(seqs(page.path("messages")));
        while (page.path("hasMore").asBoolean()) {
            page = history("?limit=7&after=" + seen.getLast());
            seen.addAll(seqs(page.path("messages")));
        }

        assertThat(seen)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 23).boxed().toList());
        assertThat(history("?after=23").path("messages")).isEmpty();
    }

    @Test
    void a_display_reads_history() {
        sent(bob, "hello");

        var response = api.get(messages(), wall.token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contents(json(response).path("messages"))).containsExactly("hello");
    }

    @Test
    void history_parameters_out_of_their_rules_are_named() {
        for (var query : List.of("?limit=0", "?limit=101", "?limit=abc", "?limit=", "?limit=99999999999999999999")) {
            assertThat(errorFields(problem(api.get(messages() + query, bob.token()), 400, "invalid_request")))
                    .as(query)
                    .containsExactly("limit");
        }
        assertThat(errorFields(
                        problem(api.get(messages() + "?before=-1&after=x", bob.token()), 400, "invalid_request")))
                .containsExactlyInAnyOrder("after");
        assertThat(errorFields(problem(api.get(messages() + "?before=-1", bob.token()), 400, "invalid_request")))
                .containsExactly("before");
        assertThat(errorFields(problem(api.get(messages() + "?before=5&after=1", bob.token()), 400, "invalid_request")))
                .containsExactly("after");
    }

    @Test
    void a_query_parameter_given_twice_is_400_naming_it_not_the_first_or_the_last_value() {
        sent(bob, "hello");
        var cases = List.of(
                List.of(messages() + "?limit=3&limit=2", "limit", bob.token()),
                List.of(messages() + "?after=0&after=1", "after", bob.token()),
                List.of(messages() + "/search?q=hello&q=xyz", "q", bob.token()),
                List.of("/api/sessions?status=all&status=ended", "status", "user-alice"));
        for (var c : cases) {
            var response = api.get(c.get(0), c.get(2));
            assertThat(errorFields(problem(response, 400, "invalid_request")))
                    .as(c.get(0))
                    .containsExactly(c.get(1));
        }
    }

    @Test
    void a_query_value_that_is_not_valid_percent_encoding_is_400_naming_it_not_its_default() {
        sent(bob, "hello");
        var cases = List.of(
                List.of(messages() + "?limit=%", "limit", bob.token()),
                List.of(messages() + "?before=%zz", "before", bob.token()),
                List.of(messages() + "?limit=1&after=%", "after", bob.token()),
                List.of(messages() + "/search?q=%", "q", bob.token()),
                List.of("/api/sessions?cursor=%%%", "cursor", "user-alice"),
                List.of("/api/sessions?status=%", "status", "user-alice"));
        for (var c : cases) {
            var response = api.rawGet(c.get(0), c.get(2));
            assertThat(response).as(c.get(0)).startsWith("HTTP/1.1 400 ");
            assertThat(response)
                    .as(c.get(0))
                    .contains("\"code\":\"invalid_request\"")
                    .contains("\"field\":\"" + c.get(1) + "\"");
        }
    }

    @Test
    void reading_history_needs_a_member_token_of_this_session() {
        problem(api.get(messages(), null), 401, "unauthorized");
        problem(api.get(messages(), "user-alice"), 401, "unauthorized");
        problem(api.get(messages(), api.created().owner().token()), 404, "session_not_found");
        problem(api.get("/api/sessions/ZZZZZZ/messages", bob.token()), 404, "session_not_found");
    }

    // --- GET …/messages/search

    private JsonNode search(String query) {
        var response = api.get(messages() + "/search" + query, wall.token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = json(response);
        assertThat(fieldNames(body)).containsExactly("messages");
        return body.path("messages");
    }

    @Test
    void search_finds_content_ignoring_case_newest_first() {
        sent(bob, "Tempo up");
        sent(bob, "unrelated");
        sent(party.owner(), "TEMPO down");

        var found = search("?q=tempo");

        assertThat(contents(found)).containsExactly("TEMPO down", "Tempo up");
        assertThat(fieldNames(found.get(0))).containsExactlyElementsOf(MESSAGE_FIELDS);
    }

    @Test
    void search_takes_every_character_literally() {
        sent(bob, "50% off");
        sent(bob, "500 off");
        sent(bob, "a_b");
        sent(bob, "axb");

        assertThat(contents(search("?q=0%25"))).containsExactly("50% off");
        assertThat(contents(search("?q=a_b"))).containsExactly("a_b");
        assertThat(contents(search("?q=.*"))).isEmpty();
    }

    @Test
    void search_limit_defaults_to_20_and_can_be_set() {
        sentMany(25);

        assertThat(search("?q=message")).hasSize(20);
        assertThat(seqs(search("?q=message&limit=3"))).containsExactly(25L, 24L, 23L);
    }

    @Test
    void search_parameters_out_of_their_rules_are_named() {
        assertThat(errorFields(problem(api.get(messages() + "/search", bob.token()), 400, "invalid_request")))
                .containsExactly("q");
        assertThat(errorFields(problem(api.get(messages() + "/search?q=a", bob.token()), 400, "invalid_request")))
                .containsExactly("q");
        assertThat(errorFields(problem(
                        api.get(messages() + "/search?q=" + "a".repeat(101), bob.token()), 400, "invalid_request")))
                .containsExactly("q");
        assertThat(errorFields(
                        problem(api.get(messages() + "/search?q=ab&limit=101", bob.token()), 400, "invalid_request")))
                .containsExactly("limit");
        assertThat(errorFields(
                        problem(api.get(messages() + "/search?q=ab&limit=x", bob.token()), 400, "invalid_request")))
                .containsExactly("limit");
    }

    @Test
    void searching_needs_a_member_token_of_this_session() {
        problem(api.get(messages() + "/search?q=ab", null), 401, "unauthorized");
        problem(api.get(messages() + "/search?q=ab", api.created().owner().token()), 404, "session_not_found");
    }

    // --- GET …/messages/stats

    private JsonNode stats() {
        var response = api.get(messages() + "/stats", wall.token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = json(response);
        assertThat(fieldNames(body)).containsExactly("count", "lastSeq", "senders", "firstAt", "lastAt");
        return body;
    }

    @Test
    void stats_of_an_empty_log_are_zero_with_null_times() {
        var stats = stats();

        assertThat(stats.path("count").asLong()).isZero();
        assertThat(stats.path("lastSeq").asLong()).isZero();
        assertThat(stats.path("senders").asLong()).isZero();
        assertThat(stats.path("firstAt").isNull()).isTrue();
        assertThat(stats.path("lastAt").isNull()).isTrue();
    }

    @Test
    void stats_count_messages_and_senders_and_span_their_times() {
        var first = sent(bob, "one");
        api.clock.advance(Duration.ofSeconds(2));
        sent(party.owner(), "two");
        api.clock.advance(Duration.ofSeconds(2));
        var last = sent(bob, "three");

        var stats = stats();

        assertThat(stats.path("count").asLong()).isEqualTo(3);
        assertThat(stats.path("lastSeq").asLong()).isEqualTo(3);
        assertThat(stats.path("senders").asLong()).isEqualTo(2);
        assertThat(stats.path("firstAt").asText())
                .isEqualTo(first.path("sentAt").asText());
        assertThat(stats.path("lastAt").asText()).isEqualTo(last.path("sentAt").asText());
    }

    @Test
    void reading_stats_needs_a_member_token_of_this_session() {
        problem(api.get(messages() + "/stats", null), 401, "unauthorized");
        problem(api.get(messages() + "/stats", api.created().owner().token()), 404, "session_not_found");
    }

    // --- DELETE …/messages

    @Test
    void the_owner_clears_history_and_seq_continues_where_it_was() {
        sentMany(3);

        var response = api.delete(messages(), party.owner().token());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(history("").path("messages")).isEmpty();
        assertThat(search("?q=message")).isEmpty();
        var stats = stats();
        assertThat(stats.path("count").asLong()).isZero();
        assertThat(stats.path("lastSeq").asLong()).isEqualTo(3);
        assertThat(sent(bob, "after the clear").path("seq").asLong()).isEqualTo(4);
        assertThat(seqs(history("").path("messages"))).containsExactly(4L);
    }

    @Test
    void the_owners_user_token_clears_history() {
        var owned = api.created("user-carol");
        var path = "/api/sessions/" + owned.code() + "/messages";
        api.post(path, owned.owner().token(), "{\"content\":\"hi\"}");

        assertThat(api.delete(path, "user-carol").statusCode()).isEqualTo(204);
        problem(api.delete(path, "user-mallory"), 404, "session_not_found");
    }

    @Test
    void only_the_owner_clears_history() {
        sent(bob, "keep me");

        problem(api.delete(messages(), bob.token()), 403, "forbidden");
        problem(api.delete(messages(), wall.token()), 403, "forbidden");
        problem(api.delete(messages(), null), 401, "unauthorized");
        problem(api.delete(messages(), api.created().owner().token()), 404, "session_not_found");
        assertThat(contents(history("").path("messages"))).containsExactly("keep me");
    }

    @Test
    void an_ended_session_has_no_messages_to_read_or_send() {
        sent(bob, "hi");
        assertThat(api.delete("/api/sessions/" + party.code(), party.owner().token())
                        .statusCode())
                .isEqualTo(204);

        problem(api.get(messages(), bob.token()), 401, "unauthorized");
        problem(api.get(messages(), "user-anonymous"), 401, "unauthorized");
    }

    @Test
    void a_wrong_method_on_the_messages_path_is_405() {
        var response = api.send(api.request(messages(), bob.token())
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build());

        problem(response, 405, "method_not_allowed");
    }
}
