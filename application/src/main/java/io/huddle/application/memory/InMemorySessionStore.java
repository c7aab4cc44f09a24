package io.huddle.application.memory;

import io.huddle.application.port.SessionStore;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in a map. Like the durable store, it keeps ended and expired sessions (the owner still
 * lists them) until the process ends, so it needs no clock.
 */
public final class InMemorySessionStore implements SessionStore {
    private static final Comparator<Session> NEWEST_FIRST = Comparator.comparing(Session::createdAt)
            .thenComparing(s -> s.code().value())
            .reversed();

    private final Map<SessionCode, Session> sessions = new ConcurrentHashMap<>();
    private final Map<OwnerId, Set<SessionCode>> byOwner = new ConcurrentHashMap<>();

    @Override
    public Created create(Session session) {
        if (sessions.putIfAbsent(session.code(), session) != null) return new Created.CodeTaken();
        byOwner.computeIfAbsent(session.ownerId(), owner -> ConcurrentHashMap.newKeySet())
                .add(session.code());
        return new Created.Stored(session);
    }

    @Override
    public Optional<Session> find(SessionCode code) {
        return Optional.ofNullable(sessions.get(code));
    }

    @Override
    public SessionPage listByOwner(
            OwnerId owner, StatusFilter filter, Optional<SessionCursor> after, int limit, Instant now) {
        if (limit < 1 || limit > 100) throw new IllegalArgumentException("limit " + limit + " is not 1..100");
        var matching = new ArrayList<Session>();
        for (var code : byOwner.getOrDefault(owner, Set.of())) {
            var session = sessions.get(code);
            if (session != null
                    && shows(filter, session, now)
                    && after.map(c -> isAfter(session, c)).orElse(true)) {
                matching.add(session);
            }
        }
        matching.sort(NEWEST_FIRST);
        if (matching.size() <= limit) return new SessionPage(matching, Optional.empty());
        List<Session> page = matching.subList(0, limit);
        var last = page.getLast();
        return new SessionPage(page, Optional.of(new SessionCursor(last.createdAt(), last.code())));
    }

    private static boolean shows(StatusFilter filter, Session session, Instant now) {
        return switch (filter) {
            case ACTIVE -> session.isLiveAt(now);
            case ENDED -> !session.isLiveAt(now);
            case ALL -> true;
        };
    }

    /** Whether {@code session} comes after the cursor in newest-first order. */
    private static boolean isAfter(Session session, SessionCursor cursor) {
        int byTime = session.createdAt().compareTo(cursor.createdAt());
        return byTime < 0
                || (byTime == 0
                        && session.code().value().compareTo(cursor.code().value()) < 0);
    }

    @Override
    public Ended end(SessionCode code, Ending ending) {
        var outcome = new Ended[] {new Ended.Unknown()};
        sessions.computeIfPresent(code, (key, session) -> {
            if (session.ending().isPresent()) {
                outcome[0] = new Ended.AlreadyEnded(session);
                return session;
            }
            var ended = session.ended(ending);
            outcome[0] = new Ended.Now(ended);
            return ended;
        });
        return outcome[0];
    }

    @Override
    public void recordActivity(SessionCode code, Instant at) {
        sessions.computeIfPresent(code, (key, session) -> session.withActivity(at));
    }
}
