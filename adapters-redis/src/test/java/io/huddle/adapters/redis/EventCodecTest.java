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
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Events on the channels: every kind arrives equal to what was published; foreign text is ignored. */
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
                new SessionEvent.MemberJoined(CODE, ALICE),
                new SessionEvent.MemberLeft(CODE, ALICE, Departure.KICKED),
                new SessionEvent.MemberOnline(CODE, ALICE),
                new SessionEvent.MemberOffline(CODE, ALICE),
                new SessionEvent.MessagePosted(CODE, message),
                new SessionEvent.MessagePosted(CODE, plain),
                new SessionEvent.Typing(CODE, ALICE.id(), true),
                new SessionEvent.StateUpdated(
                        CODE, SharedState.written(7, new StateData("{\"tempo\":120}"), AT, ALICE.id())),
                new SessionEvent.SessionEnded(CODE, EndReason.INACTIVITY));

        for (var event : events) {
            assertThat(EventCodec.decode(EventCodec.encode(event))).contains(event);
        }
    }

    @Test
    void text_that_is_not_an_event_of_this_version_is_ignored() {
        assertThat(EventCodec.decode("not json")).isEmpty();
        assertThat(EventCodec.decode("{\"v\":2,\"type\":\"typing\"}")).isEmpty();
        assertThat(EventCodec.decode("{\"v\":1,\"type\":\"dance\",\"session\":\"K7M2QX\"}"))
                .isEmpty();
        assertThat(EventCodec.decode("{\"v\":1,\"type\":\"typing\",\"session\":\"bad\"}"))
                .isEmpty();
    }
}
