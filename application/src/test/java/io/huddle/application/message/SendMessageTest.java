package io.huddle.application.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageData;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.server.ServerKeyName;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SendMessageTest {
    private final Messaging messaging = new Messaging();
    private final Caller bob = messaging.joined("Bob", "member");

    private SendMessage.Outcome send(
            Caller caller,
            Optional<String> content,
            Optional<String> kind,
            Optional<String> data,
            Optional<String> clientMsgId) {
        return messaging.send.handle(new SendMessage.Command(caller, messaging.code, content, kind, data, clientMsgId));
    }

    private List<Message> history() {
        return messaging.log.page(messaging.code, HistoryQuery.latest(100)).messages();
    }

    @Test
    void a_member_sends_and_the_message_is_stored_copied_and_published() {
        var events = messaging.eventsOf(messaging.code);

        var outcome =
                send(bob, Optional.of(" Hello\n"), Optional.of("chat"), Optional.of("{\"x\":1}"), Optional.of("c-1"));

        var message = ((SendMessage.Sent) outcome).message();
        assertThat(message.seq()).isEqualTo(1);
        assertThat(message.session()).isEqualTo(messaging.code);
        assertThat(message.senderName()).isEqualTo("Bob");
        assertThat(message.senderId())
                .isEqualTo(bob.memberOf(messaging.code).orElseThrow().member().id());
        assertThat(message.content()).isEqualTo("Hello");
        assertThat(message.kind()).isEqualTo(new MessageKind("chat"));
        assertThat(message.data()).contains(new MessageData("{\"x\":1}"));
        assertThat(message.id().value()).startsWith("msg_");
        assertThat(message.sentAt()).isEqualTo(messaging.clock.instant());
        assertThat(history()).containsExactly(message);
        assertThat(messaging.recent.latest(messaging.code, 50)).containsExactly(message);
        assertThat(events).containsExactly(new SessionEvent.MessagePosted(messaging.code, message));
    }

    @Test
    void a_server_key_sends_as_the_system_idempotently_by_client_msg_id() {
        var backend = new Caller.AsServer(new ServerKeyName("billing"));
        var events = messaging.eventsOf(messaging.code);

        var first = send(
                backend, Optional.of("Invoice paid"), Optional.of("system"), Optional.empty(), Optional.of("inv-7"));
        var again = send(
                backend, Optional.of("Invoice paid"), Optional.of("system"), Optional.empty(), Optional.of("inv-7"));

        var message = ((SendMessage.Sent) first).message();
        assertThat(message.senderId()).isEqualTo(MemberId.SYSTEM);
        assertThat(message.senderName()).isEqualTo(SendMessage.SYSTEM_NAME);
        assertThat(message.kind()).isEqualTo(new MessageKind("system"));
        assertThat(again).isEqualTo(new SendMessage.Duplicate(message));
        assertThat(history()).containsExactly(message);
        assertThat(events).containsExactly(new SessionEvent.MessagePosted(messaging.code, message));
    }

    @Test
    void the_same_client_msg_id_from_a_member_and_from_the_system_are_two_messages() {
        var backend = new Caller.AsServer(new ServerKeyName("billing"));

        send(bob, Optional.of("mine"), Optional.empty(), Optional.empty(), Optional.of("same"));
        send(backend, Optional.of("system's"), Optional.empty(), Optional.empty(), Optional.of("same"));

        assertThat(history()).extracting(Message::content).containsExactly("mine", "system's");
    }

    /** A socket's send: its tiers are counted by the writer, with the rest of its group commit. */
    private static SendMessage.Command framed(Caller caller, SessionCode code, Optional<String> content, String ip) {
        var token =
                MemberToken.generate(new java.util.Random(caller.hashCode())).hash();
        return new SendMessage.Command(
                caller,
                code,
                content,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(new LimitPolicy.Action.Frame(token, ip, true)));
    }

    private static LimitPolicy.Tiers messagesPerMinute(int count) {
        var off = Optional.<Limit>empty();
        return new LimitPolicy.Tiers(
                Optional.of(new Limit(count, Duration.ofSeconds(60))), off, off, off, off, off, off, off);
    }

    @Test
    void a_send_counted_here_past_its_limit_is_limited_with_its_tier_and_nothing_is_stored() {
        var limited = new Messaging(messagesPerMinute(2));
        var carol = limited.joined("Carol", "member");

        var outcomes = new java.util.ArrayList<SendMessage.Outcome>();
        for (int i = 1; i <= 3; i++) {
            outcomes.add(limited.send.handle(framed(carol, limited.code, Optional.of("m" + i), "203.0.113.7")));
        }

        assertThat(outcomes.subList(0, 2)).allMatch(SendMessage.Sent.class::isInstance);
        var refusal = (SendMessage.Limited) outcomes.get(2);
        assertThat(refusal.verdict().tier()).isEqualTo("message");
        assertThat(refusal.verdict().retryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(limited.log.page(limited.code, HistoryQuery.latest(10)).messages())
                .extracting(Message::content)
                .containsExactly("m1", "m2");
    }

    @Test
    void sends_refused_while_the_log_is_known_down_do_not_use_up_the_senders_limit() {
        var limited = new Messaging(messagesPerMinute(2));
        var carol = limited.joined("Carol", "member");
        limited.log.down = true;

        for (int i = 1; i <= 3; i++) {
            var retry = i;
            assertThatThrownBy(() -> limited.send.handle(
                            framed(carol, limited.code, Optional.of("retry " + retry), "203.0.113.7")))
                    .isInstanceOf(StoreUnavailable.class);
        }
        limited.log.down = false;

        assertThat(limited.send.handle(framed(carol, limited.code, Optional.of("after"), "203.0.113.7")))
                .isInstanceOf(SendMessage.Sent.class);
        assertThat(limited.send.handle(framed(carol, limited.code, Optional.of("and again"), "203.0.113.7")))
                .isInstanceOf(SendMessage.Sent.class);
    }

    @Test
    void an_invalid_send_counted_here_still_counts_against_its_limit() {
        var limited = new Messaging(messagesPerMinute(1));
        var carol = limited.joined("Carol", "member");

        var invalid = limited.send.handle(framed(carol, limited.code, Optional.of(" "), "203.0.113.7"));
        var next = limited.send.handle(framed(carol, limited.code, Optional.of("hello"), "203.0.113.7"));

        assertThat(invalid).isInstanceOf(SendMessage.Invalid.class);
        assertThat(next).isInstanceOf(SendMessage.Limited.class);
    }

    @Test
    void a_send_the_edge_counted_already_is_not_counted_again() {
        var limited = new Messaging(messagesPerMinute(1));
        var carol = limited.joined("Carol", "member");

        for (int i = 0; i < 3; i++)
            assertThat(limited.sent(carol, "http " + i).seq()).isEqualTo(i + 1);
    }

    @Test
    void a_send_judged_by_a_near_copy_of_a_session_that_ended_elsewhere_is_refused_by_the_log() {
        messaging.sent(bob, "before");
        // Another gateway ends the session; this one has not heard yet.
        messaging.sessions.end(messaging.code, new Ending(messaging.clock.instant(), EndReason.OWNER));
        messaging.cache.evict(messaging.code);

        var outcome = send(bob, Optional.of("after"), Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(outcome).isEqualTo(new SendMessage.Refused(SessionAccess.Refusal.HIDDEN));
        assertThat(history()).extracting(Message::content).containsExactly("before");
    }

    @Test
    void sending_counts_as_session_activity_in_the_same_step_that_stores_the_message() {
        var later = messaging.clock.advance(Duration.ofMinutes(7));

        messaging.sent(bob, "still here");

        assertThat(messaging.sessions.find(messaging.code).orElseThrow().lastActivityAt())
                .isEqualTo(later);
    }

    @Test
    void a_display_is_forbidden_to_send_even_an_invalid_message() {
        var wall = messaging.joined("Wall", "display");
        var events = messaging.eventsOf(messaging.code);

        assertThat(messaging.send(wall, "hi", Optional.empty()))
                .isEqualTo(new SendMessage.Refused(SessionAccess.Refusal.FORBIDDEN));
        assertThat(send(wall, Optional.empty(), Optional.of("BAD"), Optional.empty(), Optional.empty()))
                .isEqualTo(new SendMessage.Refused(SessionAccess.Refusal.FORBIDDEN));
        assertThat(history()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void the_owner_and_a_controller_may_send() {
        assertThat(messaging.sent(messaging.owner, "from the owner").seq()).isEqualTo(1);
        assertThat(messaging
                        .sent(messaging.joined("Carol", "controller"), "from a controller")
                        .seq())
                .isEqualTo(2);
    }

    @Test
    void a_user_token_a_stranger_and_an_unknown_session_are_refused() {
        var eve = Member.joining(
                MemberId.generate(new java.util.SplittableRandom(1)), "Eve", Role.MEMBER, messaging.clock.instant());
        var stranger = new Caller.AsMember(new Membership(new SessionCode("ZZZZZZ"), eve));

        assertThat(messaging.send(Messaging.user(Messaging.ALICE), "hi", Optional.empty()))
                .isEqualTo(new SendMessage.Refused(SessionAccess.Refusal.UNAUTHENTICATED));
        assertThat(messaging.send(stranger, "hi", Optional.empty()))
                .isEqualTo(new SendMessage.Refused(SessionAccess.Refusal.HIDDEN));
        assertThat(messaging.send.handle(new SendMessage.Command(
                        bob,
                        new SessionCode("ZZZZZZ"),
                        Optional.of("hi"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty())))
                .isEqualTo(new SendMessage.Refused(SessionAccess.Refusal.HIDDEN));
        assertThat(history()).isEmpty();
    }

    @Test
    void every_invalid_field_is_listed_and_nothing_is_stored() {
        var outcome = send(
                bob,
                Optional.of("x".repeat(4001)),
                Optional.of("Shout"),
                Optional.of("\"" + "x".repeat(MessageData.MAX_BYTES) + "\""),
                Optional.of("not allowed"));

        assertThat(((SendMessage.Invalid) outcome).violations())
                .extracting(Violation::field)
                .containsExactly("content", "kind", "data", "clientMsgId");
        assertThat(history()).isEmpty();
        assertThat(messaging.log.span(messaging.code)).isEqualTo(LogSpan.EMPTY);
    }

    @Test
    void the_same_client_id_again_returns_the_first_message_and_does_not_advance_seq() {
        var first = (SendMessage.Sent) messaging.send(bob, "first", Optional.of("c-1"));
        var events = messaging.eventsOf(messaging.code);

        var again = messaging.send(bob, "first, retried", Optional.of("c-1"));

        assertThat(again).isEqualTo(new SendMessage.Duplicate(first.message()));
        assertThat(events).isEmpty();
        assertThat(messaging.recent.latest(messaging.code, 50)).containsExactly(first.message());
        assertThat(messaging.sent(bob, "next").seq()).isEqualTo(2);
    }

    @Test
    void another_member_may_use_the_same_client_id() {
        messaging.send(bob, "from Bob", Optional.of("c-1"));

        var carols = messaging.send(messaging.joined("Carol", "member"), "from Carol", Optional.of("c-1"));

        assertThat(((SendMessage.Sent) carols).message().seq()).isEqualTo(2);
    }

    @Test
    void when_the_log_cannot_take_the_write_nothing_is_copied_or_published() {
        messaging.sent(bob, "before the outage");
        var events = messaging.eventsOf(messaging.code);
        messaging.log.down = true;

        assertThatThrownBy(() -> messaging.send(bob, "lost?", Optional.of("c-2")))
                .isInstanceOf(StoreUnavailable.class)
                .satisfies(e -> assertThat(((StoreUnavailable) e).retryAfter()).isPositive());

        assertThat(messaging.recent.latest(messaging.code, 50))
                .extracting(Message::content)
                .containsExactly("before the outage");
        assertThat(events).isEmpty();
        messaging.log.down = false;
        var retried = messaging.send(bob, "lost?", Optional.of("c-2"));
        assertThat(((SendMessage.Sent) retried).message().seq()).isEqualTo(2);
    }

    @Test
    void a_stored_message_is_acknowledged_and_read_from_the_log_even_when_its_relay_fails() {
        var messaging = new Messaging(clock -> new BrokenRecentMessages());
        var carol = messaging.joined("Carol", "member");

        var sent = messaging.sent(carol, "stored anyway");

        var page = messaging.history(carol, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        assertThat(page).isEqualTo(new GetHistory.Page(new HistoryPage(List.of(sent), false)));
    }
}
