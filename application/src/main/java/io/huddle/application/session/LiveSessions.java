package io.huddle.application.session;

import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.time.InstantSource;
import java.util.Optional;

/** Finds live sessions through the hot copy, falling back to the store and warming the copy. */
public final class LiveSessions {
    private final SessionStore store;
    private final SessionCache cache;
    private final InstantSource clock;

    public LiveSessions(SessionStore store, SessionCache cache, InstantSource clock) {
        this.store = store;
        this.cache = cache;
        this.clock = clock;
    }

    /** The session while it is live; empty when unknown, ended or past its expiry. */
    public Optional<Session> find(SessionCode code) {
        var now = clock.instant();
        var cached = cache.get(code);
        if (cached.isPresent()) return cached.filter(s -> s.isLiveAt(now));
        var stored = store.find(code).filter(s -> s.isLiveAt(now));
        stored.ifPresent(cache::put);
        return stored;
    }

    /** Something happened in the session: it is not inactive. */
    public Session touch(Session session) {
        var now = clock.instant();
        store.recordActivity(session.code(), now);
        cache.touch(session.code(), now);
        return session.withActivity(now);
    }
}
