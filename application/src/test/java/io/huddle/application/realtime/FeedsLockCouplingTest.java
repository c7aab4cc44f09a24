package io.huddle.application.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.concurrency.ManualScheduler;
import io.huddle.application.contract.TestClock;
import io.huddle.application.contract.TestMessages;
import io.huddle.application.contract.TestSessions;
import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.application.memory.InMemoryMessageLog;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.application.memory.InMemoryRecentMessages;
import io.huddle.application.memory.InMemorySessionCache;
import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.application.memory.InMemoryStateStore;
import io.huddle.application.message.MessageHistory;
import io.huddle.application.session.LiveSessions;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * One busy session's fan-out holds up no other session. A feed holds its lock while it hands a round to every socket
 * of its session, and a socket of that session opening or closing waits for it while holding the gateway-wide map
 * of feeds: before, the writer's hand-off of every stored message (to any session) waited for that map's lock too.
 * A latch stands in for a long fan-out (a session of thousands).
 */
class FeedsLockCouplingTest {
    private final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryRecentMessages recent = new InMemoryRecentMessages(100, clock);
    private final Feeds feeds = new Feeds(
            new InMemoryEventBus(),
            new MessageHistory(new InMemoryMessageLog(sessions), recent),
            sessions,
            new LiveSessions(sessions, new InMemorySessionCache(clock), clock),
            new InMemoryMemberStore(clock),
            new InMemoryPresenceStore(clock),
            new InMemoryStateStore(clock),
            new ManualScheduler(),
            clock,
            clock,
            Feeds.GAP_WAIT,
            Duration.ofSeconds(25),
            Duration.ofSeconds(1),
            Duration.ofSeconds(7),
            RealtimeMeters.NONE);

    @Test
    void a_socket_opening_on_a_busy_session_does_not_hold_up_the_writers_delivery_to_other_sessions() throws Exception {
        Session busy = TestSessions.session(clock.instant());
        Session other = TestSessions.session(clock.instant());
        sessions.create(busy);
        sessions.create(other);
        var alice = TestSessions.member("Alice", Role.MEMBER, clock.instant());
        var inFanOut = new CountDownLatch(1);
        var fanOutDone = new CountDownLatch(1);
        var received = new CopyOnWriteArrayList<Long>();
        feeds.register(busy.code(), recipient(alice.id(), round -> {
                    inFanOut.countDown();
                    await(fanOutDone);
                }))
                .baseline(0, List.of());
        feeds.register(
                        other.code(),
                        recipient(
                                alice.id(),
                                round -> round.forEach(d -> {
                                    if (d.event() instanceof SessionEvent.MessagePosted p)
                                        received.add(p.message().seq());
                                })))
                .baseline(0, List.of());

        var fanOut = Thread.ofPlatform().start(() -> feeds.stored(busy, List.of(msg(busy, alice, 1))));
        Thread opening = null;
        Thread writer = null;
        try {
            assertThat(inFanOut.await(5, TimeUnit.SECONDS)).isTrue();
            // A socket of the busy session opens: it waits for the busy feed's lock inside the feeds lock.
            opening = Thread.ofPlatform().start(() -> feeds.register(busy.code(), recipient(alice.id(), r -> {})));
            waitUntilBlocked(opening);
            // The writer hands a stored message to an unrelated session.
            writer = Thread.ofPlatform().name("writer").start(() -> feeds.stored(other, List.of(msg(other, alice, 1))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (received.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(received)
                    .as(
                            "the writer (state %s) delivered to session %s while session %s's fan-out ran",
                            writer.getState(), other.code(), busy.code())
                    .containsExactly(1L);
        } finally {
            fanOutDone.countDown();
            fanOut.join(5000);
            if (opening != null) opening.join(5000);
            if (writer != null) writer.join(5000);
        }
    }

    private static void waitUntilBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(thread.getState()).isEqualTo(Thread.State.BLOCKED);
    }

    private io.huddle.domain.message.Message msg(Session session, io.huddle.domain.member.Member sender, long seq) {
        return TestMessages.stored(session, sender, seq, clock.instant());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Recipient recipient(MemberId member, Consumer<List<Delivery>> onRound) {
        return new RoundsOnly(member) {
            @Override
            public void deliver(List<Delivery> round) {
                onRound.accept(round);
            }
        };
    }
}
