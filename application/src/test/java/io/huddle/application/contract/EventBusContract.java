package io.huddle.application.contract;

import static io.huddle.application.contract.TestSessions.freshCode;
import static io.huddle.application.contract.TestSessions.member;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.event.SessionEvent.Departure;
import io.huddle.domain.member.Role;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventBus} promises. Delivery may be asynchronous: a test that expects nothing
 * for one listener publishes a marker event afterwards and waits until another listener has it, so
 * it relies on a bus delivering one publisher's events in order.
 */
public abstract class EventBusContract {
    private EventBus bus;
    private final List<EventBus.Subscription> subscriptions = new ArrayList<>();

    /** The bus under test; called before each test. */
    protected abstract EventBus bus();

    @BeforeEach
    void open_bus() {
        bus = bus();
    }

    @AfterEach
    void close_subscriptions() {
        subscriptions.forEach(EventBus.Subscription::close);
    }

    /** Collects what a listener receives. */
    private static final class Recorder implements Consumer<SessionEvent> {
        private final BlockingQueue<SessionEvent> received = new LinkedBlockingQueue<>();

        @Override
        public void accept(SessionEvent event) {
            received.add(event);
        }

        /** The next event; the bound only keeps a lost event from hanging the build. */
        SessionEvent next() throws InterruptedException {
            var event = received.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an event within 10 s").isNotNull();
            return event;
        }

        List<SessionEvent> drained() {
            var all = new ArrayList<SessionEvent>();
            received.drainTo(all);
            return all;
        }
    }

    private Recorder subscribed(SessionCode session) {
        var recorder = new Recorder();
        subscriptions.add(bus.subscribe(session, recorder));
        return recorder;
    }

    private static SessionEvent.SessionEnded ended(SessionCode session) {
        return new SessionEvent.SessionEnded(session, EndReason.OWNER);
    }

    @Test
    void a_subscriber_receives_every_kind_of_event_of_its_session_intact() throws Exception {
        var session = freshCode();
        var recorder = subscribed(session);
        var alice = member("Alice 🎺 \"A\" \\", Role.CONTROLLER, Instant.now())
                .seenAt(Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS));
        var events = List.<SessionEvent>of(
                new SessionEvent.MemberJoined(session, alice, new Headcount(1, 4)),
                new SessionEvent.MemberLeft(session, alice, Departure.KICKED, new Headcount(1, 3)),
                new SessionEvent.MemberLeft(session, alice, Departure.LEFT, new Headcount(0, 2)),
                new SessionEvent.MemberLeft(session, alice, Departure.IDLE, new Headcount(0, 1)),
                new SessionEvent.SessionEnded(session, EndReason.INACTIVITY),
                new SessionEvent.SessionEnded(session, EndReason.EXPIRED),
                new SessionEvent.SessionEnded(session, EndReason.OWNER));

        events.forEach(bus::publish);

        var received = new ArrayList<SessionEvent>();
        for (int i = 0; i < events.size(); i++) received.add(recorder.next());
        assertThat(received).containsExactlyElementsOf(events);
    }

    @Test
    void every_subscriber_of_a_session_receives_each_event() throws Exception {
        var session = freshCode();
        var first = subscribed(session);
        var second = subscribed(session);

        bus.publish(ended(session));

        assertThat(first.next()).isEqualTo(ended(session));
        assertThat(second.next()).isEqualTo(ended(session));
    }

    @Test
    void events_of_other_sessions_are_not_delivered() throws Exception {
        var mine = freshCode();
        var other = freshCode();
        var recorder = subscribed(mine);
        var otherRecorder = subscribed(other);

        bus.publish(ended(other));
        bus.publish(ended(mine));

        assertThat(recorder.next()).isEqualTo(ended(mine));
        assertThat(otherRecorder.next()).isEqualTo(ended(other));
        assertThat(recorder.drained()).isEmpty();
    }

    @Test
    void a_closed_subscription_receives_nothing_more() throws Exception {
        var session = freshCode();
        var closing = new Recorder();
        var subscription = bus.subscribe(session, closing);
        var staying = subscribed(session);
        bus.publish(ended(session));
        assertThat(closing.next()).isEqualTo(ended(session));
        assertThat(staying.next()).isEqualTo(ended(session));

        subscription.close();
        var after = new SessionEvent.SessionEnded(session, EndReason.EXPIRED);
        bus.publish(after);

        assertThat(staying.next()).isEqualTo(after);
        assertThat(closing.drained()).isEmpty();
    }

    @Test
    void closing_a_subscription_twice_is_harmless() throws Exception {
        var session = freshCode();
        var subscription = bus.subscribe(session, new Recorder());
        var staying = subscribed(session);

        subscription.close();
        subscription.close();
        bus.publish(ended(session));

        assertThat(staying.next()).isEqualTo(ended(session));
    }

    @Test
    void one_listener_subscribed_twice_is_two_subscriptions() throws Exception {
        var session = freshCode();
        var recorder = new Recorder();
        var first = bus.subscribe(session, recorder);
        subscriptions.add(bus.subscribe(session, recorder));

        first.close();
        var marker = new SessionEvent.SessionEnded(session, EndReason.EXPIRED);
        bus.publish(ended(session));
        bus.publish(marker);

        assertThat(recorder.next()).isEqualTo(ended(session));
        assertThat(recorder.next()).isEqualTo(marker);
    }

    @Test
    void a_throwing_listener_does_not_stop_the_others_or_the_bus() throws Exception {
        var session = freshCode();
        subscriptions.add(bus.subscribe(session, event -> {
            throw new IllegalStateException("listener broke");
        }));
        var recorder = subscribed(session);

        bus.publish(ended(session));
        var second = new SessionEvent.SessionEnded(session, EndReason.EXPIRED);
        bus.publish(second);

        assertThat(recorder.next()).isEqualTo(ended(session));
        assertThat(recorder.next()).isEqualTo(second);
    }

    @Test
    void publishing_without_subscribers_is_harmless() throws Exception {
        var session = freshCode();
        bus.publish(ended(freshCode()));
        var recorder = subscribed(session);

        bus.publish(ended(session));

        assertThat(recorder.next()).isEqualTo(ended(session));
    }
}
