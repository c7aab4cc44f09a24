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

    /**
     * The session's members and who of them is online, now: counted by the presence store where it can
     * without the roster (one round trip, two numbers back), else from the roster and the online set.
     */
    public Headcount headcount(SessionCode session) {
        return headcount(members, presence, session);
    }

    /** {@link #headcount(SessionCode)}, for callers that hold the two stores but no views. */
    public static Headcount headcount(MemberStore members, PresenceStore presence, SessionCode session) {
        return presence.headcount(session)
                .orElseGet(() -> Headcount.of(members.list(session), presence.online(session)));
    }
}
