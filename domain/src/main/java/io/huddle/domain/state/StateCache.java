package io.huddle.domain.state;

import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.Optional;

/**
 * The hot copy of each session's shared state (Redis), read through from the {@link StateStore} of
 * record. A miss means nothing: ask the store and put what it says. Infrastructure failures are thrown.
 */
public interface StateCache {

    /** The cached state (version 0 included), when cached and not past {@code expiresAt}; empty on a miss. */
    Optional<SharedState> get(SessionCode session);

    /**
     * Caches {@code state} until {@code expiresAt}, unless a later version is cached already: of racing
     * puts (a read refilling and a write), the newest version stays.
     */
    void put(SessionCode session, SharedState state, Instant expiresAt);

    void evict(SessionCode session);
}
