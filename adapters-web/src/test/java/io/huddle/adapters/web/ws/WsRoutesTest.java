package io.huddle.adapters.web.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.SessionCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every frame, event and close code of PROTOCOL.md section 5 on one gateway (embedded mode). */
class WsRoutesTest {
    private final WsFixture gateway = new WsFixture();
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        gateway.close();
    }

    private WsClient open(WsFixture.Entered who) {
        return track(gateway.open(who));
    }

    private WsClient open(WsFixture.Entered who, String query) {
        return track(gateway.open(who, query));
    }

    private WsClient track(WsClient client) {
        clients.add(client);
        return client;
    }

    private String send(WsClient client, String content, String ref) {
        client.send("{\"type\":\"message:send\",\"content\":\"" + content + "\",\"ref\":\"" + ref + "\"}");
        return ref;
    }

    // --- connecting

    @Test
    void a_plain_get_without_an_upgrade_is_answered_426_upgrade_required_as_a_problem() {
        var owner = gateway.created();

        var response = gateway.http("GET", "/ws", owner.token(), null);

        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(response.headers().firstValue("Upgrade")).hasValue("websocket");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        var problem = WsFixture.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(426);
        assertThat(problem.path("code").asText()).isEqualTo("upgrade_required");
        assertThat(problem.path("correlationId").asText()).isNotEmpty();
    }

    @Test
    void an_upgrade_of_another_websocket_version_is_answered_426_naming_version_13() throws Exception {
        var owner = gateway.created();
        try (var socket = new java.net.Socket("127.0.0.1", gateway.port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n"
                                    + "Authorization: Bearer " + owner.token() + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var answer = new StringBuilder();
            var in = socket.getInputStream();
            var buffer = new byte[4096];
            // Up to the end of the problem body (the connection may stay open after it).
            while (!answer.toString().endsWith("}")) {
                int read = in.read(buffer);
                if (read < 0) break;
                answer.append(new String(buffer, 0, read, java.nio.charset.StandardCharsets.UTF_8));
            }

            assertThat(answer.toString()).startsWith("HTTP/1.1 426 ");
            assertThat(answer.toString().toLowerCase(java.util.Locale.ROOT))
                    .contains("\r\nsec-websocket-version: 13\r\n");
            assertThat(answer.toString()).contains("\"code\":\"upgrade_required\"");
        }
    }

    @Test
    void the_first_frame_is_the_welcome_with_member_session_members_state_and_messages() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var client = track(WsClient.withToken(gateway.port, owner.token()));

        var welcome = client.next();

        assertThat(welcome.path("type").asText()).isEqualTo("welcome");
        assertThat(welcome.path("member").path("id").asText()).isEqualTo(owner.memberId());
        assertThat(welcome.path("member").path("online").asBoolean()).isTrue();
        assertThat(welcome.path("session").path("code").asText()).isEqualTo(owner.code());
        assertThat(welcome.path("session").path("memberCount").asInt()).isEqualTo(2);
        assertThat(welcome.path("session").path("onlineCount").asInt()).isEqualTo(1);
        assertThat(welcome.path("members").findValuesAsText("id")).containsExactly(owner.memberId(), bob.memberId());
        assertThat(welcome.path("state").toString())
                .isEqualTo("{\"version\":0,\"data\":null,\"updatedAt\":null,\"updatedBy\":null}");
        assertThat(welcome.path("messages").isArray()).isTrue();
        assertThat(welcome.path("recovered").asBoolean()).isFalse();
        assertThat(welcome.path("lastSeq").asLong()).isZero();
        assertThat(welcome.path("heartbeatSeconds").asLong()).isEqualTo(10);
        assertThat(fieldNames(welcome))
                .containsExactly(
                        "type",
                        "member",
                        "session",
                        "members",
                        "state",
                        "messages",
                        "recovered",
                        "lastSeq",
                        "heartbeatSeconds");
    }

    @Test
    void the_welcome_shows_the_sessions_last_activity_as_the_api_does_an_open_socket_does_not_move_it() {
        var owner = gateway.created();
        var before = WsFixture.json(gateway.http("GET", "/api/sessions/" + owner.code(), owner.token(), null))
                .path("lastActivityAt")
                .asText();
        // Opened a few milliseconds after the last activity, so that "now" would show as another instant.
        var activity = java.time.Instant.parse(before);
        while (!java.time.Instant.now().isAfter(activity.plusMillis(5))) Thread.onSpinWait();

        var welcome = track(WsClient.withToken(gateway.port, owner.token())).next();

        assertThat(welcome.path("type").asText()).isEqualTo("welcome");
        assertThat(welcome.path("session").path("lastActivityAt").asText()).isEqualTo(before);
        var after = WsFixture.json(gateway.http("GET", "/api/sessions/" + owner.code(), owner.token(), null));
        assertThat(after.path("lastActivityAt").asText()).isEqualTo(before);
    }

    @Test
    void the_upgrade_is_taken_with_one_trailing_slash_too_as_every_route_is() {
        var owner = gateway.created();
        assertThat(gateway.http("GET", "/ws/", owner.token(), null).statusCode())
                .isEqualTo(426);

        var client = track(WsClient.withToken(gateway.port, owner.token(), "/"));

        assertThat(client.next().path("type").asText()).isEqualTo("welcome");
    }

    @Test
    void browsers_authenticate_with_subprotocols_and_the_server_selects_huddle_v1() {
        var owner = gateway.created();
        var client = track(gateway.connect(Map.of(), List.of("huddle.v1", "bearer." + owner.token()), ""));

        assertThat(client.socket.getSubprotocol()).isEqualTo("huddle.v1");
        assertThat(client.next().path("type").asText()).isEqualTo("welcome");
    }

    @Test
    void no_token_a_bad_token_and_a_token_in_the_url_are_closed_with_4001() {
        var owner = gateway.created();

        var none = track(gateway.connect(Map.of(), List.of(), ""));
        var bad = track(gateway.connect(Map.of("Authorization", "Bearer hm_" + "x".repeat(43)), List.of(), ""));
        var inUrl = track(gateway.connect(Map.of(), List.of(), "?token=" + owner.token()));
        var malformed = track(gateway.connect(Map.of("Authorization", "Basic abc"), List.of(), ""));

        for (var client : List.of(none, bad, inUrl, malformed)) {
            assertThat(client.awaitClose().code()).isEqualTo(4001);
            assertThat(client.drained()).isEmpty();
        }
    }

    @Test
    void a_foreign_origin_is_closed_with_1008_and_an_allowed_one_is_welcomed() {
        var owner = gateway.created();
        var foreign = track(gateway.connect(
                Map.of("Authorization", "Bearer " + owner.token(), "Origin", "https://evil.example"), List.of(), ""));
        var allowed = track(gateway.connect(
                Map.of("Authorization", "Bearer " + owner.token(), "Origin", WsFixture.GOOD_ORIGIN), List.of(), ""));

        assertThat(foreign.awaitClose().code()).isEqualTo(1008);
        assertThat(allowed.next().path("type").asText()).isEqualTo("welcome");
    }

    @Test
    void a_text_frame_over_64_kib_is_closed_with_1009() {
        var owner = gateway.created();
        var client = open(owner);

        client.socket.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}", true);

        assertThat(client.awaitClose().code()).isEqualTo(1009);
    }

    @Test
    void a_text_frame_of_just_under_64_kib_is_answered() {
        var owner = gateway.created();
        var client = open(owner);
        var frame = "{\"type\":\"ping\",\"ref\":\"big\",\"pad\":\"\"}";

        client.send(frame.replace("\"pad\":\"\"", "\"pad\":\"" + "x".repeat(64 * 1024 - frame.length()) + "\""));

        assertThat(client.next("pong").path("ref").asText()).isEqualTo("big");
    }

    @Test
    void one_socket_more_than_the_member_may_have_is_closed_with_4008() {
        var owner = gateway.created();
        for (int i = 0; i < 5; i++) open(owner);

        var sixth = track(WsClient.withToken(gateway.port, owner.token()));

        assertThat(sixth.awaitClose().code()).isEqualTo(4008);
        assertThat(gateway.presence.sockets(new SessionCode(owner.code()), new MemberId(owner.memberId())))
                .isEqualTo(5);
    }

    // --- frames

    @Test
    void a_message_is_acked_to_its_socket_and_new_to_every_other_socket_including_the_senders_own() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var sender = open(owner);
        var sendersOther = open(owner);
        var receiver = open(bob);

        send(sender, "hello", "r-1");

        var ack = sender.next("message:ack");
        assertThat(ack.path("ref").asText()).isEqualTo("r-1");
        assertThat(ack.path("message").path("content").asText()).isEqualTo("hello");
        assertThat(ack.path("message").path("seq").asLong()).isEqualTo(1);
        assertThat(fieldNames(ack.path("message")))
                .containsExactly(
                        "id",
                        "seq",
                        "sessionCode",
                        "senderId",
                        "senderName",
                        "kind",
                        "content",
                        "data",
                        "clientMsgId",
                        "sentAt");
        for (var other : List.of(sendersOther, receiver)) {
            var received = other.next("message:new");
            assertThat(received.path("message")).isEqualTo(ack.path("message"));
            assertThat(fieldNames(received)).containsExactly("type", "message");
        }
        assertThat(firstAfterAPing(sender, "message")).isEqualTo("pong");
    }

    @Test
    void the_same_client_msg_id_again_is_acked_with_the_first_message_and_stored_once() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var sender = open(owner);
        var receiver = open(bob);
        var frame =
                "{\"type\":\"message:send\",\"content\":\"once\",\"clientMsgId\":\"c-1\",\"data\":{\"a\":[1,2]},\"ref\":\"%s\"}";

        sender.send(frame.formatted("first"));
        var first = sender.next("message:ack");
        sender.send(frame.formatted("second"));
        var second = sender.next("message:ack");

        assertThat(second.path("ref").asText()).isEqualTo("second");
        assertThat(second.path("message")).isEqualTo(first.path("message"));
        assertThat(first.path("message").path("data").toString()).isEqualTo("{\"a\":[1,2]}");
        assertThat(receiver.next("message:new").path("message").path("seq").asLong())
                .isEqualTo(1);
        receiver.send("{\"type\":\"ping\"}");
        assertThat(receiver.next(f -> !f.path("type").asText().equals("presence"))
                        .path("type")
                        .asText())
                .isEqualTo("pong");
    }

    @Test
    void malformed_json_an_unknown_type_and_bad_fields_get_error_frames_and_the_socket_stays_open() {
        var owner = gateway.created();
        var client = open(owner);

        client.send("{not json");
        var malformed = client.next("error");
        client.send("{\"type\":\"dance\",\"ref\":\"d\"}");
        var unknown = client.next("error");
        client.send("{\"type\":\"message:send\",\"content\":42,\"ref\":\"b\"}");
        var badField = client.next("error");
        client.send("{\"type\":\"message:send\",\"content\":\"   \",\"ref\":\"e\"}");
        var badValue = client.next("error");
        client.send("[1,2]");
        var notObject = client.next("error");
        client.send("{\"type\":\"ping\",\"ref\":\"" + "r".repeat(65) + "\"}");
        var longRef = client.next("error");
        client.send("{\"type\":\"ping\",\"ref\":\"still-open\"}");

        assertThat(malformed.path("code").asText()).isEqualTo("invalid_request");
        assertThat(malformed.path("ref").isNull()).isTrue();
        assertThat(unknown.path("code").asText()).isEqualTo("unknown_type");
        assertThat(unknown.path("ref").asText()).isEqualTo("d");
        assertThat(badField.path("code").asText()).isEqualTo("invalid_request");
        assertThat(badField.path("ref").asText()).isEqualTo("b");
        assertThat(badValue.path("code").asText()).isEqualTo("invalid_request");
        assertThat(notObject.path("code").asText()).isEqualTo("invalid_request");
        assertThat(longRef.path("code").asText()).isEqualTo("invalid_request");
        assertThat(fieldNames(unknown)).containsExactly("type", "ref", "code", "message");
        assertThat(client.next("pong").path("ref").asText()).isEqualTo("still-open");
    }

    @Test
    void json_nested_deeper_than_64_levels_is_an_invalid_request() {
        var owner = gateway.created();
        var client = open(owner);

        client.send("{\"type\":\"message:send\",\"content\":\"x\",\"data\":" + "[".repeat(70) + "]".repeat(70) + "}");

        assertThat(client.next("error").path("code").asText()).isEqualTo("invalid_request");
    }

    @Test
    void numbers_beyond_a_double_and_unpaired_surrogates_are_invalid_requests_and_nothing_is_stored() {
        var owner = gateway.created();
        var client = open(owner);
        var frames = List.of(
                "{\"type\":\"message:send\",\"content\":\"a\",\"data\":1e999999,\"ref\":\"big\"}",
                "{\"type\":\"message:send\",\"content\":\"a\",\"data\":{\"x\":[-1e400]},\"ref\":\"small\"}",
                "{\"type\":\"message:send\",\"content\":\"a\",\"data\":\"\\ud800\",\"ref\":\"high\"}",
                "{\"type\":\"message:send\",\"content\":\"lone \\udc00 surrogate\",\"ref\":\"low\"}");

        for (var frame : frames) {
            client.send(frame);
            var error = client.next(f -> f.path("type").asText().equals("error")
                    || f.path("type").asText().equals("message:ack"));
            assertThat(error.path("type").asText()).as(frame).isEqualTo("error");
            assertThat(error.path("code").asText()).as(frame).isEqualTo("invalid_request");
        }
        client.send("{\"type\":\"message:send\",\"content\":\"after\",\"ref\":\"ok\"}");

        assertThat(client.next("message:ack").path("message").path("seq").asLong())
                .as("the first message stored is the one after the refused frames")
                .isEqualTo(1);
    }

    @Test
    void ping_is_answered_with_pong_its_ref_and_the_server_time_for_clock_offsets() {
        var owner = gateway.created();
        var client = open(owner);
        var before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        client.send("{\"type\":\"ping\",\"ref\":\"p-1\"}");

        var pong = client.next("pong");
        assertThat(fieldNames(pong)).containsExactly("type", "ref", "serverTime");
        assertThat(pong.path("ref").asText()).isEqualTo("p-1");
        assertThat(pong.path("serverTime").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(java.time.Instant.parse(pong.path("serverTime").asText()))
                .isBetween(before, java.time.Instant.now());
    }

    @Test
    void history_fetch_pages_back_and_catches_up() {
        var owner = gateway.created();
        var client = open(owner);
        for (int i = 1; i <= 5; i++) {
            send(client, "m" + i, "s" + i);
            client.next("message:ack");
        }

        client.send("{\"type\":\"history:fetch\",\"before\":4,\"limit\":2,\"ref\":\"h\"}");
        var back = client.next("history");
        client.send("{\"type\":\"history:fetch\",\"after\":3,\"ref\":\"a\"}");
        var after = client.next("history");
        client.send("{\"type\":\"history:fetch\",\"before\":4,\"after\":1,\"ref\":\"x\"}");
        var both = client.next("error");

        assertThat(back.path("ref").asText()).isEqualTo("h");
        assertThat(back.path("messages").findValuesAsText("content")).containsExactly("m2", "m3");
        assertThat(back.path("hasMore").asBoolean()).isTrue();
        assertThat(after.path("messages").findValuesAsText("content")).containsExactly("m4", "m5");
        assertThat(after.path("hasMore").asBoolean()).isFalse();
        assertThat(both.path("code").asText()).isEqualTo("invalid_request");
    }

    @Test
    void a_display_may_not_send_nor_type() {
        var owner = gateway.created();
        var display = gateway.joined(owner.code(), "Screen", "display");
        var client = open(display);

        send(client, "hi", "s");
        var send = client.next("error");
        client.send("{\"type\":\"typing:start\",\"ref\":\"t\"}");
        var typing = client.next("error");

        assertThat(send.path("code").asText()).isEqualTo("forbidden");
        assertThat(send.path("ref").asText()).isEqualTo("s");
        assertThat(typing.path("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void typing_reaches_the_others_but_not_the_typist() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var typist = open(owner);
        var other = open(bob);

        typist.send("{\"type\":\"typing:start\"}");
        var started = other.next("typing");
        typist.send("{\"type\":\"typing:stop\"}");
        var stopped = other.next("typing");

        assertThat(started.toString())
                .isEqualTo("{\"type\":\"typing\",\"memberId\":\"" + owner.memberId() + "\",\"active\":true}");
        assertThat(stopped.path("active").asBoolean()).isFalse();
        assertThat(firstAfterAPing(typist, "typing")).isEqualTo("pong");
    }

    @Test
    void a_state_update_is_acked_to_its_socket_and_shown_to_every_other_socket() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var writer = open(owner);
        var writersOther = open(owner);
        var reader = open(bob);

        writer.send("{\"type\":\"state:update\",\"data\":{\"tempo\":120},\"ref\":\"w\"}");

        assertThat(writer.next("state:ack").toString())
                .isEqualTo("{\"type\":\"state:ack\",\"ref\":\"w\",\"version\":1}");
        for (var other : List.of(writersOther, reader)) {
            var updated = other.next("state:updated");
            assertThat(updated.path("state").path("version").asLong()).isEqualTo(1);
            assertThat(updated.path("state").path("data").toString()).isEqualTo("{\"tempo\":120}");
            assertThat(updated.path("state").path("updatedBy").asText()).isEqualTo(owner.memberId());
            assertThat(fieldNames(updated.path("state"))).containsExactly("version", "data", "updatedAt", "updatedBy");
        }
        assertThat(firstAfterAPing(writer, "state")).isEqualTo("pong");
        var later = open(bob);
        assertThat(firstAfterAPing(later, "state"))
                .as("a socket opened after the update")
                .isEqualTo("pong");
    }

    @Test
    void the_welcome_carries_the_state_as_last_written() {
        var owner = gateway.created();
        var writer = open(owner);
        writer.send("{\"type\":\"state:update\",\"data\":[1,\"a\"]}");
        writer.next("state:ack");

        var welcome = track(WsClient.withToken(gateway.port, owner.token())).next();

        assertThat(welcome.path("state").path("version").asLong()).isEqualTo(1);
        assertThat(welcome.path("state").path("data").toString()).isEqualTo("[1,\"a\"]");
    }

    @Test
    void a_stale_base_version_is_a_version_conflict_with_the_current_version() {
        var owner = gateway.created();
        var writer = open(owner);
        writer.send("{\"type\":\"state:update\",\"data\":1,\"baseVersion\":0}");
        writer.next("state:ack");

        writer.send("{\"type\":\"state:update\",\"data\":2,\"baseVersion\":0,\"ref\":\"c\"}");
        var conflict = writer.next("error");
        writer.send("{\"type\":\"state:update\",\"ref\":\"m\"}");
        var missing = writer.next("error");

        assertThat(conflict.path("code").asText()).isEqualTo("version_conflict");
        assertThat(conflict.path("currentVersion").asLong()).isEqualTo(1);
        assertThat(conflict.path("ref").asText()).isEqualTo("c");
        assertThat(missing.path("code").asText()).isEqualTo("invalid_request");
    }

    @Test
    void a_display_may_not_write_the_state() {
        var owner = gateway.created();
        var display = open(gateway.joined(owner.code(), "Screen", "display"));

        display.send("{\"type\":\"state:update\",\"data\":1}");

        assertThat(display.next("error").path("code").asText()).isEqualTo("forbidden");
    }

    // --- presence and endings

    @Test
    void presence_events_say_who_came_online_joined_went_offline_and_left_with_counts() {
        var owner = gateway.created();
        var watcher = open(owner);

        var bob = gateway.joined(owner.code(), "Bob", "member");
        var joined = watcher.next("presence");
        var bobsSocket = open(bob);
        var online = watcher.next("presence");
        bobsSocket.close();
        var offline = watcher.next("presence");
        gateway.http("DELETE", "/api/sessions/" + owner.code() + "/members/" + bob.memberId(), bob.token(), null);
        var left = watcher.next("presence");

        assertThat(joined.path("event").asText()).isEqualTo("joined");
        assertThat(joined.path("member").path("id").asText()).isEqualTo(bob.memberId());
        assertThat(joined.path("total").asInt()).isEqualTo(2);
        assertThat(joined.path("online").asInt()).isEqualTo(1);
        assertThat(online.path("event").asText()).isEqualTo("online");
        assertThat(online.path("member").path("online").asBoolean()).isTrue();
        assertThat(online.path("online").asInt()).isEqualTo(2);
        assertThat(offline.path("event").asText()).isEqualTo("offline");
        assertThat(offline.path("online").asInt()).isEqualTo(1);
        assertThat(left.path("event").asText()).isEqualTo("left");
        assertThat(left.path("total").asInt()).isEqualTo(1);
        assertThat(fieldNames(left)).containsExactly("type", "event", "member", "online", "total");
    }

    @Test
    void members_and_presence_endpoints_show_who_has_a_socket_open() {
        var owner = gateway.created();
        gateway.joined(owner.code(), "Bob", "member");
        open(owner);

        var members =
                WsFixture.json(gateway.http("GET", "/api/sessions/" + owner.code() + "/members", owner.token(), null));
        var presence =
                WsFixture.json(gateway.http("GET", "/api/sessions/" + owner.code() + "/presence", owner.token(), null));

        assertThat(members.path("members").findValuesAsText("online")).containsExactly("true", "false");
        assertThat(presence.path("online").asInt()).isEqualTo(1);
        assertThat(presence.path("total").asInt()).isEqualTo(2);
    }

    @Test
    void leave_removes_the_member_and_closes_its_sockets_with_1000() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var watcher = open(owner);
        var leaving = open(bob);
        var bobsOther = open(bob);

        leaving.send("{\"type\":\"leave\"}");

        assertThat(leaving.awaitClose().code()).isEqualTo(1000);
        assertThat(bobsOther.awaitClose().code()).isEqualTo(1000);
        assertThat(watcher.next(f -> f.path("event").asText().equals("left"))
                        .path("member")
                        .path("id")
                        .asText())
                .isEqualTo(bob.memberId());
        assertThat(gateway.http("GET", "/api/sessions/" + owner.code(), bob.token(), null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void a_kicked_members_sockets_close_with_4009() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var bobs = open(bob);

        gateway.http("DELETE", "/api/sessions/" + owner.code() + "/members/" + bob.memberId(), owner.token(), null);

        assertThat(bobs.awaitClose().code()).isEqualTo(4009);
    }

    @Test
    void the_owner_ending_the_session_sends_terminated_then_closes_every_socket_with_4004() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var owners = open(owner);
        var bobs = open(bob);

        assertThat(gateway.http("DELETE", "/api/sessions/" + owner.code(), owner.token(), null)
                        .statusCode())
                .isEqualTo(204);

        for (var client : List.of(owners, bobs)) {
            assertThat(client.next("session:terminated").toString())
                    .isEqualTo("{\"type\":\"session:terminated\",\"reason\":\"owner\"}");
            assertThat(client.awaitClose().code()).isEqualTo(4004);
        }
    }

    // --- recovery

    @Test
    void reconnecting_with_since_recovers_exactly_the_missed_messages_then_live_ones() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var sender = open(owner);
        for (int i = 1; i <= 7; i++) {
            send(sender, "m" + i, "s" + i);
            sender.next("message:ack");
        }

        var back = open(bob, "?since=4");
        // The welcome was taken by open(); read it again from a fresh socket to see its fields.
        var again = track(WsClient.withToken(gateway.port, bob.token(), "?since=4"));
        var welcome = again.next();
        send(sender, "m8", "s8");

        assertThat(welcome.path("recovered").asBoolean()).isTrue();
        assertThat(welcome.path("messages").findValuesAsText("seq")).containsExactly("5", "6", "7");
        assertThat(welcome.path("lastSeq").asLong()).isEqualTo(7);
        assertThat(back.next("message:new").path("message").path("seq").asLong())
                .isEqualTo(8);
        assertThat(again.next("message:new").path("message").path("seq").asLong())
                .isEqualTo(8);
    }

    @Test
    void a_since_that_is_not_a_seq_gets_the_latest_messages_and_an_error_after_the_welcome() {
        var owner = gateway.created();
        var client = track(WsClient.withToken(gateway.port, owner.token(), "?since=abc"));

        var welcome = client.next();
        var error = client.next();

        assertThat(welcome.path("type").asText()).isEqualTo("welcome");
        assertThat(welcome.path("recovered").asBoolean()).isFalse();
        assertThat(error.path("code").asText()).isEqualTo("invalid_request");
    }

    @Test
    void a_since_given_twice_is_not_a_seq_either() {
        var owner = gateway.created();
        var sender = open(owner);
        for (int i = 1; i <= 3; i++) send(sender, "m" + i, "s" + i);
        for (int i = 1; i <= 3; i++) sender.next("message:ack");
        var client = track(WsClient.withToken(gateway.port, owner.token(), "?since=1&since=2"));

        var welcome = client.next();
        var error = client.next();

        assertThat(welcome.path("type").asText()).isEqualTo("welcome");
        assertThat(welcome.path("recovered").asBoolean()).isFalse();
        assertThat(welcome.path("messages").findValuesAsText("content")).containsExactly("m1", "m2", "m3");
        assertThat(error.path("code").asText()).isEqualTo("invalid_request");
    }

    @Test
    void sockets_welcomed_while_messages_flow_miss_none_and_see_none_twice() throws Exception {
        var owner = gateway.created();
        var sender = open(owner);
        int total = 60;
        var sending = Thread.ofVirtual().start(() -> {
            for (int i = 1; i <= total; i++) send(sender, "m" + i, "s" + i);
        });
        var joiners = new ArrayList<WsClient>();
        for (int i = 0; i < 4; i++) {
            var member = gateway.joined(owner.code(), "J" + i, "member");
            joiners.add(track(WsClient.withToken(gateway.port, member.token())));
        }
        sending.join();

        for (var joiner : joiners) {
            var welcome = joiner.next();
            assertThat(welcome.path("type").asText()).isEqualTo("welcome");
            var seen = new ArrayList<Long>();
            welcome.path("messages").forEach(m -> seen.add(m.path("seq").asLong()));
            long last = welcome.path("lastSeq").asLong();
            while (last < total) {
                last = joiner.next("message:new").path("message").path("seq").asLong();
                seen.add(last);
            }
            assertThat(seen)
                    .as("seqs after the welcome")
                    .isEqualTo(seqsUpTo(seen.isEmpty() ? 1 : seen.getFirst(), total));
            assertThat(firstAfterAPing(joiner, "message"))
                    .as("after the last seq")
                    .isEqualTo("pong");
        }
    }

    /**
     * Sends a ping and returns the type of the first frame after it whose type starts with {@code typePrefix}, or
     * {@code pong}: the gateway answers a socket's frames in order, so anything already on its way to the socket
     * (a late copy, a replay) comes before the pong. "pong" means nothing of the kind was pending.
     */
    private static String firstAfterAPing(WsClient client, String typePrefix) {
        client.send("{\"type\":\"ping\",\"ref\":\"end\"}");
        return client.next(f -> f.path("type").asText().startsWith(typePrefix)
                        || f.path("type").asText().equals("pong"))
                .path("type")
                .asText();
    }

    private static List<Long> seqsUpTo(long from, long to) {
        var all = new ArrayList<Long>();
        for (long s = from; s <= to; s++) all.add(s);
        return all;
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
