package io.huddle.application.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndInactiveSessionsTest {
    private final Maintained huddle = new Maintained();

    @Test
    void a_session_without_activity_for_the_timeout_ends_as_inactive() {
        var session = huddle.session();
        var deadline = session.lastActivityAt().plus(Maintained.INACTIVITY);
        huddle.clock.set(deadline);

        assertThat(huddle.inactivity().handle()).isEqualTo(Round.of(1));

        assertThat(huddle.stored(session.code()).orElseThrow().ending())
                .contains(new Ending(deadline, EndReason.INACTIVITY));
        assertThat(huddle.published)
                .containsExactly(new SessionEvent.SessionEnded(session.code(), EndReason.INACTIVITY));
    }

    @Test
    void a_session_one_second_before_its_inactivity_deadline_survives() {
        var session = huddle.session();
        huddle.clock.set(session.lastActivityAt().plus(Maintained.INACTIVITY).minusSeconds(1));

        assertThat(huddle.inactivity().handle()).isEqualTo(Round.of(0));

        assertThat(huddle.stored(session.code()).orElseThrow().ending()).isEmpty();
    }

    @Test
    void a_join_is_activity() {
        var session = huddle.session();
        huddle.clock.advance(Duration.ofMinutes(10));
        huddle.joined(session.code(), "Bob");
        huddle.clock.advance(Duration.ofMinutes(10));

        huddle.inactivity().handle();

        assertThat(huddle.stored(session.code()).orElseThrow().ending()).isEmpty();
    }

    @Test
    void activity_only_the_hot_copy_knows_keeps_a_session_and_becomes_durable() {
        var session = huddle.session();
        var messageAt = huddle.clock.advance(Duration.ofMinutes(10));
        huddle.cache.touch(session.code(), messageAt);
        huddle.clock.advance(Duration.ofMinutes(10));

        var round = huddle.inactivity().handle();

        assertThat(round).isEqualTo(new Round(0, 1, List.of()));
        var stored = huddle.stored(session.code()).orElseThrow();
        assertThat(stored.ending()).isEmpty();
        assertThat(stored.lastActivityAt()).isEqualTo(messageAt);
    }

    @Test
    void a_member_online_counts_as_activity_now() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        huddle.presence.socketOpened(session, bob.member().id(), "socket-1", "gw-1");
        var now = huddle.clock.advance(Duration.ofHours(1));

        huddle.inactivity().handle();

        var stored = huddle.stored(session.code()).orElseThrow();
        assertThat(stored.ending()).isEmpty();
        assertThat(stored.lastActivityAt()).isEqualTo(now);
        assertThat(huddle.cache.get(session.code()).orElseThrow().lastActivityAt())
                .isEqualTo(now);
    }

    @Test
    void a_session_found_active_is_released_so_it_ends_at_its_expiry_not_a_lease_later() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        huddle.presence.socketOpened(session, bob.member().id(), "socket-1", "gw-1");
        huddle.clock.set(session.expiresAt().minusSeconds(1));
        assertThat(huddle.inactivity().handle()).isEqualTo(new Round(0, 1, List.of()));

        huddle.clock.set(session.expiresAt());
        huddle.expire(100).handle();

        assertThat(huddle.published).contains(new SessionEvent.SessionEnded(session.code(), EndReason.EXPIRED));
    }

    @Test
    void an_expired_session_is_left_to_the_expiry_job() {
        var session = huddle.session();
        huddle.clock.set(session.expiresAt());

        huddle.inactivity().handle();
        huddle.expire(100).handle();

        assertThat(huddle.published).containsExactly(new SessionEvent.SessionEnded(session.code(), EndReason.EXPIRED));
    }
}
