package io.huddle.application.session;

import io.huddle.application.port.EventBus;
import io.huddle.application.port.MemberStore;
import io.huddle.application.port.PresenceStore;
import io.huddle.application.port.SessionCache;
import io.huddle.application.port.SessionStore;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.SessionCode;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one way a session ends, whoever ends it (owner, expiry, inactivity): marked ended in the store
 * once, its members and tokens removed, its hot copy and presence dropped, and the end published so
 * every gateway closes its sockets. A second ending changes nothing and publishes nothing.
 */
public final class EndSession {
    private final SessionStore sessions;
    private final SessionCache cache;
    private final MemberStore members;
    private final PresenceStore presence;
    private final EventBus events;
    private final InstantSource clock;
    private final List<Consumer<SessionCode>> alsoClear;

    public EndSession(
            SessionStore sessions,
            SessionCache cache,
            MemberStore members,
            PresenceStore presence,
            EventBus events,
            InstantSource clock) {
        this(sessions, cache, members, presence, events, clock, List.of());
    }

    /**
     * {@code alsoClear}: the session's other hot data (its shared state, its recent messages), dropped
     * when it ends rather than kept until its keys expire with the session's original lifetime.
     */
    public EndSession(
            SessionStore sessions,
            SessionCache cache,
            MemberStore members,
            PresenceStore presence,
            EventBus events,
            InstantSource clock,
            List<Consumer<SessionCode>> alsoClear) {
        this.sessions = sessions;
        this.cache = cache;
        this.members = members;
        this.presence = presence;
        this.events = events;
        this.clock = clock;
        this.alsoClear = List.copyOf(alsoClear);
    }

    /** True when this call ended the session; false when it was unknown or had ended already. */
    public boolean handle(SessionCode code, EndReason reason) {
        var ended = sessions.end(code, new Ending(clock.instant(), reason));
        if (!(ended instanceof SessionStore.Ended.Now)) return false;
        // The store said "ended" first, so a failure below leaves keys that expire with the session
        // and are refused meanwhile by LiveSessions; nothing can revive the session.
        cache.evict(code);
        members.removeAll(code);
        presence.clear(code);
        alsoClear.forEach(clear -> clear.accept(code));
        events.publish(new SessionEvent.SessionEnded(code, reason));
        return true;
    }
}
