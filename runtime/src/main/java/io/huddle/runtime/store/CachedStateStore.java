package io.huddle.runtime.store;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateCache;
import io.huddle.domain.state.StateData;
import io.huddle.domain.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared state in PostgreSQL (the system of record: a write is a compare-and-set there, acknowledged after
 * its commit) with a Redis hot copy read through: a read is one Redis round trip when warm; a miss, or a
 * Redis that cannot answer, reads PostgreSQL (and refills the copy when it can). A write puts its new
 * version into the copy after the commit; the copy keeps the newest of racing versions, and one that could
 * not be written is dropped as soon as Redis answers ({@link HotCopyRepairs}).
 */
public final class CachedStateStore implements StateStore {
    private static final Logger log = LoggerFactory.getLogger(CachedStateStore.class);

    /** How long a copy refilled by a read is kept (a read does not know the session's expiry). */
    static final Duration REFILLED_FOR = Duration.ofHours(1);

    private final StateStore record;
    private final StateCache cache;
    private final HotCopyRepairs repairs;
    private final InstantSource clock;

    public CachedStateStore(StateStore record, StateCache cache, HotCopyRepairs repairs, InstantSource clock) {
        this.record = record;
        this.cache = cache;
        this.repairs = repairs;
        this.clock = clock;
    }

    @Override
    public SharedState get(SessionCode session) {
        try {
            var cached = cache.get(session);
            if (cached.isPresent()) return cached.get();
        } catch (RuntimeException e) {
            return record.get(session);
        }
        var stored = record.get(session);
        put(session, stored, clock.instant().plus(REFILLED_FOR));
        return stored;
    }

    @Override
    public Written write(Session session, StateData data, OptionalLong baseVersion, MemberId by, Instant at) {
        var written = record.write(session, data, baseVersion, by, at);
        if (written instanceof Written.Updated updated) put(session.code(), updated.state(), session.expiresAt());
        return written;
    }

    private void put(SessionCode session, SharedState state, Instant until) {
        try {
            cache.put(session, state, until);
        } catch (RuntimeException e) {
            log.atDebug().setCause(e).log("a hot copy of a state was not written");
            repairs.whenBack("state:" + session.value(), () -> cache.evict(session));
        }
    }

    @Override
    public void clear(SessionCode session) {
        record.clear(session);
        repairs.invalidate("state:" + session.value(), () -> cache.evict(session));
    }
}
