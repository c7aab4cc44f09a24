package io.huddle.application.session;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import io.huddle.domain.state.StateStore;
import java.time.InstantSource;

/**
 * The one way a session ends, whoever ends it (owner, expiry, inactivity): marked ended in the store
 * once, its members and tokens removed, its hot copy, presence, shared state and recent messages
 * dropped (rather than kept until their keys expire with the session's original lifetime), and the end
 * published so every gateway closes its sockets. A second ending changes nothing and publishes nothing.
 */
public final class EndSession {
    private final SessionStore sessions;
    private final LiveSessions live;
    private final MemberStore members;
    private final PresenceStore presence;
    private final StateStore state;
    private final RecentMessages recent;
    private final EventBus events;
    private final InstantSource clock;

    public EndSession(
            SessionStore sessions,
            LiveSessions live,
            MemberStore members,
            PresenceStore presence,
            StateStore state,
            RecentMessages recent,
            EventBus events,
            InstantSource clock) {
        this.sessions = sessions;
        this.live = live;
        this.members = members;
        this.presence = presence;
        this.state = state;
        this.recent = recent;
        this.events = events;
        this.clock = clock;
    }

    public sealed interface Outcome {}

    /** This call ended the session. */
    public record Ended(Session session) implements Outcome {}

    /** Unknown, or ended already (by this reason or another): nothing changed. */
    public record NotLive() implements Outcome {}

    public Outcome handle(SessionCode code, EndReason reason) {
        if (!(sessions.end(code, new Ending(clock.instant(), reason)) instanceof SessionStore.Ended.Now(var ended))) {
            return new NotLive();
        }
        // The store said "ended" first, so a failure below leaves keys that expire with the session
        // and are refused meanwhile by LiveSessions; nothing can revive the session.
        live.evict(code);
        members.removeAll(code);
        presence.clear(code);
        state.clear(code);
        recent.clear(code);
        events.publish(new SessionEvent.SessionEnded(code, reason));
        return new Ended(ended);
    }
}
