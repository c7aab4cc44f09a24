package io.huddle.application.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.concurrency.ManualScheduler;
import io.huddle.application.contract.TestClock;
import io.huddle.application.contract.TestMessages;
import io.huddle.application.contract.TestSessions;
import io.huddle.application.memory.InMemoryMessageLog;
import io.huddle.application.memory.InMemoryRecentMessages;
import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.application.message.MessageHistory;
import io.huddle.application.session.ListMembers.MemberView;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The per-session sequencer: strictly in seq order, each message once, gaps filled from the log. */
class SessionFeedTest {
    private static final java.time.Duration TYPING_SILENCE = java.time.Duration.ofSeconds(7);
    private final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryMessageLog log = new InMemoryMessageLog(sessions);
    private final InMemoryRecentMessages recent = new InMemoryRecentMessages(100, clock);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Session session = TestSessions.session(clock.instant());
    private final Member alice = TestSessions.member("Alice", Role.MEMBER, clock.instant());
    private final SessionFeed feed = new SessionFeed(
            session.code(),
            new MessageHistory(log, recent),
            scheduler,
            Feeds.GAP_WAIT,
            TYPING_SILENCE,
            RealtimeMeters.NONE);
    private final Received socket = new Received(alice.id());

    SessionFeedTest() {
        sessions.create(session);
    }

    /** What one recipient received. */
    private static class Received extends RoundsOnly {
        final List<Long> seqs = new ArrayList<>();
        final List<SessionEvent> events = new ArrayList<>();

        Received(MemberId member) {
            super(member);
        }

        @Override
        public void deliver(List<Delivery> round) {
            for (var delivery : round) {
                if (delivery.event() instanceof SessionEvent.MessagePosted posted)
                    seqs.add(posted.message().seq());
                else events.add(delivery.event());
            }
        }
    }

