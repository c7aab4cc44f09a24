package io.huddle.application.session;

import io.huddle.domain.member.MemberStore;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import java.time.InstantSource;

/** Adds live counts to sessions; ended sessions count nobody. */
public final class SessionViews {
    private final MemberStore members;
    private final PresenceStore presence;
    private final SessionCache cache;
    private final InstantSource clock;

    public SessionViews(MemberStore members, PresenceStore presence, SessionCache cache, InstantSource clock) {
        this.members = members;
        this.presence = presence;
        this.cache = cache;
        this.clock = clock;
    }

    public SessionView of(Session session) {
        if (!session.isLiveAt(clock.instant())) return new SessionView(session, Headcount.NOBODY);
        return new SessionView(session, headcount(session.code()));
    }

    /**
     * {@link #of}, for a session as a list read it from the session store: with the activity time of the hot
     * copy when that is later. The store's copy follows a join or a message up to 30 s behind (a busy session's
     * row is not rewritten per message), the hot copy at once, and a single session's read shows the hot copy:
     * a list must not show the same session idler than it is.
     */
    public SessionView listed(Session stored) {
        if (!stored.isLiveAt(clock.instant())) return of(stored);
        var current = cache.get(stored.code())
                .map(hot -> stored.withActivity(hot.lastActivityAt()))
                .orElse(stored);
        return new SessionView(current, headcount(stored.code()));
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
