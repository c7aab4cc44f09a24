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
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A gap fill that dies with an Error leaves the feed filling later gaps: before, it stayed "filling" for good, and every
 * socket of the session on the gateway held all that came after the gap.
 */
class SessionFeedFillErrorTest {
    private final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryMessageLog log = new InMemoryMessageLog(sessions);
    private final ManualScheduler scheduler = new ManualScheduler();

    @Test
    void a_fill_that_failed_with_an_error_does_not_stop_every_later_gap_from_being_filled() {
        var session = TestSessions.session(clock.instant());
        sessions.create(session);
        var alice = TestSessions.member("Alice", Role.MEMBER, clock.instant());
        var failOnce = new AtomicBoolean(true);
        MessageLog failing = (MessageLog) java.lang.reflect.Proxy.newProxyInstance(
                MessageLog.class.getClassLoader(), new Class<?>[] {MessageLog.class}, (p, method, args) -> {
                    // e.g. OutOfMemoryError while the driver reads a page of 1,000 messages
                    if (failOnce.getAndSet(false)) throw new OutOfMemoryError("Java heap space");
                    try {
                        return method.invoke(log, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var feed = new SessionFeed(
                session.code(),
                new MessageHistory(failing, new InMemoryRecentMessages(100, clock)),
                scheduler,
                Feeds.GAP_WAIT,
                Duration.ofSeconds(7),
                RealtimeMeters.NONE);
        var seqs = new ArrayList<Long>();
        var socket = new Recipient() {
            public io.huddle.domain.member.MemberId member() {
                return alice.id();
            }

            public void deliver(List<Delivery> round) {
                for (var d : round)
                    if (d.event() instanceof SessionEvent.MessagePosted m)
                        seqs.add(m.message().seq());
            }

            public void tick(Instant now) {}

            public Optional<Instant> takeActivity() {
                return Optional.empty();
            }

            public void revoked() {}
        };
        feed.add(socket);
        feed.baseline(socket, 0);
        var messages = new ArrayList<Message>();
        for (int i = 0; i < 3; i++) {
            messages.add(((MessageLog.Appended.Stored) log.append(
                            session,
                            TestMessages.text("m" + i),
                            alice.id(),
                            "Alice",
                            TestMessages.freshId(),
                            clock.instant()))
                    .message());
        }
        feed.offer(List.of(messages.get(1))); // seq 2 ahead of a lost seq 1: the gap timer is armed
        // The fill dies with an Error (on a virtual thread in production: the task just ends).
        try {
            scheduler.runDueOnce();
        } catch (OutOfMemoryError expected) {
            // as the virtual thread's uncaught-exception handler would see it
        }
        assertThat(failOnce).as("the fill's read failed").isFalse();

        // The store is fine again; later messages come, the bus reconnects (catch-up), heartbeats pass.
        feed.offer(List.of(messages.get(2)));
        feed.catchUp();
        scheduler.runDue();

        assertThat(seqs).as("seq 1 read from the log, and 2, 3 behind it").containsExactly(1L, 2L, 3L);
    }
}
