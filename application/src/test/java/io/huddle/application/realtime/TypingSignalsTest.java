package io.huddle.application.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.concurrency.ManualScheduler;
import io.huddle.application.contract.TestSessions;
import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a typist's gateway puts on the bus: the start, renewals at most once a relay interval, the end. */
class TypingSignalsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RELAY = TypingSignals.relayEvery(TIMEOUT);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final TypingSignals typing = new TypingSignals(bus, scheduler, TIMEOUT);
    private final Instant now = Instant.parse("2030-05-01T10:00:00Z");
    private final Session session = TestSessions.session(now);
    private final Member alice = TestSessions.member("Alice", Role.MEMBER, now);
    private final List<Boolean> published = new ArrayList<>();

    TypingSignalsTest() {
        bus.subscribe(session.code(), event -> published.add(((SessionEvent.Typing) event).active()));
    }

    @Test
    void renewals_made_during_a_relay_interval_go_on_the_bus_once_when_it_ends() {
        typing.start(session.code(), alice);
        typing.start(session.code(), alice);
        typing.start(session.code(), alice);
        assertThat(published).containsExactly(true);

        scheduler.runScheduledWith(RELAY);
        assertThat(published).containsExactly(true, true);

        scheduler.runScheduledWith(RELAY); // nothing renewed meanwhile: nothing relayed
        assertThat(published).containsExactly(true, true);

        typing.start(session.code(), alice); // after a quiet interval a renewal goes out at once
        assertThat(published).containsExactly(true, true, true);
    }

    @Test
    void a_start_not_renewed_ends_once_on_the_bus() {
        typing.start(session.code(), alice);

        scheduler.runScheduledWith(TIMEOUT);
        scheduler.runDue();

        assertThat(published).containsExactly(true, false);
    }

    @Test
    void a_stop_ends_at_once_and_nothing_is_relayed_after_it() {
        typing.start(session.code(), alice);
        typing.start(session.code(), alice);

        typing.stop(session.code(), alice);
        scheduler.runDue();

        assertThat(published).containsExactly(true, false);
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void a_start_after_an_end_is_a_new_start() {
        typing.start(session.code(), alice);
        typing.gone(session.code(), alice.id());

        typing.start(session.code(), alice);

        assertThat(published).containsExactly(true, false, true);
    }

    @Test
    void a_display_cannot_type() {
        var display = TestSessions.member("Wall", Role.DISPLAY, now);

        assertThat(typing.start(session.code(), display)).isInstanceOf(TypingSignals.Forbidden.class);
        assertThat(published).isEmpty();
    }

    @Test
    void a_feed_waits_longer_than_the_timeout_and_two_relay_intervals() {
        assertThat(TypingSignals.silenceAfter(TIMEOUT)).isEqualTo(Duration.ofSeconds(7));
    }
}
