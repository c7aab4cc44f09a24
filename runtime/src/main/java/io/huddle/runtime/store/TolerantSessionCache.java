package io.huddle.runtime.store;

import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Redis hot copy of sessions as a cache that never fails its caller: while Redis cannot answer, a read
 * misses (the caller asks PostgreSQL), a put or touch is skipped, and an eviction waits until Redis answers
 * ({@link HotCopyRepairs}), so an ended session is never served from a stale copy once Redis is back.
 */
public final class TolerantSessionCache implements SessionCache {
    private final SessionCache cache;
    private final HotCopyRepairs repairs;

    public TolerantSessionCache(SessionCache cache, HotCopyRepairs repairs) {
        this.cache = cache;
        this.repairs = repairs;
    }

    @Override
    public void put(Session session) {
        try {
            cache.put(session);
        } catch (RuntimeException e) {
            repairs.whenBack("session:" + session.code().value(), () -> cache.evict(session.code()));
        }
    }

    @Override
    public Optional<Session> get(SessionCode code) {
        try {
            return cache.get(code);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Map<SessionCode, Session> getAll(List<SessionCode> codes) {
        try {
            return cache.getAll(codes);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    @Override
    public void evict(SessionCode code) {
        repairs.invalidate("session:" + code.value(), () -> cache.evict(code));
    }

    /** Activity in the copy is the fine-grained one; the durable one is raised by joins and messages. */
    @Override
    public void touch(SessionCode code, Instant at) {
        try {
            cache.touch(code, at);
        } catch (RuntimeException e) {
            // Skipped: the inactivity job also reads PostgreSQL's activity and presence.
        }
    }
}
