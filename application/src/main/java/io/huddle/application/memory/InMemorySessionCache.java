package io.huddle.application.memory;

import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** The hot copy of sessions in a map; an entry is gone once its session's {@code expiresAt} has passed. */
public final class InMemorySessionCache implements SessionCache {
    private final InstantSource clock;
    private final Map<SessionCode, Session> sessions = new HashMap<>();
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public InMemorySessionCache(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public void put(Session session) {
        lock.writeLock().lock();
        try {
            sessions.put(session.code(), session);
            expiries.schedule(session.code(), session.expiresAt());
            expiries.drain(clock.instant(), sessions::remove);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Optional<Session> get(SessionCode code) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            return Optional.ofNullable(sessions.get(code)).filter(s -> now.isBefore(s.expiresAt()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void evict(SessionCode code) {
        lock.writeLock().lock();
        try {
            sessions.remove(code);
            expiries.forget(code);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void touch(SessionCode code, Instant at) {
        lock.writeLock().lock();
        try {
            // Never lowered, as in Redis: touches arrive out of order from several threads.
            sessions.computeIfPresent(
                    code, (c, session) -> at.isAfter(session.lastActivityAt()) ? session.withActivity(at) : session);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
