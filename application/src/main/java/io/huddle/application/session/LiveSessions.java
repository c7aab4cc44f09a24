package io.huddle.application.session;

import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds live sessions through the shared hot copy, falling back to the store and warming the copy; and,
 * for the send path, through this process's near copy first ({@link #findRecent}).
 *
 * <p>The near copy spares every send a Redis round trip. It holds a session for at most
 * {@link #NEAR_FOR} and drops it at once when the session ends here or when this gateway hears it ended
 * ({@link #forget}); a send that still got through meanwhile is refused by the log itself, which
 * appends only to sessions that have not ended, under the session row's lock. A live session changes
 * only by its activity time, which a send does not look at (and which views read fresh).
 */
public final class LiveSessions {
    /** How stale the near copy may be when a session ended on another gateway and the event was lost. */
    public static final Duration NEAR_FOR = Duration.ofSeconds(1);
    /** Beyond this many sessions the near copy starts over: a bound, not a working-set size. */
    static final int NEAR_MAX = 10_000;

    private final SessionStore store;
    private final SessionCache cache;
    private final InstantSource clock;
    private final ConcurrentHashMap<SessionCode, Near> near = new ConcurrentHashMap<>();

    private record Near(Session session, Instant until) {}

    public LiveSessions(SessionStore store, SessionCache cache, InstantSource clock) {
        this.store = store;
        this.cache = cache;
        this.clock = clock;
    }

    /** The session while it is live; empty when unknown, ended or past its expiry. */
    public Optional<Session> find(SessionCode code) {
        var now = clock.instant();
        var live = current(code, now);
        live.ifPresentOrElse(s -> remember(s, now), () -> near.remove(code));
        return live;
    }

    /**
     * As {@link #find}, but a copy up to {@link #NEAR_FOR} old will do: only for a use case whose store
     * checks the session again itself (the message log). Its activity time may be behind.
     */
    public Optional<Session> findRecent(SessionCode code) {
        var now = clock.instant();
        var held = near.get(code);
        if (held != null && now.isBefore(held.until())) {
            return Optional.of(held.session()).filter(s -> s.isLiveAt(now));
        }
        return find(code);
    }

    private Optional<Session> current(SessionCode code, Instant now) {
        var cached = cache.get(code);
        if (cached.isPresent()) return cached.filter(s -> s.isLiveAt(now));
        var stored = store.find(code).filter(s -> s.isLiveAt(now));
        stored.ifPresent(cache::put);
        return stored;
    }

    /** The session ended elsewhere (or may have): the next look-up here asks the shared copies. */
    public void forget(SessionCode code) {
        near.remove(code);
    }

    /** The session ended here: neither copy holds it any more. */
    public void evict(SessionCode code) {
        near.remove(code);
        cache.evict(code);
    }

    /** Something happened in the session: it is not inactive. */
    public Session touch(Session session) {
        var now = clock.instant();
        store.recordActivity(session.code(), now);
        cache.touch(session.code(), now);
        return session.withActivity(now);
    }

    private void remember(Session session, Instant now) {
        if (near.size() >= NEAR_MAX) near.clear();
        near.put(session.code(), new Near(session, now.plus(NEAR_FOR)));
    }
}
