package io.huddle.application.session;

import static io.huddle.application.session.Huddle.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violation;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JoinSessionTest {
    private final Huddle huddle = new Huddle();

    private JoinSession.Outcome join(SessionCode code, Optional<String> name, Optional<String> role) {
        return huddle.join.handle(new JoinSession.Command(code, name, role));
    }

    @Test
    void a_joiner_becomes_a_member_with_a_working_token() {
        var code = huddle.created().session().session().code();
        var events = huddle.eventsOf(code);
        huddle.clock.advance(Duration.ofMinutes(5));

        var joined = (JoinSession.Joined) join(code, Optional.of("Bob"), Optional.empty());

        assertThat(joined.member().displayName()).isEqualTo("Bob");
        assertThat(joined.member().role()).isEqualTo(Role.MEMBER);
        assertThat(joined.member().joinedAt()).isEqualTo(huddle.clock.instant());
        assertThat(joined.session().memberCount()).isEqualTo(2);
        assertThat(huddle.who(joined.token().reveal()))
                .contains(new Caller.AsMember(new Membership(code, joined.member())));
        assertThat(events).containsExactly(new SessionEvent.MemberJoined(code, joined.member(), new Headcount(0, 2)));
    }

    @Test
    void a_join_counts_as_activity() {
        var code = huddle.created().session().session().code();
        var later = huddle.clock.advance(Duration.ofMinutes(5));

        var joined = (JoinSession.Joined) join(code, Optional.of("Bob"), Optional.of("display"));

        assertThat(joined.session().session().lastActivityAt()).isEqualTo(later);
        assertThat(huddle.sessions.find(code).orElseThrow().lastActivityAt()).isEqualTo(later);
    }

    @Test
    void a_full_session_refuses_the_joiner() {
        var code = huddle.created(ALICE, 2).session().session().code();
        huddle.joined(code, "Bob", "member");
        var events = huddle.eventsOf(code);

        assertThat(join(code, Optional.of("Carol"), Optional.empty())).isEqualTo(new JoinSession.Full());
        assertThat(huddle.members.count(code)).isEqualTo(2);
        assertThat(events).isEmpty();
    }

    @Test
    void an_unknown_code_is_not_found() {
        assertThat(join(new SessionCode("ZZZZZZ"), Optional.of("Bob"), Optional.empty()))
                .isEqualTo(new JoinSession.NotFound());
    }

    @Test
    void an_ended_session_is_not_found() {
        var code = huddle.created().session().session().code();
        huddle.end.handle(code, EndReason.OWNER);

        assertThat(join(code, Optional.of("Bob"), Optional.empty())).isEqualTo(new JoinSession.NotFound());
    }

    @Test
    void an_expired_session_is_not_found_even_before_the_worker_ends_it() {
        var code = huddle.created().session().session().code();
        huddle.clock.advance(Huddle.MAX_LIFETIME);

        assertThat(join(code, Optional.of("Bob"), Optional.empty())).isEqualTo(new JoinSession.NotFound());
    }

    @Test
    void asking_for_the_owner_role_is_invalid() {
        var code = huddle.created().session().session().code();

        var outcome = join(code, Optional.of("Mallory"), Optional.of("owner"));

        assertThat(((JoinSession.Invalid) outcome).violations())
                .extracting(Violation::field)
                .containsExactly("role");
        assertThat(huddle.members.count(code)).isEqualTo(1);
    }

    @Test
    void a_missing_display_name_is_invalid() {
        var code = huddle.created().session().session().code();

        var outcome = join(code, Optional.empty(), Optional.empty());

        assertThat(((JoinSession.Invalid) outcome).violations())
                .extracting(Violation::field)
                .containsExactly("displayName");
    }
}