    /** Stores {@code count} messages in the log and returns them, seq 1.. onwards. */
    private List<Message> stored(int count) {
        var all = new ArrayList<Message>();
        for (int i = 0; i < count; i++) {
            var appended = log.append(
                    session, TestMessages.text("m"), alice.id(), "Alice", TestMessages.freshId(), clock.instant());
            all.add(((MessageLog.Appended.Stored) appended).message());
        }
        return all;
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void messages_in_order_go_straight_through() {
        feed.add(socket);
        feed.baseline(socket, 0);
        stored(3).forEach(m -> feed.offer(List.of(m)));

        assertThat(socket.seqs).containsExactly(1L, 2L, 3L);
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void a_message_ahead_of_a_missing_one_waits_for_it() {
        feed.add(socket);
        feed.baseline(socket, 0);
        var messages = stored(3);

        feed.offer(List.of(messages.get(2)));
        feed.offer(List.of(messages.get(0)));
        assertThat(socket.seqs).containsExactly(1L);

        feed.offer(List.of(messages.get(1)));
        assertThat(socket.seqs).containsExactly(1L, 2L, 3L);
    }

    @Test
    void duplicates_are_dropped_whenever_they_come() {
        feed.add(socket);
        feed.baseline(socket, 0);
        var messages = stored(2);

        feed.offer(List.of(messages.get(1)));
        feed.offer(List.of(messages.get(1)));
        feed.offer(List.of(messages.get(0)));
        feed.offer(List.of(messages.get(0)));
        feed.offer(List.of(messages.get(1)));

        assertThat(socket.seqs).containsExactly(1L, 2L);
    }

    @Test
    void a_gap_still_open_after_the_wait_is_filled_from_the_log() {
        feed.add(socket);
        feed.baseline(socket, 0);
        var messages = stored(5);
        feed.offer(List.of(messages.get(4)));
        assertThat(socket.seqs).isEmpty();
        assertThat(scheduler.delays()).containsExactly(Feeds.GAP_WAIT);

        scheduler.runDue();

        assertThat(socket.seqs).containsExactlyElementsOf(seqs(1, 5));
        feed.offer(List.of(messages.get(2)));
        assertThat(socket.seqs).containsExactlyElementsOf(seqs(1, 5));
    }

    @Test
    void seqs_the_log_no_longer_holds_are_skipped_not_awaited() {
        stored(3);
        log.clear(session.code());
        var later = stored(2);
        feed.add(socket);
        feed.baseline(socket, 0);

        feed.offer(List.of(later.get(1)));
        scheduler.runDue();

        assertThat(socket.seqs).containsExactly(4L, 5L);
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void before_the_first_welcome_messages_wait_and_the_welcome_drops_what_it_covers() {
        feed.add(socket);
        var messages = stored(4);
        feed.offer(List.of(messages.get(1)));
        feed.offer(List.of(messages.get(3)));
        assertThat(socket.seqs).isEmpty();

        feed.baseline(socket, 3);

        assertThat(socket.seqs).containsExactly(4L);
    }

    @Test
    void a_welcome_that_saw_more_than_was_delivered_makes_the_feed_fetch_the_rest() {
        feed.add(socket);
        feed.baseline(socket, 0);
        var messages = stored(3);
        feed.offer(List.of(messages.get(0)));

        feed.baseline(socket, 3);
        scheduler.runDue();

        assertThat(socket.seqs).containsExactly(1L, 2L, 3L);
    }

    @Test
    void catching_up_after_a_reconnect_reads_what_was_published_meanwhile() {
        feed.add(socket);
        feed.baseline(socket, 0);
        stored(3);

        feed.catchUp();
        scheduler.runDue();

        assertThat(socket.seqs).containsExactly(1L, 2L, 3L);
    }

    @Test
    void more_than_a_page_missing_is_read_page_after_page() {
        feed.add(socket);
        feed.baseline(socket, 0);
        var messages = stored(2500);
        feed.offer(List.of(messages.getLast()));

        scheduler.runDue();

        assertThat(socket.seqs).containsExactlyElementsOf(seqs(1, 2500));
    }

    @Test
    void a_recipient_added_later_receives_only_later_messages() {
        feed.add(socket);
        feed.baseline(socket, 0);
        var messages = stored(3);
        feed.offer(List.of(messages.get(0)));
        var late = new Received(alice.id());

        feed.add(late);
        feed.offer(List.of(messages.get(1)));
        feed.offer(List.of(messages.get(2)));

        assertThat(late.seqs).containsExactly(2L, 3L);
        assertThat(socket.seqs).containsExactly(1L, 2L, 3L);
    }

    @Test
    void a_read_that_fails_is_tried_again_later() {
        aFailedReadIsTriedAgain(() -> new StoreUnavailable("postgres", java.time.Duration.ofSeconds(1)));
    }

    @Test
    void a_read_that_dies_with_an_error_is_tried_again_too() {
        // Before, an Error (a StackOverflowError, say) left the feed "filling" for good: it never filled a gap
        // again, and every socket of the session here held all that came after.
        aFailedReadIsTriedAgain(StackOverflowError::new);
    }

    /** A gap whose first fill meets {@code failure} from the log: filled once the log answers again. */
    private void aFailedReadIsTriedAgain(java.util.function.Supplier<? extends Throwable> failure) {
        var down = new java.util.concurrent.atomic.AtomicBoolean(true);
        MessageLog flaky = (MessageLog) java.lang.reflect.Proxy.newProxyInstance(
                MessageLog.class.getClassLoader(), new Class<?>[] {MessageLog.class}, (proxy, method, args) -> {
                    if (down.get()) throw failure.get();
                    try {
                        return method.invoke(log, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var feed = new SessionFeed(
                session.code(),
                new MessageHistory(flaky, recent),
                scheduler,
                Feeds.GAP_WAIT,
                TYPING_SILENCE,
                RealtimeMeters.NONE);
        feed.add(socket);
        feed.baseline(socket, 0);
        var messages = stored(2);
        feed.offer(List.of(messages.get(1)));

        scheduler.runDueOnce();
        assertThat(socket.seqs).isEmpty();
        assertThat(scheduler.delays()).containsExactly(SessionFeed.RETRY_AFTER_FAILURE);

        down.set(false);
        scheduler.runDue();
        assertThat(socket.seqs).containsExactly(1L, 2L);
    }

    @Test
    void a_round_is_counted_delivered_and_fanned_out_by_the_time_a_recipient_can_write_it() {
        var delivered = new java.util.concurrent.atomic.AtomicInteger();
        var fannedOut = new java.util.concurrent.atomic.AtomicInteger();
        var meters = new RealtimeMeters() {
            @Override
            public void delivered(int events, int streams) {
                delivered.addAndGet(events * streams);
            }

            @Override
            public void fannedOut(Message message, FeedPath path) {
                fannedOut.incrementAndGet();
            }
        };
        var counted = new SessionFeed(
                session.code(), new MessageHistory(log, recent), scheduler, Feeds.GAP_WAIT, TYPING_SILENCE, meters);
        var countedWhenHanded = new ArrayList<List<Integer>>();
        var writing = new Received(alice.id()) {
            @Override
            public void deliver(List<Delivery> round) {
                countedWhenHanded.add(List.of(delivered.get(), fannedOut.get()));
                super.deliver(round);
            }
        };
        counted.add(writing);
        counted.baseline(writing, 0);

        counted.offer(stored(1));

        assertThat(writing.seqs).containsExactly(1L);
        assertThat(countedWhenHanded)
                .as("[deliveries, messages fanned out] counted when the round reached the socket")
                .containsExactly(List.of(1, 1));
    }

    @Test
    void other_events_go_to_every_recipient_in_arrival_order() {
        var bob = new Received(
                TestSessions.member("Bob", Role.MEMBER, clock.instant()).id());
        feed.add(socket);
        feed.add(bob);
        var typing = new SessionEvent.Typing(session.code(), alice.id(), true);
        var joined = new SessionEvent.MemberJoined(session.code(), alice, new Headcount(0, 2));
        var ended = new SessionEvent.SessionEnded(session.code(), EndReason.OWNER);

        feed.accept(List.of(typing));
        feed.accept(List.of(joined, ended));

        assertThat(bob.events).containsExactly(typing, joined, ended);
        assertThat(socket.events).containsExactly(typing, joined, ended);
    }

    @Test
    void a_relayed_typing_renewal_is_not_shown_again() {
        feed.add(socket);
        var started = new SessionEvent.Typing(session.code(), alice.id(), true);
        var ended = new SessionEvent.Typing(session.code(), alice.id(), false);

        feed.accept(List.of(started));
        feed.accept(List.of(started));
        feed.accept(List.of(ended));
        feed.accept(List.of(ended));

        assertThat(socket.events).containsExactly(started, ended);
    }

    @Test
    void a_typing_whose_gateway_goes_silent_is_ended_by_the_feed_once() {
        var bob = new Received(
                TestSessions.member("Bob", Role.MEMBER, clock.instant()).id());
        feed.add(bob);
        var started = new SessionEvent.Typing(session.code(), alice.id(), true);
        var ended = new SessionEvent.Typing(session.code(), alice.id(), false);
        feed.accept(List.of(started));
        assertThat(scheduler.delays()).containsExactly(TYPING_SILENCE);

        scheduler.runScheduledWith(TYPING_SILENCE);
        feed.accept(List.of(ended)); // the typist's own end, late: already shown

        assertThat(bob.events).containsExactly(started, ended);
    }

    @Test
    void each_renewal_heard_pushes_the_silence_back() {
        feed.add(socket);
        var started = new SessionEvent.Typing(session.code(), alice.id(), true);
        feed.accept(List.of(started));

        feed.accept(List.of(started));
        scheduler.runScheduledWith(TYPING_SILENCE);

        assertThat(socket.events).containsExactly(started, new SessionEvent.Typing(session.code(), alice.id(), false));
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void an_end_heard_in_time_leaves_no_timer_and_a_closed_feed_none_either() {
        feed.add(socket);
        var bobId = TestSessions.member("Bob", Role.MEMBER, clock.instant()).id();
        feed.accept(List.of(new SessionEvent.Typing(session.code(), alice.id(), true)));
        feed.accept(List.of(new SessionEvent.Typing(session.code(), alice.id(), false)));
        assertThat(scheduler.waiting()).isZero();

        feed.accept(List.of(new SessionEvent.Typing(session.code(), bobId, true)));
        feed.close();
        scheduler.runDue();

        assertThat(socket.events).hasSize(3);
    }

    @Test
    void what_arrives_together_is_one_round_for_each_recipient() {
        var rounds = new ArrayList<List<Delivery>>();
        var counting = new Received(alice.id()) {
            @Override
            public void deliver(List<Delivery> round) {
                rounds.add(round);
            }
        };
        feed.add(counting);
        feed.baseline(counting, 0);

        feed.offer(stored(3));

        assertThat(rounds).hasSize(1);
        assertThat(rounds.getFirst())
                .extracting(
                        d -> ((SessionEvent.MessagePosted) d.event()).message().seq())
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void a_stream_whose_welcome_was_read_earlier_but_answered_later_misses_nothing() {
        var bob = new Received(
                TestSessions.member("Bob", Role.MEMBER, clock.instant()).id());
        feed.add(socket); // its welcome is read now: the log holds nothing yet
        feed.add(bob);
        var two = stored(2); // stored and handed to the feed between the two welcomes
        feed.offer(two);

        feed.baseline(bob, 2); // bob's welcome, read after the two, answers first
        assertThat(bob.seqs)
                .as("nothing for anyone until every waiting welcome answered")
                .isEmpty();
        feed.baseline(socket, 0);

        assertThat(socket.seqs).containsExactly(1L, 2L);
        assertThat(bob.seqs)
                .as("both (a real stream drops what its welcome had)")
                .containsExactly(1L, 2L);
        feed.offer(stored(1));
        assertThat(socket.seqs).containsExactly(1L, 2L, 3L);
    }

    @Test
    void a_stream_that_leaves_before_its_welcome_does_not_hold_the_others_back() {
        var bob = new Received(
                TestSessions.member("Bob", Role.MEMBER, clock.instant()).id());
        feed.add(socket);
        feed.add(bob);
        feed.offer(stored(1));

        feed.baseline(socket, 0);
        assertThat(socket.seqs).isEmpty();
        feed.remove(bob);

        assertThat(socket.seqs).containsExactly(1L);
    }

    // --- presence events that never came

    private final Member bob = TestSessions.member("Bob", Role.MEMBER, clock.instant());
    private final Member carol = TestSessions.member("Carol", Role.MEMBER, clock.instant());

    /** One check of the session, Redis answering: the stores read after the mark, compared at the clock's time. */
    private void check(List<Member> roster, Set<MemberId> online) {
        check(roster, online, true);
    }

    private void check(List<Member> roster, Set<MemberId> online, boolean everywhere) {
        long mark = feed.presenceMark();
        feed.correctPresence(mark, roster, online, everywhere, Headcount.of(roster, online), clock.instant());
    }

    private List<String> presence() {
        return socket.events.stream()
                .map(e -> switch (e) {
                    case SessionEvent.MemberJoined j -> "joined " + j.member().displayName();
                    case SessionEvent.MemberLeft l -> "left " + l.member().displayName();
                    case SessionEvent.MemberOnline o -> "online " + o.member().displayName();
                    case SessionEvent.MemberOffline o -> "offline " + o.member().displayName();
                    default -> e.toString();
                })
                .toList();
    }

    @Test
    void a_join_and_an_online_that_never_came_are_sent_once_the_difference_lasts() {
        feed.add(socket);
        check(List.of(alice), Set.of(alice.id())); // the first check learns what is there
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        clock.advance(PresenceCorrections.CONFIRM_AFTER.minusMillis(1));
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        assertThat(presence()).isEmpty();

        clock.advance(java.time.Duration.ofMillis(1));
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        assertThat(presence()).containsExactly("joined Bob");
        assertThat(socket.events.getFirst())
                .isEqualTo(new SessionEvent.MemberJoined(session.code(), bob, new Headcount(2, 2)));

        // Bob's online is compared once his join is told, and confirmed the same way.
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        clock.advance(PresenceCorrections.CONFIRM_AFTER);
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        clock.advance(PresenceCorrections.CONFIRM_AFTER);
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        assertThat(presence()).containsExactly("joined Bob", "online Bob");
    }

    @Test
    void an_event_that_comes_late_is_not_doubled_by_a_correction() {
        feed.add(socket);
        check(List.of(alice), Set.of(alice.id()));
        check(List.of(alice, bob), Set.of(alice.id()));
        feed.accept(List.of(new SessionEvent.MemberJoined(session.code(), bob, new Headcount(1, 2))));
        for (int i = 0; i < 3; i++) {
            clock.advance(PresenceCorrections.CONFIRM_AFTER);
            check(List.of(alice, bob), Set.of(alice.id()));
        }

        assertThat(presence()).containsExactly("joined Bob");
    }

    @Test
    void a_difference_that_goes_away_is_never_sent() {
        feed.add(socket);
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        check(List.of(alice, bob), Set.of(alice.id())); // Bob's gateway not back in Redis yet
        clock.advance(PresenceCorrections.CONFIRM_AFTER);
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        clock.advance(PresenceCorrections.CONFIRM_AFTER);
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));

        assertThat(presence()).isEmpty();
    }

    @Test
    void who_is_online_is_not_corrected_from_this_gateway_s_sockets_alone() {
        feed.add(socket);
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        // Redis away: who is online is this gateway's sockets only (Alice's); the roster is known everywhere.
        check(List.of(alice, bob, carol), Set.of(alice.id()), false);
        clock.advance(PresenceCorrections.CONFIRM_AFTER);
        check(List.of(alice, bob, carol), Set.of(alice.id()), false);

        assertThat(presence()).containsExactly("joined Carol");
    }

    @Test
    void a_leave_and_an_offline_that_never_came_are_sent() {
        feed.add(socket);
        check(List.of(alice, bob, carol), Set.of(alice.id(), bob.id(), carol.id()));
        check(List.of(alice, bob), Set.of(alice.id()));
        clock.advance(PresenceCorrections.CONFIRM_AFTER);
        check(List.of(alice, bob), Set.of(alice.id()));

        assertThat(presence()).containsExactly("left Carol", "offline Bob");
    }

    @Test
    void a_check_whose_read_crossed_an_event_learns_nothing_from_it() {
        feed.add(socket);
        long mark = feed.presenceMark();
        // Carol's join is handed on while the first check reads the stores, which did not have her yet.
        feed.accept(List.of(new SessionEvent.MemberJoined(session.code(), carol, new Headcount(1, 2))));
        feed.correctPresence(mark, List.of(alice), Set.of(alice.id()), true, new Headcount(1, 1), clock.instant());
        check(List.of(alice, carol), Set.of(alice.id()));
        clock.advance(PresenceCorrections.CONFIRM_AFTER);
        check(List.of(alice, carol), Set.of(alice.id()));

        assertThat(presence()).containsExactly("joined Carol");
    }

    @Test
    void what_a_welcome_told_is_where_corrections_start_unless_an_event_crossed_its_read() {
        feed.add(socket);
        long mark = feed.presenceMark();
        // The welcome told Alice and Bob, Bob offline; Bob's online never came (Redis away on his gateway).
        feed.told(mark, List.of(new MemberView(alice, true), new MemberView(bob, false)));
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        clock.advance(PresenceCorrections.CONFIRM_AFTER);
        check(List.of(alice, bob), Set.of(alice.id(), bob.id()));
        assertThat(presence()).containsExactly("online Bob");

        var other = new SessionFeed(
                session.code(),
                new MessageHistory(log, recent),
                scheduler,
                Feeds.GAP_WAIT,
                TYPING_SILENCE,
                RealtimeMeters.NONE);
        var carolsSocket = new Received(carol.id());
        other.add(carolsSocket);
        long crossed = other.presenceMark();
        other.accept(List.of(new SessionEvent.MemberOnline(session.code(), bob, new Headcount(2, 2))));
        // A welcome read across Bob's online may or may not show it: the feed learns nothing from it.
        other.told(crossed, List.of(new MemberView(alice, true), new MemberView(bob, false)));
        for (int i = 0; i < 3; i++) {
            long at = other.presenceMark();
            other.correctPresence(
                    at, List.of(alice, bob), Set.of(alice.id(), bob.id()), true, new Headcount(2, 2), clock.instant());
            clock.advance(PresenceCorrections.CONFIRM_AFTER);
        }
        assertThat(carolsSocket.events).hasSize(1); // Bob's online, once
    }
}
