package io.huddle.domain.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hot copy of live sessions (Redis), so a request reads a session without PostgreSQL. An entry
 * expires with its session; {@link #evict} when it ends. A miss means nothing: ask the store.
 */
public interface SessionCache {
    void put(Session session);

    Optional<Session> get(SessionCode code);

    /**
     * {@link #get} for each of {@code codes} (a page of a session list), in one round trip where the store
     * can: the copies found, by code; a code with no live copy is absent.
     */
    default Map<SessionCode, Session> getAll(List<SessionCode> codes) {
        var found = new HashMap<SessionCode, Session>();
        for (var code : codes) get(code).ifPresent(session -> found.put(code, session));
        return found;
    }

    void evict(SessionCode code);

    /**
     * Raises the cached copy's {@code lastActivityAt} (never lowers it); nothing when the session is not
     * cached. Cheaper than a durable write, so the hot paths (messages, state) record activity here.
     */
    void touch(SessionCode code, Instant at);
}
