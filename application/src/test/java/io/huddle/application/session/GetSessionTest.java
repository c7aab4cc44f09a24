package io.huddle.application.session;

import static io.huddle.application.session.Huddle.ALICE;
import static io.huddle.application.session.Huddle.MALLORY;
import static io.huddle.application.session.Huddle.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import org.junit.jupiter.api.Test;

class GetSessionTest {
    private final Huddle huddle = new Huddle();
    private final CreateSession.Created created = huddle.created();
    private final SessionCode code = created.session().session().code();

    private GetSession.Outcome get(Caller caller) {
        return huddle.get.handle(new GetSession.Command(caller, code));
    }

    @Test
    void a_member_reads_the_session_with_its_counts() {
        var bob = huddle.joined(code, "Bob", "display");
        huddle.presence.socketOpened(created.session().session(), bob.member().id(), "s-1", "gw-1");

        var found = (GetSession.Found) get(huddle.holderOf(bob.token()));

        assertThat(found.session().session().code()).isEqualTo(code);
        assertThat(found.session().memberCount()).isEqualTo(2);
        assertThat(found.session().onlineCount()).isEqualTo(1);
    }

    @Test
    void the_owners_user_token_reads_the_session() {
        assertThat(get(user(ALICE))).isInstanceOf(GetSession.Found.class);
    }

    @Test
    void another_users_token_is_told_nothing_exists() {
        assertThat(get(user(MALLORY))).isEqualTo(new GetSession.Refused(SessionAccess.Refusal.HIDDEN));
    }

    @Test
    void a_member_token_of_another_session_is_told_nothing_exists() {
        var other = huddle.created(MALLORY, 10);

        assertThat(get(huddle.holderOf(other.token()))).isEqualTo(new GetSession.Refused(SessionAccess.Refusal.HIDDEN));
    }

    @Test
    void no_credential_is_unauthenticated() {
        assertThat(get(new Caller.Nobody())).isEqualTo(new GetSession.Refused(SessionAccess.Refusal.UNAUTHENTICATED));
    }

    @Test
    void an_unknown_or_ended_session_is_hidden_even_from_its_owner() {
        assertThat(huddle.get.handle(new GetSession.Command(user(ALICE), new SessionCode("ZZZZZZ"))))
                .isEqualTo(new GetSession.Refused(SessionAccess.Refusal.HIDDEN));

        huddle.end.handle(code, EndReason.OWNER);

        assertThat(get(user(ALICE))).isEqualTo(new GetSession.Refused(SessionAccess.Refusal.HIDDEN));
    }
}
