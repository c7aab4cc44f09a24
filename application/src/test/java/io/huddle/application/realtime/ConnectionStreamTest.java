package io.huddle.application.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.Ports;
import io.huddle.application.UseCases;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.auth.Caller;
import io.huddle.application.concurrency.ManualScheduler;
import io.huddle.application.contract.TestClock;
import io.huddle.application.contract.WatchedSessionCache;
import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.application.memory.InMemoryInstanceRegistry;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.application.memory.InMemoryMessageLog;
import io.huddle.application.memory.InMemoryMessageRelay;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.application.memory.InMemoryRateLimiter;
import io.huddle.application.memory.InMemoryRecentMessages;
import io.huddle.application.memory.InMemorySessionCache;
import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.application.memory.InMemoryStateStore;
import io.huddle.application.message.SendMessage;
import io.huddle.application.realtime.ServerEvent.ErrorKind;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.JoinSession;
import io.huddle.application.session.LiveSessions;
import io.huddle.application.session.RemoveMember;
import io.huddle.application.state.UpdateState;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.UserTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * One socket's stream on the real use cases over the in-memory stores, with no socket and no sleep: a
 * recording sink stands for the socket, a clock the test moves for time, and ticks are called by hand.
 * The log can be made to publish each stored message on the bus before it answers, as a fast bus
 * overtaking the commit's own answer would.
 */
class ConnectionStreamTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(25);
    private static final Optional<Limit> OFF = Optional.empty();

    private final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryEventBus events = new InMemoryEventBus();
    private final InMemoryRecentMessages recent = new InMemoryRecentMessages(100, clock);
    private final RacingLog log = new RacingLog(new InMemoryMessageLog(sessions), events);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Counted meters = new Counted();
    private WatchedSessionCache sessionCache;
    private InMemoryPresenceStore presence;
    private UseCases useCases;
    private SessionCode code;
    private String aliceToken;
    private String bobToken;

    ConnectionStreamTest() {
        wire(LimitPolicy.Tiers.off());
    }

    /** The use cases on the stores with {@code limits}, and a fresh session of Alice's that Bob joined. */
    private void wire(LimitPolicy.Tiers limits) {
        wire(limits, clock);
    }

    /** {@link #wire(LimitPolicy.Tiers)}, the sockets' liveness timed by {@code ticker}. */
    private void wire(LimitPolicy.Tiers limits, java.time.InstantSource ticker) {
        var cache = new InMemorySessionCache(clock);
        sessionCache = new WatchedSessionCache(cache);
        var ports = new Ports(
                sessions,
                sessionCache,
                new InMemoryMemberStore(clock),
                presence = new InMemoryPresenceStore(clock),
                events,
                new InMemoryStateStore(clock),
                log,
                recent,
                new InMemoryMessageRelay(recent, events, cache),
                new InMemoryRateLimiter(clock),
                new InMemoryInstanceRegistry(clock),
                UserTokens.NONE);
        useCases = UseCases.wire(
                ports,
                UseCases.Settings.defaults().withLimits(limits).withRealtime(HEARTBEAT, Duration.ofSeconds(1), "gw-1"),
                clock,
                ticker,
                scheduler,
                meters);
        var created = (CreateSession.Created) useCases.createSession()
                .handle(new CreateSession.Command(
                        new OwnerId("owner"),
                        Optional.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        Optional.of("Alice")));
        code = created.session().session().code();
        aliceToken = created.token().reveal();
        bobToken = joined("Bob");
    }

    private String joined(String name) {
        var joined = (JoinSession.Joined)
                useCases.joinSession().handle(new JoinSession.Command(code, Optional.of(name), Optional.empty()));
        return joined.token().reveal();
    }

    /**
     * A log that, while {@code racing}, publishes what it stored before it answers: the bus overtakes the commit;
     * and that refuses reads while {@code down}, as PostgreSQL out of reach does.
     */
    private static final class RacingLog implements MessageLog {
        private final MessageLog log;
        private final InMemoryEventBus bus;
        volatile boolean racing;
        volatile boolean down;
        /** Thrown by every read while set, as a read dying in the driver (a StackOverflowError, say). */
        volatile Error readsDieWith;
        /** Run once each by the next appends, after storing (and publishing), before answering; may throw. */
        final java.util.Deque<Runnable> duringAppends = new java.util.concurrent.ConcurrentLinkedDeque<>();

        private void refuseWhileDown() {
            if (readsDieWith != null) throw readsDieWith;
            if (down) throw new io.huddle.domain.StoreUnavailable("postgres", Duration.ofSeconds(1));
        }

        RacingLog(MessageLog log, InMemoryEventBus bus) {
            this.log = log;
            this.bus = bus;
        }

        @Override
        public List<Appended> appendAll(List<Append> appends) {
            var outcomes = log.appendAll(appends);
            if (racing) {
                for (var outcome : outcomes) {
                    if (outcome instanceof Appended.Stored(var message)) {
                        bus.publish(new SessionEvent.MessagePosted(message.session(), message));
                    }
                }
            }
            var during = duringAppends.poll();
            if (during != null) during.run();
            return outcomes;
        }

        @Override
        public io.huddle.domain.message.HistoryPage page(
                SessionCode session, io.huddle.domain.message.HistoryQuery query) {
            refuseWhileDown();
            return log.page(session, query);
        }

        @Override
        public List<Message> search(SessionCode session, io.huddle.domain.message.SearchQuery query) {
            return log.search(session, query);
        }

        @Override
        public io.huddle.domain.message.MessageStats stats(SessionCode session) {
            return log.stats(session);
        }

        @Override
        public void clear(SessionCode session) {
            log.clear(session);
        }

        @Override
        public io.huddle.domain.message.LogSpan span(SessionCode session) {
            refuseWhileDown();
            return log.span(session);
        }
    }

    /** Counts what {@code /metrics} shows of a socket: it open (the gauge), its sends answered, its close code. */
    private static final class Counted implements RealtimeMeters {
        final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
        final List<Integer> closes = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger sendsAnswered = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void sendAnswered(Duration latency) {
            sendsAnswered.incrementAndGet();
        }

        @Override
        public void opened() {
            open.incrementAndGet();
        }

        @Override
        public void closed(int code) {
            open.decrementAndGet();
            closes.add(code);
        }
    }

    private ConnectionStream open(String token, RecordingSink sink) {
        return open(token, sink, Optional.empty());
    }

    private ConnectionStream open(String token, RecordingSink sink, Optional<OptionalLong> since) {
        var opening = useCases.connections()
                .open(new Connections.Request(Optional.of(token), since, "127.0.0.1", "socket-" + token), sink);
        assertThat(opening).isInstanceOf(Connections.Opened.class);
        return ((Connections.Opened) opening).stream();
    }

    private Caller caller(String token) {
        return ((Authenticate.Authenticated) useCases.authenticate().handle(Optional.of(token))).caller();
    }

    private Message sentOverHttp(String token, String content) {
        var outcome = useCases.sendMessage()
                .handle(new SendMessage.Command(
                        caller(token),
                        code,
                        Optional.of(content),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
        return ((SendMessage.Sent) outcome).message();
    }

    private static ClientRequest.Send send(String ref, String content, Optional<String> clientMsgId) {
        return new ClientRequest.Send(
                Optional.of(ref), Optional.of(content), Optional.empty(), Optional.empty(), clientMsgId);
    }

    private static List<Long> seqsShown(RecordingSink sink) {
        var seqs = new ArrayList<Long>();
        for (var event : sink.sent) {
            if (event instanceof ServerEvent.MessageNew m) seqs.add(m.message().seq());
            if (event instanceof ServerEvent.MessageAck a) seqs.add(a.message().seq());
        }
        return seqs;
    }

    @Test
    void the_welcome_comes_first_and_every_later_message_once_in_seq_order() {
        sentOverHttp(bobToken, "before");
        var alice = new RecordingSink();
        open(aliceToken, alice);

        sentOverHttp(bobToken, "after 1");
        sentOverHttp(bobToken, "after 2");

        assertThat(alice.sent.getFirst()).isInstanceOf(ServerEvent.Welcome.class);
        var welcome = (ServerEvent.Welcome) alice.sent.getFirst();
        assertThat(welcome.lastSeq()).isEqualTo(1);
        assertThat(welcome.messages()).extracting(Message::content).containsExactly("before");
        assertThat(alice.of(ServerEvent.MessageNew.class))
                .extracting(m -> m.message().content())
                .containsExactly("after 1", "after 2");
    }

    @Test
    void a_socket_is_counted_open_by_the_time_its_welcome_can_reach_the_client() {
        var alice = new RecordingSink();
        var countedAtWelcome = new ArrayList<Integer>();
        alice.onFlush = () -> {
            if (!alice.of(ServerEvent.Welcome.class).isEmpty() && countedAtWelcome.isEmpty()) {
                countedAtWelcome.add(meters.open.get());
            }
        };

        var stream = open(aliceToken, alice);

        assertThat(countedAtWelcome)
                .as("sockets counted open when the welcome was flushed")
                .containsExactly(1);
        stream.frame(new ClientRequest.Leave(Optional.empty()));
        stream.closed();
        assertThat(meters.open.get()).isZero();
    }

    @Test
    void a_send_is_counted_answered_by_the_time_its_ack_can_reach_the_client() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);
        var countedAtAck = new ArrayList<Integer>();
        alice.onFlush = () -> {
            if (!alice.of(ServerEvent.MessageAck.class).isEmpty() && countedAtAck.isEmpty()) {
                countedAtAck.add(meters.sendsAnswered.get());
            }
        };

        stream.frame(send("a1", "hello", Optional.empty()));

        assertThat(countedAtAck)
                .as("sends counted answered when the ack was flushed")
                .containsExactly(1);
    }

    @Test
    void a_send_is_acked_with_the_stored_message_and_never_shown_back_as_new() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);
        var bob = new RecordingSink();
        open(bobToken, bob);

        stream.frame(send("a1", "hello", Optional.empty()));

        assertThat(alice.of(ServerEvent.MessageAck.class)).singleElement().satisfies(ack -> {
            assertThat(ack.ref()).contains("a1");
            assertThat(ack.message().content()).isEqualTo("hello");
            assertThat(ack.message().seq()).isEqualTo(1);
        });
        assertThat(alice.of(ServerEvent.MessageNew.class)).isEmpty();
        assertThat(bob.of(ServerEvent.MessageNew.class))
                .extracting(m -> m.message().content())
                .containsExactly("hello");
    }

    @Test
    void history_fetch_while_the_log_is_down_is_answered_from_the_recent_copy_or_refused_as_a_read() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);
        var one = sentOverHttp(bobToken, "one");
        var two = sentOverHttp(bobToken, "two");
        log.down = true;

        stream.frame(new ClientRequest.HistoryFetch(
                Optional.of("h1"), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()));
        recent.clear(code); // the copy emptied (Redis restarted empty): it settles nothing now
        stream.frame(new ClientRequest.HistoryFetch(
                Optional.of("h2"), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()));

        assertThat(alice.of(ServerEvent.History.class))
                .containsExactly(new ServerEvent.History(Optional.of("h1"), List.of(one, two), false));
        var refused = alice.of(ServerEvent.Error.class).getFirst();
        assertThat(refused.ref()).contains("h2");
        assertThat(refused.kind()).isEqualTo(ServerEvent.ErrorKind.STORAGE_UNAVAILABLE);
        assertThat(refused.retryAfter()).hasValue(1);
        assertThat(refused.message()).doesNotContain("writ");
    }

    @Test
    void an_own_message_the_bus_brings_before_its_commit_answers_goes_out_as_the_ack_in_its_seq_place() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);
        sentOverHttp(bobToken, "bob first");
        log.racing = true;

        stream.frame(send("a1", "alice second", Optional.empty()));
        sentOverHttp(bobToken, "bob third");

        assertThat(seqsShown(alice)).containsExactly(1L, 2L, 3L);
        assertThat(alice.sent.stream()
                        .filter(e -> e instanceof ServerEvent.MessageNew || e instanceof ServerEvent.MessageAck))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("MessageNew", "MessageAck", "MessageNew");
        assertThat(alice.of(ServerEvent.MessageAck.class).getFirst().ref()).contains("a1");
    }

    @Test
    void while_an_own_send_awaits_its_commit_messages_behind_its_own_wait_for_it() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);
        var second = new RecordingSink();
        open(aliceToken, second);
        log.racing = true;

        // The other socket of the same member sends: to this socket it is the member's own message, but
        // not this socket's send; it is shown as new once no send of this socket could claim it.
        stream.frame(send("mine", "from this socket", Optional.empty()));

        assertThat(seqsShown(alice)).containsExactly(1L);
        assertThat(alice.of(ServerEvent.MessageAck.class)).hasSize(1);
        assertThat(second.of(ServerEvent.MessageNew.class))
                .extracting(m -> m.message().content())
                .containsExactly("from this socket");
    }

    @Test
    void a_send_refused_before_it_reached_the_log_leaves_the_socket_showing_the_members_other_messages() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);
        var second = new RecordingSink();
        var other = open(aliceToken, second);
        // The session cannot be read (its copies out of reach, the near one too old): refused before the writer.
        sessionCache.down = true;
        clock.advance(LiveSessions.NEAR_FOR.plusMillis(1));
        stream.frame(send("refused", "while down", Optional.empty()));
        sessionCache.down = false;

        // The same member's other socket sends: once nothing of this socket is in flight, it is shown as new.
        other.frame(send("theirs", "from the other socket", Optional.empty()));

        assertThat(alice.of(ServerEvent.Error.class)).singleElement().satisfies(refused -> {
            assertThat(refused.ref()).contains("refused");
            assertThat(refused.kind()).isEqualTo(ErrorKind.STORAGE_UNAVAILABLE);
        });
        assertThat(alice.of(ServerEvent.MessageNew.class))
                .extracting(m -> m.message().content())
                .containsExactly("from the other socket");
        assertThat(second.of(ServerEvent.MessageAck.class)).hasSize(1);
    }

    @Test
    void a_message_stored_despite_its_error_holds_no_ack_of_a_later_send_while_more_are_in_flight() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);
        log.racing = true;
        // A's commit went through but its answer was lost (the connection dropped): refused, and stored. Alice keeps
        // sending: B during A's commit, C during B's; what the socket showed is taken during C's.
        log.duringAppends.add(() -> {
            stream.frame(send("b", "B", Optional.empty()));
            throw new io.huddle.domain.StoreUnavailable("postgres", Duration.ofSeconds(1));
        });
        log.duringAppends.add(() -> stream.frame(send("c", "C", Optional.empty())));
        var whileCWasInFlight = new ArrayList<ServerEvent>();
        log.duringAppends.add(() -> whileCWasInFlight.addAll(alice.sent));

        scheduler.deferDedicated();
        stream.frame(send("a", "A", Optional.empty()));
        scheduler.runDedicated();

        // B's ack says every send of this socket still in flight will be stored after it: A's message, before it,
        // is no longer one they could claim. Before, it waited until no send was in flight, and B's ack behind it.
        assertThat(whileCWasInFlight.stream().filter(e -> !(e instanceof ServerEvent.Welcome)))
                .extracting(ConnectionStreamTest::shown)
                .containsExactly("error a", "new 1 A", "ack b 2");
        assertThat(alice.sent.stream().filter(e -> !(e instanceof ServerEvent.Welcome)))
                .extracting(ConnectionStreamTest::shown)
                .containsExactly("error a", "new 1 A", "ack b 2", "ack c 3");
    }

    private static String shown(ServerEvent event) {
        return switch (event) {
            case ServerEvent.Error error -> "error " + error.ref().orElse("-");
            case ServerEvent.MessageNew m ->
                "new " + m.message().seq() + " " + m.message().content();
            case ServerEvent.MessageAck a ->
                "ack " + a.ref().orElse("-") + " " + a.message().seq();
            default -> event.getClass().getSimpleName();
        };
    }

    @Test
    void a_socket_whose_welcome_read_dies_with_an_error_is_refused_for_now_and_leaves_nothing_behind() {
        log.readsDieWith = new StackOverflowError();

        var opening = useCases.connections()
                .open(
                        new Connections.Request(Optional.of(aliceToken), Optional.empty(), "127.0.0.1", "socket-a"),
                        new RecordingSink());

        // Before, the Error went through: the socket never opened, and its presence and its feed (with the
        // session's subscription) stayed for good.
        assertThat(opening).isEqualTo(new Connections.Refused(1013, "try again later"));
        assertThat(presence.online(code)).isEmpty();
        assertThat(useCases.feeds().sessions()).doesNotContain(code);
    }

    @Test
    void the_same_client_msg_id_again_is_acked_with_the_first_message_which_is_shown_once() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);
        var bob = new RecordingSink();
        open(bobToken, bob);

        stream.frame(send("x1", "once", Optional.of("c-1")));
        stream.frame(send("x2", "once again", Optional.of("c-1")));

        var acks = alice.of(ServerEvent.MessageAck.class);
        assertThat(acks).extracting(a -> a.ref().orElseThrow()).containsExactly("x1", "x2");
        assertThat(acks).extracting(a -> a.message().seq()).containsExactly(1L, 1L);
        assertThat(bob.of(ServerEvent.MessageNew.class)).hasSize(1);
    }

    @Test
    void messages_the_welcome_covers_are_not_sent_again() {
        var alice = new RecordingSink();
        open(aliceToken, alice);
        sentOverHttp(bobToken, "one");
        var late = new RecordingSink();
        var stream = open(bobToken, late, Optional.of(OptionalLong.of(0)));

        // The bus brings a message the welcome had already: dropped by seq.
        var first = ((ServerEvent.Welcome) late.sent.getFirst()).messages().getFirst();
        stream.deliver(List.of(Delivery.of(new SessionEvent.MessagePosted(code, first))));

        assertThat(late.of(ServerEvent.MessageNew.class)).isEmpty();
        assertThat(((ServerEvent.Welcome) late.sent.getFirst()).recovered()).isTrue();
    }

    @Test
    void an_own_state_write_is_acked_and_not_shown_back_while_others_see_it() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);
        var bob = new RecordingSink();
        open(bobToken, bob);

        stream.frame(
                new ClientRequest.StateUpdate(Optional.of("s1"), Optional.of("{\"slide\":2}"), OptionalLong.of(0)));
        useCases.updateState()
                .handle(new UpdateState.Command(
                        caller(bobToken), code, Optional.of("{\"slide\":3}"), OptionalLong.empty()));

        assertThat(alice.of(ServerEvent.StateAck.class))
                .extracting(ServerEvent.StateAck::version)
                .containsExactly(1L);
        assertThat(alice.of(ServerEvent.StateUpdated.class))
                .extracting(s -> s.state().version())
                .containsExactly(2L);
        assertThat(bob.of(ServerEvent.StateUpdated.class))
                .extracting(s -> s.state().version())
                .containsExactly(1L, 2L);
    }

    @Test
    void typing_reaches_the_others_and_not_the_typist() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);
        var bob = new RecordingSink();
        open(bobToken, bob);

        stream.frame(new ClientRequest.TypingStart(Optional.empty()));

        assertThat(alice.of(ServerEvent.Typing.class)).isEmpty();
        assertThat(bob.of(ServerEvent.Typing.class))
                .singleElement()
                .satisfies(t -> assertThat(t.active()).isTrue());
    }

    @Test
    void a_kicked_member_is_closed_with_4009_and_a_member_who_leaves_with_1000() {
        var bob = new RecordingSink();
        var bobStream = open(bobToken, bob);
        var carolToken = joined("Carol");
        var carol = new RecordingSink();
        open(carolToken, carol);
        var bobId = bobStream.member().value();

        useCases.removeMember().handle(new RemoveMember.Command(caller(aliceToken), code, bobId));
        var carolStream = useCases.connections()
                .open(
                        new Connections.Request(Optional.of(carolToken), Optional.empty(), "127.0.0.1", "c2"),
                        new RecordingSink());
        ((Connections.Opened) carolStream).stream().frame(new ClientRequest.Leave(Optional.empty()));

        assertThat(bob.closedWith).isEqualTo(4009);
        assertThat(carol.closedWith).isEqualTo(1000);
    }

    @Test
    void a_close_is_counted_by_its_code_by_the_time_the_close_can_reach_the_client() {
        var bob = new RecordingSink();
        var bobStream = open(bobToken, bob);
        var countedAtClose = new ArrayList<List<Integer>>();
        bob.onClose = () -> countedAtClose.add(List.copyOf(meters.closes));

        useCases.removeMember()
                .handle(new RemoveMember.Command(
                        caller(aliceToken), code, bobStream.member().value()));

        assertThat(bob.closedWith).isEqualTo(4009);
        assertThat(countedAtClose).as("closes counted when the close went out").containsExactly(List.of(4009));
    }

    @Test
    void an_ending_is_shown_then_the_socket_closes_with_4004() {
        var alice = new RecordingSink();
        open(aliceToken, alice);

        useCases.endSession().handle(code, EndReason.EXPIRED);

        assertThat(alice.of(ServerEvent.Terminated.class))
                .singleElement()
                .satisfies(t -> assertThat(t.reason()).isEqualTo(EndReason.EXPIRED));
        assertThat(alice.closedWith).isEqualTo(4004);
    }

    @Test
    void a_client_that_answers_pings_stays_open_and_is_pinged_once_a_heartbeat() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);

        for (int beat = 1; beat <= 6; beat++) {
            clock.advance(HEARTBEAT);
            stream.tick(clock.instant());
            alice.bytesIn += 2; // the pong
        }

        assertThat(alice.pings).isEqualTo(6);
        assertThat(alice.closedWith).isNull();
    }

    @Test
    void a_client_silent_for_three_heartbeats_is_closed_with_1001_and_not_before() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);

        clock.advance(HEARTBEAT.multipliedBy(3).minusSeconds(1));
        stream.tick(clock.instant());
        assertThat(alice.closedWith).isNull();

        clock.advance(Duration.ofSeconds(1));
        stream.tick(clock.instant());
        assertThat(alice.closedWith).isEqualTo(1001);
    }

    @Test
    void a_step_of_the_wall_clock_closes_no_socket_and_stops_no_ping() {
        var ticker = TestClock.at(clock.instant());
        wire(LimitPolicy.Tiers.off(), ticker);
        var alice = new RecordingSink();
        open(aliceToken, alice);

        // An NTP correction, a virtual machine resumed: the wall clock jumps 10 minutes ahead, later 20 back. Before,
        // the heartbeat read it: the jump ahead closed every socket (1001) at the next tick, the one back stopped
        // the pings for as long as the step.
        clock.advance(Duration.ofMinutes(10));
        for (int beat = 1; beat <= 6; beat++) {
            ticker.advance(HEARTBEAT);
            useCases.feeds().tick();
            alice.bytesIn += 2; // the pong
            if (beat == 3) clock.advance(Duration.ofMinutes(-20));
        }

        assertThat(alice.closedWith).isNull();
        assertThat(alice.pings).isEqualTo(6);
    }

    @Test
    void a_step_back_of_the_wall_clock_holds_up_no_presence_correction() {
        var ticker = TestClock.at(clock.instant());
        wire(LimitPolicy.Tiers.off(), ticker);
        var alice = new RecordingSink();
        open(aliceToken, alice);
        // Bob came online on another gateway and its event was lost: only the presence store has him.
        var bob = ((Caller.AsMember) caller(bobToken)).membership().member();
        presence.socketOpened(sessions.find(code).orElseThrow(), bob.id(), "bob-elsewhere", "gw-2");

        // The first check finds the difference; then the wall clock steps an hour back. A correction is confirmed by
        // a later check at least 5 s on: by the wall clock that took an hour more, by the feeds' ticker 25 s.
        for (int beat = 1; beat <= 3; beat++) {
            ticker.advance(HEARTBEAT);
            clock.advance(HEARTBEAT);
            useCases.feeds().tick();
            alice.bytesIn += 2; // the pong
            if (beat == 1) clock.advance(Duration.ofHours(-1));
        }

        assertThat(alice.of(ServerEvent.Presence.class)).anySatisfy(event -> {
            assertThat(event.member().id()).isEqualTo(bob.id());
            assertThat(event.online()).isTrue();
        });
    }

    @Test
    void a_closed_socket_leaves_its_member_last_seen_when_it_closed_not_at_its_last_frame() {
        var published = new ArrayList<SessionEvent>();
        events.subscribe(code, published::add);
        var stream = open(bobToken, new RecordingSink());
        var closedAt = clock.advance(HEARTBEAT.multipliedBy(2));

        stream.closed();

        assertThat(published)
                .filteredOn(SessionEvent.MemberOffline.class::isInstance)
                .singleElement()
                .satisfies(offline -> assertThat(
                                ((SessionEvent.MemberOffline) offline).member().lastSeenAt())
                        .isEqualTo(closedAt));
        var bob = ((Authenticate.Authenticated) useCases.authenticate().handle(Optional.of(bobToken))).caller();
        assertThat(((Caller.AsMember) bob).membership().member().lastSeenAt()).isEqualTo(closedAt);
    }

    @Test
    void frames_count_as_signs_of_life_too() {
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);

        for (int i = 0; i < 5; i++) {
            clock.advance(HEARTBEAT);
            stream.frame(new ClientRequest.Ping(Optional.of("p" + i)));
            stream.tick(clock.instant());
        }

        assertThat(alice.closedWith).isNull();
        assertThat(alice.of(ServerEvent.Pong.class))
                .hasSize(5)
                .allSatisfy(p -> assertThat(p.serverTime()).isNotNull());
    }

    @Test
    void a_send_over_its_limit_is_refused_with_its_tier_and_retry_after_and_the_socket_stays_open() {
        wire(new LimitPolicy.Tiers(
                Optional.of(new Limit(1, Duration.ofSeconds(60))), OFF, OFF, OFF, OFF, OFF, OFF, OFF));
        var alice = new RecordingSink();
        var stream = open(aliceToken, alice);

        stream.frame(send("a", "one", Optional.empty()));
        stream.frame(send("b", "two", Optional.empty()));

        var error = alice.of(ServerEvent.Error.class).getFirst();
        assertThat(error.ref()).contains("b");
        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.tier()).contains("message");
        assertThat(error.retryAfter().getAsLong()).isEqualTo(60);
        assertThat(alice.closedWith).isNull();
        assertThat(log.span(code).lastSeq()).isEqualTo(1);
    }

    @Test
    void a_since_that_is_not_a_seq_gets_the_latest_messages_and_an_error_after_the_welcome() {
        var alice = new RecordingSink();
        open(aliceToken, alice, Optional.of(OptionalLong.empty()));

        assertThat(alice.sent.get(0)).isInstanceOf(ServerEvent.Welcome.class);
        assertThat(alice.sent.get(1))
                .isInstanceOfSatisfying(
                        ServerEvent.Error.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }

    @Test
    void one_event_is_one_shared_frame_for_every_socket_of_the_session() {
        var alice = new RecordingSink();
        open(aliceToken, alice);
        var bob = new RecordingSink();
        open(bobToken, bob);

        sentOverHttp(joined("Carol"), "to all");

        var toAlice = alice.shared.stream()
                .filter(b -> b.event() instanceof ServerEvent.MessageNew)
                .findFirst();
        var toBob = bob.shared.stream()
                .filter(b -> b.event() instanceof ServerEvent.MessageNew)
                .findFirst();
        assertThat(toAlice).isPresent();
        assertThat(toAlice.get()).isSameAs(toBob.orElseThrow());
    }
}
