package io.huddle.application.memory;

import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateCache;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link StateCache} in a map: the stand-in for Redis in fast tests of what reads through it. */
public final class InMemoryStateCache implements StateCache {
    private record Entry(SharedState state, Instant expiresAt) {}

    private final InstantSource clock;
    private final Map<SessionCode, Entry> entries = new HashMap<>();

    public InMemoryStateCache(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<SharedState> get(SessionCode session) {
        return Optional.ofNullable(entries.get(session))
                .filter(e -> clock.instant().isBefore(e.expiresAt()))
                .map(Entry::state);
    }

    @Override
    public synchronized void put(SessionCode session, SharedState state, Instant expiresAt) {
        var cached = entries.get(session);
        if (cached != null && cached.state().version() > state.version()) return;
        entries.put(session, new Entry(state, expiresAt));
    }

    @Override
    public synchronized void evict(SessionCode session) {
        entries.remove(session);
    }
}
