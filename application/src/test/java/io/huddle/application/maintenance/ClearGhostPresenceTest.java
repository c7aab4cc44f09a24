package io.huddle.application.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.presence.Headcount;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClearGhostPresenceTest {
    private static final Duration TTL = Duration.ofSeconds(15);

    private final Maintained huddle = new Maintained();

    @Test
    void sockets_of_an_instance_that_stopped_beating_are_cleared_and_their_members_go_offline_once() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        var carol = huddle.joined(session.code(), "Carol");
        huddle.instances.heartbeat("gw-dead", TTL);
        huddle.instances.heartbeat("gw-live", TTL);
        huddle.presence.socketOpened(session, bob.member().id(), "bob-phone", "gw-dead");
        huddle.presence.socketOpened(session, bob.member().id(), "bob-laptop", "gw-dead");
        huddle.presence.socketOpened(session, carol.member().id(), "carol-phone", "gw-live");
        huddle.clock.advance(TTL.minusSeconds(1));
        huddle.instances.heartbeat("gw-live", TTL);
        huddle.clock.advance(Duration.ofSeconds(1));

        var round = huddle.ghosts().handle();

        assertThat(round.handled()).isEqualTo(2);
        assertThat(huddle.presence.online(session.code()))
                .containsExactly(carol.member().id());
        assertThat(huddle.published(SessionEvent.MemberOffline.class))
                .containsExactly(new SessionEvent.MemberOffline(session.code(), bob.member(), new Headcount(1, 3)));
    }

    @Test
    void sockets_of_instances_still_beating_are_left_alone() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        huddle.instances.heartbeat("gw-1", TTL);
        huddle.presence.socketOpened(session, bob.member().id(), "bob-phone", "gw-1");
        huddle.clock.advance(TTL.minusMillis(1));

        assertThat(huddle.ghosts().handle()).isEqualTo(Round.of(0));

        assertThat(huddle.presence.online(session.code()))
                .containsExactly(bob.member().id());
        assertThat(huddle.published(SessionEvent.MemberOffline.class)).isEmpty();
    }

    @Test
    void a_ghost_of_a_member_who_already_left_goes_without_an_event() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        huddle.presence.socketOpened(session, bob.member().id(), "bob-phone", "gw-never-beat");
        huddle.members.remove(session.code(), bob.member().id());

        huddle.ghosts().handle();

        assertThat(huddle.presence.online(session.code())).isEmpty();
        assertThat(huddle.published(SessionEvent.MemberOffline.class)).isEmpty();
    }
}
