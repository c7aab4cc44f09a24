package io.huddle.application.session;

import io.huddle.domain.member.MemberStore;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * {@link #of} for a page of sessions as a list read them from the session store, each with the activity
     * time of its hot copy when that is later. The store's copy follows a join or a message up to 30 s behind
     * (a busy session's row is not rewritten per message), the hot copy at once, and a single session's read
     * shows the hot copy: a list must not show the same session idler than it is. The hot copies and the
     * counts of the page's live sessions are read together (one round trip each where the stores can), not
     * one session after another.
     */
    public List<SessionView> listed(List<Session> stored) {
        var now = clock.instant();
        var live = stored.stream()
                .filter(session -> session.isLiveAt(now))
                .map(Session::code)
                .toList();
        Map<SessionCode, Session> hot = live.isEmpty() ? Map.of() : cache.getAll(live);
        Map<SessionCode, Headcount> counted = live.isEmpty() ? Map.of() : presence.headcounts(live);
        var liveCodes = Set.copyOf(live);
        return stored.stream()
                .map(session -> {
                    var code = session.code();
                    if (!liveCodes.contains(code)) return new SessionView(session, Headcount.NOBODY);
                    var copy = hot.get(code);
                    var current = copy != null ? session.withActivity(copy.lastActivityAt()) : session;
                    var count = counted.get(code);
                    return new SessionView(current, count != null ? count : fromRoster(members, presence, code));
                })
                .toList();
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
        return presence.headcount(session).orElseGet(() -> fromRoster(members, presence, session));
    }

    private static Headcount fromRoster(MemberStore members, PresenceStore presence, SessionCode session) {
        return Headcount.of(members.list(session), presence.online(session));
    }
}
