package io.huddle.application.session;

import io.huddle.application.port.MemberStore;
import io.huddle.application.port.PresenceStore;
import io.huddle.domain.session.Session;
import java.time.InstantSource;

/** Adds live counts to sessions; ended sessions count nobody. */
public final class SessionViews {
    private final MemberStore members;
    private final PresenceStore presence;
    private final InstantSource clock;

    public SessionViews(MemberStore members, PresenceStore presence, InstantSource clock) {
        this.members = members;
        this.presence = presence;
        this.clock = clock;
    }

    public SessionView of(Session session) {
        if (!session.isLiveAt(clock.instant())) return new SessionView(session, 0, 0);
        return new SessionView(
                session,
                members.count(session.code()),
                presence.online(session.code()).size());
    }
}
