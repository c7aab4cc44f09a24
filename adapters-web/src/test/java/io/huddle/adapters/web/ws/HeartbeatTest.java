package io.huddle.adapters.web.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.NewMessage;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violations;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What happens between frames, on a gateway with a 300 ms heartbeat: server pings, silent clients
 * closed, a token revoked or a session ended while the event saying so was lost, typing that ends by itself.
 */
class HeartbeatTest {
    private static final Duration BEAT = Duration.ofMillis(300);
    private final WsFixture gateway = new WsFixture(new WsFixture.Options(BEAT, 5, Duration.ofMillis(500)));
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        gateway.close();
    }

    private WsClient open(WsFixture.Entered who) {
        var client = gateway.open(who);
        clients.add(client);
        return client;
    }

    @Test
    void a_client_that_answers_pings_stays_open() throws Exception {
        var owner = gateway.created();
        var client = open(owner);

        // Five beats: a gateway whose heartbeat did not run would leave the client open too, so the pings
        // the client answered are counted; three unanswered would have closed it.
        Thread.sleep(BEAT.multipliedBy(5));
        client.send("{\"type\":\"ping\",\"ref\":\"alive\"}");

        assertThat(client.next("pong").path("ref").asText()).isEqualTo("alive");
        assertThat(client.pings.get()).as("server pings answered").isGreaterThanOrEqualTo(3);
        assertThat(client.closed).isNotDone();
    }

    @Test
    void a_client_silent_for_three_heartbeats_is_closed() throws Exception {
        var owner = gateway.created();
        try (var silent = new Socket("127.0.0.1", gateway.port)) {
            var key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            var request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + owner.token() + "\r\n\r\n";
            silent.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            silent.setSoTimeout((int) BEAT.multipliedBy(30).toMillis());
            var in = new DataInputStream(silent.getInputStream());
            skipHeaders(in);

            int pings = 0;
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0F;
                byte[] payload = payload(in);
                if (opcode == 0x9) pings++;
                if (opcode == 0x8) {
                    int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                    assertThat(code).isEqualTo(1001);
                    break;
                }
            }
            assertThat(pings).as("pings before the close").isGreaterThanOrEqualTo(2);
        }
        var code = new SessionCode(owner.code());
        var member = new MemberId(owner.memberId());
        // The close frame goes out first; unregistering follows on the socket's own thread.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gateway.presence.sockets(code, member) != 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(gateway.presence.sockets(code, member)).isZero();
    }

    @Test
    void a_token_revoked_without_a_word_closes_the_socket_with_4001_at_the_next_heartbeat() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var client = open(bob);

        gateway.members.remove(new SessionCode(owner.code()), new MemberId(bob.memberId()));

        assertThat(client.awaitClose().code()).isEqualTo(4001);
    }

    @Test
    void an_idle_removal_closes_the_members_sockets_with_4001() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var client = open(bob);
        var code = new SessionCode(owner.code());
        var member = gateway.members.find(code, new MemberId(bob.memberId())).orElseThrow();

        gateway.members.remove(code, member.id());
        gateway.events.publish(
                new SessionEvent.MemberLeft(code, member, SessionEvent.Departure.IDLE, new Headcount(0, 1)));

        assertThat(client.awaitClose().code()).isEqualTo(4001);
    }

    @Test
    void a_session_that_ended_while_the_event_was_lost_is_terminated_at_the_next_heartbeat() {
        var owner = gateway.created();
        var client = open(owner);
        var code = new SessionCode(owner.code());

        gateway.sessions.end(code, new io.huddle.domain.session.Ending(gateway.clock.instant(), EndReason.INACTIVITY));
        gateway.members.removeAll(code);

        assertThat(client.next("session:terminated").path("reason").asText()).isEqualTo("inactivity");
        assertThat(client.awaitClose().code()).isEqualTo(4004);
    }

    @Test
    void a_message_whose_event_was_lost_reaches_the_socket_at_the_next_heartbeat() {
        var owner = gateway.created();
        var client = open(owner);
        var code = new SessionCode(owner.code());
        var session = gateway.sessions.find(code).orElseThrow();
        var message = NewMessage.of(
                        Optional.of("stored elsewhere, never announced"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        new Violations())
                .orElseThrow();

        // Stored as another gateway would store it, its relay lost: no event, no later message.
        gateway.log.appendAll(List.of(new MessageLog.Append(
                session,
                message,
                new MemberId(owner.memberId()),
                "Owner",
                MessageId.generate(new Random()),
                gateway.clock.instant())));

        var posted = client.next("message:new");
        assertThat(posted.path("message").path("content").asText()).isEqualTo("stored elsewhere, never announced");
        assertThat(posted.path("message").path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void typing_not_renewed_ends_by_itself() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var typist = open(owner);
        var other = open(bob);

        typist.send("{\"type\":\"typing:start\"}");

        assertThat(other.next("typing").path("active").asBoolean()).isTrue();
        assertThat(other.next("typing").path("active").asBoolean()).isFalse();
    }

    @Test
    void a_typist_whose_socket_closes_stops_typing() {
        var owner = gateway.created();
        var bob = gateway.joined(owner.code(), "Bob", "member");
        var typist = open(owner);
        var other = open(bob);
        typist.send("{\"type\":\"typing:start\"}");
        assertThat(other.next("typing").path("active").asBoolean()).isTrue();

        typist.close();

        assertThat(other.next("typing").path("active").asBoolean()).isFalse();
    }

    private static void skipHeaders(DataInputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int blank = 0;
        while (blank < 2) {
            int b = in.readUnsignedByte();
            if (b == '\n') {
                blank = line.size() <= 1 ? blank + 1 : 1;
                if (line.size() <= 1 && blank == 2) break;
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    private static byte[] payload(DataInputStream in) throws IOException {
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) length = in.readUnsignedShort();
        else if (length == 127) length = in.readLong();
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return payload;
    }
}
