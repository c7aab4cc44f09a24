package io.huddle.application.session;

import static io.huddle.application.session.Huddle.ALICE;
import static io.huddle.application.session.Huddle.MALLORY;
import static io.huddle.application.session.Huddle.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TerminateSessionTest {
    private final Huddle huddle = new Huddle();
    private final CreateSession.Created created = huddle.created();
    private final SessionCode code = created.session().session().code();

    private TerminateSession.Outcome terminate(Caller caller) {
        return huddle.terminate.handle(new TerminateSession.Command(caller, code));
    }

    private boolean isLive() {
        return huddle.sessions
                .find(code)
                .filter(s -> s.isLiveAt(huddle.clock.instant()))
                .isPresent();
    }

    @Test
    void the_owner_member_terminates_and_every_token_stops_working() {
        var bob = huddle.joined(code, "Bob", "member");
        var wall = huddle.joined(code, "Wall", "display");
        var events = huddle.eventsOf(code);
        var at = huddle.clock.advance(Duration.ofMinutes(3));

        assertThat(terminate(huddle.holderOf(created.token()))).isEqualTo(new TerminateSession.Terminated());

        assertThat(huddle.who(created.token().reveal())).isEmpty();
        assertThat(huddle.who(bob.token().reveal())).isEmpty();
        assertThat(huddle.who(wall.token().reveal())).isEmpty();
        assertThat(events).containsExactly(new SessionEvent.SessionEnded(code, EndReason.OWNER));
        assertThat(huddle.sessions.find(code).orElseThrow().ending()).contains(new Ending(at, EndReason.OWNER));
        assertThat(isLive()).isFalse();
    }

    @Test
    void the_owners_user_token_terminates() {
        assertThat(terminate(user(ALICE))).isEqualTo(new TerminateSession.Terminated());
        assertThat(huddle.who(created.token().reveal())).isEmpty();
        assertThat(isLive()).isFalse();
    }

    @Test
    void a_member_who_is_not_the_owner_is_forbidden() {
        var bob = huddle.joined(code, "Bob", "controller");

        assertThat(terminate(huddle.holderOf(bob.token())))
                .isEqualTo(new TerminateSession.Refused(SessionAccess.Refusal.FORBIDDEN));
        assertThat(isLive()).isTrue();
    }

    @Test
    void a_display_is_forbidden() {
        var wall = huddle.joined(code, "Wall", "display");

        assertThat(terminate(huddle.holderOf(wall.token())))
                .isEqualTo(new TerminateSession.Refused(SessionAccess.Refusal.FORBIDDEN));
    }

    @Test
    void another_sessions_owner_token_is_told_nothing_exists() {
        var other = huddle.created(MALLORY, 10);

        assertThat(terminate(huddle.holderOf(other.token())))
                .isEqualTo(new TerminateSession.Refused(SessionAccess.Refusal.HIDDEN));
        assertThat(isLive()).isTrue();
    }

    @Test
    void another_users_token_is_told_nothing_exists() {
        assertThat(terminate(user(MALLORY))).isEqualTo(new TerminateSession.Refused(SessionAccess.Refusal.HIDDEN));
        assertThat(isLive()).isTrue();
    }

    @Test
    void no_credential_is_unauthenticated() {
        assertThat(terminate(new Caller.Nobody()))
                .isEqualTo(new TerminateSession.Refused(SessionAccess.Refusal.UNAUTHENTICATED));
    }

    @Test
    void a_terminated_session_cannot_be_terminated_again() {
        var events = huddle.eventsOf(code);
        terminate(user(ALICE));

        assertThat(terminate(user(ALICE))).isEqualTo(new TerminateSession.Refused(SessionAccess.Refusal.HIDDEN));
        assertThat(events).hasSize(1);
    }
}
