package io.huddle.application.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestClock;
import io.huddle.application.contract.TestSessions;
import io.huddle.application.contract.WatchedSessionCache;
import io.huddle.application.memory.InMemorySessionCache;
import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.Session;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The near copy: what a send may be judged by, and when it asks the shared copies again. */
class LiveSessionsTest {
    private final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00Z"));
    private final InMemorySessionStore store = new InMemorySessionStore();
    private final WatchedSessionCache cache = new WatchedSessionCache(new InMemorySessionCache(clock));
    private final LiveSessions live = new LiveSessions(store, cache, clock);
    private final Session session = TestSessions.session(clock.instant());

    @Test
    void sends_within_the_near_period_are_judged_without_asking_the_shared_copy() {
        store.create(session);

        for (int i = 0; i < 100; i++)
            assertThat(live.findRecent(session.code())).contains(session);

        assertThat(cache.gets).hasValue(1);
    }

    @Test
    void past_the_near_period_the_shared_copy_is_asked_again() {
        store.create(session);
        live.findRecent(session.code());

        clock.advance(LiveSessions.NEAR_FOR);
        live.findRecent(session.code());

        assertThat(cache.gets).hasValue(2);
    }

    @Test
    void a_session_ended_here_is_gone_from_the_near_copy_at_once() {
        store.create(session);
        live.findRecent(session.code());

        store.end(session.code(), new Ending(clock.instant(), EndReason.OWNER));
        live.evict(session.code());

        assertThat(live.findRecent(session.code())).isEmpty();
    }

    @Test
    void a_session_heard_to_have_ended_elsewhere_is_asked_for_again() {
        store.create(session);
        live.findRecent(session.code());
        store.end(session.code(), new Ending(clock.instant(), EndReason.OWNER));
        cache.evict(session.code());

        assertThat(live.findRecent(session.code()))
                .as("until the event arrives")
                .isPresent();
        live.forget(session.code());

        assertThat(live.findRecent(session.code())).isEmpty();
    }

    @Test
    void views_and_every_other_use_case_read_the_shared_copy_each_time() {
        store.create(session);

        live.find(session.code());
        live.find(session.code());

        assertThat(cache.gets).hasValue(2);
    }

    @Test
    void a_session_past_its_expiry_is_not_live_even_in_the_near_copy() {
        store.create(session);
        live.findRecent(session.code());

        clock.set(session.expiresAt().minus(Duration.ofMillis(1)));
        assertThat(live.findRecent(session.code())).isPresent();
        live.findRecent(session.code());
        clock.set(session.expiresAt());

        assertThat(live.findRecent(session.code())).isEmpty();
    }
}
