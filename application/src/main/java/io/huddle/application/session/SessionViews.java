package io.huddle.application.session;

import io.huddle.domain.member.MemberStore;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
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
        if (!session.isLiveAt(clock.instant())) return new SessionView(session, Headcount.NOBODY);
        return new SessionView(session, headcount(session.code()));
    }

    /** The session's members and who of them is online, now. */
    public Headcount headcount(SessionCode session) {
        return Headcount.of(members.list(session), presence.online(session));
    }
}
