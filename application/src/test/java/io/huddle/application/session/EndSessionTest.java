package io.huddle.application.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndSessionTest {
    private final Huddle huddle = new Huddle();
    private final CreateSession.Created created = huddle.created();
    private final SessionCode code = created.session().session().code();

    @Test
    void ending_marks_the_session_ended_with_when_and_why() {
        var at = huddle.clock.advance(Duration.ofMinutes(30));

        assertThat(huddle.end.handle(code, EndReason.INACTIVITY)).isInstanceOf(EndSession.Ended.class);

        assertThat(huddle.sessions.find(code).orElseThrow().ending()).contains(new Ending(at, EndReason.INACTIVITY));
    }

    @Test
    void a_session_ends_once_and_publishes_exactly_one_session_ended() {
        var events = huddle.eventsOf(code);

        assertThat(huddle.end.handle(code, EndReason.OWNER)).isInstanceOf(EndSession.Ended.class);
        assertThat(huddle.end.handle(code, EndReason.INACTIVITY)).isInstanceOf(EndSession.NotLive.class);
        assertThat(huddle.end.handle(code, EndReason.EXPIRED)).isInstanceOf(EndSession.NotLive.class);

        assertThat(events).containsExactly(new SessionEvent.SessionEnded(code, EndReason.OWNER));
        assertThat(huddle.sessions
                        .find(code)
                        .orElseThrow()
                        .ending()
                        .orElseThrow()
                        .reason())
                .isEqualTo(EndReason.OWNER);
    }

    @Test
    void ending_drops_members_tokens_presence_and_the_hot_copy() {
        var bob = huddle.joined(code, "Bob", "member");
        huddle.presence.socketOpened(created.session().session(), bob.member().id(), "s-1", "gw-1");

        huddle.end.handle(code, EndReason.OWNER);

        assertThat(huddle.who(created.token().reveal())).isEmpty();
        assertThat(huddle.who(bob.token().reveal())).isEmpty();
        assertThat(huddle.members.count(code)).isZero();
        assertThat(huddle.presence.online(code)).isEmpty();
        assertThat(huddle.cache.get(code)).isEmpty();
    }

    @Test
    void an_expired_session_is_ended_as_expired() {
        var events = huddle.eventsOf(code);
        huddle.clock.advance(Huddle.MAX_LIFETIME);

        assertThat(huddle.end.handle(code, EndReason.EXPIRED)).isInstanceOf(EndSession.Ended.class);
        assertThat(events).containsExactly(new SessionEvent.SessionEnded(code, EndReason.EXPIRED));
    }

    @Test
    void ending_an_unknown_session_does_nothing() {
        var unknown = new SessionCode("ZZZZZZ");
        var events = huddle.eventsOf(unknown);

        assertThat(huddle.end.handle(unknown, EndReason.EXPIRED)).isInstanceOf(EndSession.NotLive.class);
        assertThat(events).isEmpty();
    }
}
