package io.huddle.application.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.event.SessionEvent.Departure;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.Membership;
import io.huddle.domain.presence.Headcount;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoveIdleMembersTest {
    private final Maintained huddle = new Maintained();

    @Test
    void a_member_without_a_socket_for_the_idle_timeout_is_removed_and_its_token_revoked() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        huddle.clock.set(bob.member().joinedAt().plus(Maintained.IDLE));

        var round = huddle.idleMembers().handle();

        assertThat(round.handled()).isEqualTo(2); // Bob, and the owner, who never opened a socket either
        assertThat(huddle.members.find(session.code(), bob.member().id())).isEmpty();
        assertThat(huddle.members.authenticate(bob.token().hash())).isEmpty();
        assertThat(huddle.published(SessionEvent.MemberLeft.class))
                .extracting(left -> ((SessionEvent.MemberLeft) left).member().id())
                .contains(bob.member().id());
    }

    @Test
    void the_owner_is_removed_like_anyone_else() {
        var created = huddle.created();
        var code = created.session().session().code();
        huddle.clock.set(created.owner().joinedAt().plus(Maintained.IDLE));

        huddle.idleMembers().handle();

        assertThat(huddle.members.authenticate(created.token().hash())).isEmpty();
        assertThat(huddle.published)
                .containsExactly(
                        new SessionEvent.MemberLeft(code, created.owner(), Departure.IDLE, new Headcount(0, 0)));
    }

    @Test
    void a_member_one_second_before_the_idle_timeout_stays() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        huddle.clock.set(bob.member().joinedAt().plus(Maintained.IDLE).minusSeconds(1));

        assertThat(huddle.idleMembers().handle()).isEqualTo(Round.of(0));

        assertThat(huddle.members.authenticate(bob.token().hash())).isPresent();
        assertThat(huddle.published(SessionEvent.MemberLeft.class)).isEmpty();
    }

    @Test
    void idle_time_counts_from_when_the_member_was_last_seen() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        var seen = huddle.clock.advance(Duration.ofMinutes(20));
        huddle.members.seen(session.code(), bob.member().id(), seen);
        huddle.clock.set(seen.plus(Maintained.IDLE).minusSeconds(1));

        huddle.idleMembers().handle();

        assertThat(huddle.members.find(session.code(), bob.member().id())).isPresent();
    }

    @Test
    @SuppressWarnings("unchecked") // the proxy's arguments, as scanMembers declares them
    void a_member_whose_durable_last_seen_lags_behind_its_exact_one_stays() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        var closed = huddle.clock.advance(Duration.ofMinutes(20));
        huddle.members.seen(session.code(), bob.member().id(), closed);
        huddle.clock.set(closed.plus(Maintained.IDLE).minusSeconds(1));
        // The walk reads PostgreSQL's lastSeenAt, which may lag the exact one by up to 30 s: here as of the join.
        var lagging = (MemberStore) Proxy.newProxyInstance(
                MemberStore.class.getClassLoader(), new Class<?>[] {MemberStore.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("scanMembers")) return method.invoke(huddle.members, args);
                    // The walk filters by the lagging time, as a durable store does: it finds Bob.
                    var bound = (Instant) args[1];
                    var scan = huddle.members.scanMembers((Optional<String>) args[0], Instant.MAX, (int) args[2]);
                    return new MemberStore.MemberScan(
                            scan.members().stream()
                                    .map(m -> new Membership(m.session(), asJoined(m.member())))
                                    .filter(m -> !m.member().lastSeenAt().isAfter(bound))
                                    .toList(),
                            scan.next());
                });

        new RemoveIdleMembers(lagging, huddle.presence, huddle.events, huddle.clock, Maintained.IDLE, 100).handle();

        assertThat(huddle.members.find(session.code(), bob.member().id())).isPresent();
    }

    private static Member asJoined(Member member) {
        return new Member(member.id(), member.displayName(), member.role(), member.joinedAt(), member.joinedAt());
    }

    @Test
    void a_member_with_a_socket_open_stays_and_counts_as_seen_now() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        huddle.presence.socketOpened(session, bob.member().id(), "socket-1", "gw-1");
        var now = huddle.clock.advance(Maintained.IDLE.plusMinutes(5));

        huddle.idleMembers().handle();

        assertThat(huddle.members.find(session.code(), bob.member().id()))
                .hasValueSatisfying(m -> assertThat(m.lastSeenAt()).isEqualTo(now));
        assertThat(huddle.published(SessionEvent.MemberLeft.class))
                .noneMatch(e -> ((SessionEvent.MemberLeft) e)
                        .member()
                        .id()
                        .equals(bob.member().id()));
    }
}
