package io.huddle.application.memory;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import io.huddle.domain.state.StateStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Each session's state in a map behind one read-write lock, so compare and write are one step. A
 * session's state is gone once its {@code expiresAt} has passed.
 */
public final class InMemoryStateStore implements StateStore {
    private final InstantSource clock;
    private final Map<SessionCode, Entry> states = new HashMap<>();
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public InMemoryStateStore(InstantSource clock) {
        this.clock = clock;
    }

    private record Entry(SharedState state, Instant expiresAt) {
        boolean isLiveAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    @Override
    public SharedState get(SessionCode session) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            var entry = states.get(session);
            return entry != null && entry.isLiveAt(now) ? entry.state() : SharedState.NEVER_WRITTEN;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Written write(Session session, StateData data, OptionalLong baseVersion, MemberId by, Instant at) {
        var now = clock.instant();
        lock.writeLock().lock();
        try {
            expiries.drain(now, states::remove);
            var entry = states.get(session.code());
            long current = entry != null && entry.isLiveAt(now) ? entry.state().version() : 0;
            if (baseVersion.isPresent() && baseVersion.getAsLong() != current) return new Written.Conflict(current);
            var written = SharedState.written(current + 1, data, at, by);
            // A session that already expired takes no state: it would never be read.
            if (now.isBefore(session.expiresAt())) {
                states.put(session.code(), new Entry(written, session.expiresAt()));
                expiries.schedule(session.code(), session.expiresAt());
            }
            return new Written.Updated(written);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void clear(SessionCode session) {
        lock.writeLock().lock();
        try {
            states.remove(session);
            expiries.forget(session);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
