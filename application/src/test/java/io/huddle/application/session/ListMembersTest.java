package io.huddle.application.session;

import static io.huddle.application.session.Huddle.ALICE;
import static io.huddle.application.session.Huddle.MALLORY;
import static io.huddle.application.session.Huddle.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.ListMembers.MemberView;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListMembersTest {
    private final Huddle huddle = new Huddle();
    private final CreateSession.Created created = huddle.created();
    private final SessionCode code = created.session().session().code();

    private ListMembers.Outcome list(Caller caller) {
        return huddle.listMembers.handle(new ListMembers.Command(caller, code));
    }

    @Test
    void members_are_listed_in_join_order_with_who_is_online() {
        huddle.clock.advance(Duration.ofSeconds(1));
        var bob = huddle.joined(code, "Bob", "member");
        huddle.clock.advance(Duration.ofSeconds(1));
        var wall = huddle.joined(code, "Wall", "display");
        huddle.presence.socketOpened(created.session().session(), wall.member().id(), "s-1", "gw-1");

        var listed = (ListMembers.Listed) list(huddle.holderOf(wall.token()));

        assertThat(listed.members())
                .containsExactly(
                        new MemberView(created.owner(), false),
                        new MemberView(bob.member(), false),
                        new MemberView(wall.member(), true));
        assertThat(listed.summary().total()).isEqualTo(3);
        assertThat(listed.summary().online()).isEqualTo(1);
        assertThat(listed.summary().byRole())
                .isEqualTo(Map.of(Role.OWNER, 1, Role.CONTROLLER, 0, Role.MEMBER, 1, Role.DISPLAY, 1));
        assertThat(listed.summary().onlineByRole())
                .isEqualTo(Map.of(Role.OWNER, 0, Role.CONTROLLER, 0, Role.MEMBER, 0, Role.DISPLAY, 1));
    }

    @Test
    void a_member_of_another_session_is_told_nothing_exists() {
        var other = huddle.created(MALLORY, 10);

        assertThat(list(huddle.holderOf(other.token())))
                .isEqualTo(new ListMembers.Refused(SessionAccess.Refusal.HIDDEN));
    }

    @Test
    void a_user_token_is_not_a_member_credential() {
        assertThat(list(user(ALICE))).isEqualTo(new ListMembers.Refused(SessionAccess.Refusal.UNAUTHENTICATED));
    }
}
