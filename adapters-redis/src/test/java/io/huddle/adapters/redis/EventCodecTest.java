package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.event.SessionEvent.Departure;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.ClientMsgId;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageData;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Events on the channels: every kind arrives equal to what was published; foreign bytes are ignored. */
class EventCodecTest {
    private static final SessionCode CODE = new SessionCode("K7M2QX");
    private static final Instant AT = Instant.parse("2030-01-02T03:04:05.123456789Z");
    private static final Member ALICE =
            new Member(new MemberId("m_alice"), "Alice | \"A\" 🎺\n", Role.CONTROLLER, AT, AT.plusMillis(5));

    @Test
    void every_kind_of_event_survives_the_trip() {
        var message = new Message(
                new MessageId("msg_1"),
                42,
                CODE,
                ALICE.id(),
                ALICE.displayName(),
                new MessageKind("note.v1"),
                "line\n\ttab \\ \u0000? no: ü",
                Optional.of(new MessageData("{\"a\":[1,2.50,null,\"x\"]}")),
                Optional.of(new ClientMsgId("c-1")),
                AT);
        var plain = new Message(
                new MessageId("msg_2"),
                43,
                CODE,
                ALICE.id(),
                "A",
                MessageKind.TEXT,
                "x",
                Optional.empty(),
                Optional.empty(),
                AT);
        var events = List.<SessionEvent>of(
                new SessionEvent.MemberJoined(CODE, ALICE, new Headcount(1, 3)),
                new SessionEvent.MemberLeft(CODE, ALICE, Departure.KICKED, new Headcount(0, 2)),
                new SessionEvent.MemberOnline(CODE, ALICE, new Headcount(2, 2)),
                new SessionEvent.MemberOffline(CODE, ALICE, new Headcount(0, 9)),
                new SessionEvent.MessagePosted(CODE, message),
                new SessionEvent.MessagePosted(CODE, plain),
                new SessionEvent.Typing(CODE, ALICE.id(), true),
                new SessionEvent.StateUpdated(
                        CODE, SharedState.written(7, new StateData("{\"tempo\":120}"), AT, ALICE.id())),
                new SessionEvent.SessionEnded(CODE, EndReason.INACTIVITY));

        for (var event : events) {
            var decoded = EventCodec.decode(EventCodec.encode(event, "gw-1")).orElseThrow();
            assertThat(decoded.events()).containsExactly(event);
            assertThat(decoded.origin()).isEqualTo("gw-1");
        }
    }

    @Test
    void a_group_commits_messages_travel_in_one_payload_in_order_and_the_header_is_read_without_the_rest() {
        var messages = List.of(message(5, "five"), message(6, "six"), message(7, "seven"));

        var payload = EventCodec.encodeMessages(CODE, messages, "gw-2");

        var decoded = EventCodec.decode(payload).orElseThrow();
        assertThat(decoded.events())
                .containsExactly(
                        new SessionEvent.MessagePosted(CODE, messages.get(0)),
                        new SessionEvent.MessagePosted(CODE, messages.get(1)),
                        new SessionEvent.MessagePosted(CODE, messages.get(2)));
        var header = EventCodec.peek(payload).orElseThrow();
        assertThat(header.origin()).isEqualTo("gw-2");
        assertThat(header.messages()).isTrue();
        assertThat(EventCodec.peek(EventCodec.encode(new SessionEvent.Typing(CODE, ALICE.id(), false), "gw-2"))
                        .orElseThrow()
                        .messages())
                .isFalse();
    }

    @Test
    void bytes_that_are_not_a_payload_of_this_version_are_ignored() {
        var good = EventCodec.encode(new SessionEvent.Typing(CODE, ALICE.id(), true), "gw-1");
        var otherVersion = good.clone();
        otherVersion[1] = (byte) (EventCodec.VERSION + 1);
        var unknownType = good.clone();
        unknownType[2] = 99;
        var truncated = java.util.Arrays.copyOf(good, good.length - 1);
        var trailing = java.util.Arrays.copyOf(good, good.length + 1);

        assertThat(EventCodec.decode("not an event".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(EventCodec.decode(otherVersion)).isEmpty();
        assertThat(EventCodec.decode(unknownType)).isEmpty();
        assertThat(EventCodec.decode(truncated)).isEmpty();
        assertThat(EventCodec.decode(trailing)).isEmpty();
        assertThat(EventCodec.decode(new byte[0])).isEmpty();
    }

    private static Message message(long seq, String content) {
        return new Message(
                new MessageId("msg_" + seq),
                seq,
                CODE,
                ALICE.id(),
                "A",
                MessageKind.TEXT,
                content,
                Optional.empty(),
                Optional.empty(),
                AT.plusMillis(seq));
    }
}
