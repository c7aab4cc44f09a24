package io.huddle.application.session;

import static io.huddle.application.session.Huddle.ALICE;
import static io.huddle.application.session.Huddle.MALLORY;
import static io.huddle.application.session.Huddle.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.event.SessionEvent.Departure;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.server.ServerKeyName;
import io.huddle.domain.session.SessionCode;
import org.junit.jupiter.api.Test;

class RemoveMemberTest {
    private final Huddle huddle = new Huddle();
    private final CreateSession.Created created = huddle.created();
    private final SessionCode code = created.session().session().code();
    private final JoinSession.Joined bob = huddle.joined(code, "Bob", "member");

    private RemoveMember.Outcome remove(Caller caller, String memberId) {
        return huddle.remove.handle(new RemoveMember.Command(caller, code, memberId));
    }

    private Caller owner() {
        return huddle.holderOf(created.token());
    }

    @Test
    void a_member_leaves_and_its_token_stops_working() {
        var events = huddle.eventsOf(code);

        assertThat(remove(huddle.holderOf(bob.token()), bob.member().id().value()))
                .isEqualTo(new RemoveMember.Removed(Departure.LEFT));

        assertThat(huddle.who(bob.token().reveal())).isEmpty();
        assertThat(huddle.members.find(code, bob.member().id())).isEmpty();
        assertThat(events)
                .containsExactly(new SessionEvent.MemberLeft(code, bob.member(), Departure.LEFT, new Headcount(0, 1)));
    }

    @Test
    void a_display_can_leave_by_itself() {
        var wall = huddle.joined(code, "Wall", "display");

        assertThat(remove(huddle.holderOf(wall.token()), wall.member().id().value()))
                .isEqualTo(new RemoveMember.Removed(Departure.LEFT));
        assertThat(huddle.who(wall.token().reveal())).isEmpty();
    }

    @Test
    void a_server_key_kicks_a_member_and_its_token_stops_working() {
        var events = huddle.eventsOf(code);

        assertThat(remove(
                        new Caller.AsServer(new ServerKeyName("ops")),
                        bob.member().id().value()))
                .isEqualTo(new RemoveMember.Removed(Departure.KICKED));

        assertThat(huddle.who(bob.token().reveal())).isEmpty();
        assertThat(events)
                .containsExactly(
                        new SessionEvent.MemberLeft(code, bob.member(), Departure.KICKED, new Headcount(0, 1)));
    }

    @Test
    void a_server_key_kicking_an_unknown_member_finds_none() {
        assertThat(remove(new Caller.AsServer(new ServerKeyName("ops")), "m_nobody"))
                .isEqualTo(new RemoveMember.MemberNotFound());
    }

    @Test
    void the_owner_kicks_a_member_and_its_token_stops_working() {
        var events = huddle.eventsOf(code);

        assertThat(remove(owner(), bob.member().id().value())).isEqualTo(new RemoveMember.Removed(Departure.KICKED));

        assertThat(huddle.who(bob.token().reveal())).isEmpty();
        assertThat(huddle.who(created.token().reveal())).isPresent();
        assertThat(events)
                .containsExactly(
                        new SessionEvent.MemberLeft(code, bob.member(), Departure.KICKED, new Headcount(0, 1)));
    }

    @Test
    void a_member_who_is_not_the_owner_cannot_kick() {
        var carol = huddle.joined(code, "Carol", "controller");
        var events = huddle.eventsOf(code);

        assertThat(remove(huddle.holderOf(carol.token()), bob.member().id().value()))
                .isEqualTo(new RemoveMember.Refused(SessionAccess.Refusal.FORBIDDEN));
        assertThat(remove(huddle.holderOf(carol.token()), created.owner().id().value()))
                .isEqualTo(new RemoveMember.Refused(SessionAccess.Refusal.FORBIDDEN));

        assertThat(huddle.who(bob.token().reveal())).isPresent();
        assertThat(events).isEmpty();
    }

    @Test
    void the_owner_kicking_an_unknown_member_is_member_not_found() {
        assertThat(remove(owner(), "m_nobody")).isEqualTo(new RemoveMember.MemberNotFound());
        assertThat(remove(owner(), "not an id")).isEqualTo(new RemoveMember.MemberNotFound());
    }

    @Test
    void a_member_kicking_an_unknown_member_is_forbidden_so_ids_cannot_be_probed() {
        assertThat(remove(huddle.holderOf(bob.token()), "m_nobody"))
                .isEqualTo(new RemoveMember.Refused(SessionAccess.Refusal.FORBIDDEN));
    }

    @Test
    void a_member_of_another_session_is_told_nothing_exists() {
        var other = huddle.created(MALLORY, 10);

        assertThat(remove(huddle.holderOf(other.token()), bob.member().id().value()))
                .isEqualTo(new RemoveMember.Refused(SessionAccess.Refusal.HIDDEN));
        assertThat(huddle.who(bob.token().reveal())).isPresent();
    }

    @Test
    void the_owners_user_token_kicks_and_another_users_finds_no_session() {
        assertThat(remove(user(MALLORY), bob.member().id().value()))
                .isEqualTo(new RemoveMember.Refused(SessionAccess.Refusal.HIDDEN));
        assertThat(huddle.who(bob.token().reveal())).isPresent();

        assertThat(remove(user(ALICE), bob.member().id().value()))
                .isEqualTo(new RemoveMember.Removed(Departure.KICKED));
        assertThat(huddle.who(bob.token().reveal())).isEmpty();
    }

    @Test
    void a_member_that_left_is_gone_for_the_owner_too() {
        remove(huddle.holderOf(bob.token()), bob.member().id().value());

        assertThat(remove(owner(), bob.member().id().value())).isEqualTo(new RemoveMember.MemberNotFound());
    }
}
