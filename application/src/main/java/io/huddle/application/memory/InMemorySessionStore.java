package io.huddle.application.memory;

import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sessions in a map. Like the durable store, it keeps ended and expired sessions (the owner still
 * lists them) until retention purges them, so it needs no clock. The maintenance queries walk the
 * whole map: this store serves embedded mode, one process with few sessions.
 */
public final class InMemorySessionStore implements SessionStore {
    private static final Comparator<Session> NEWEST_FIRST = Comparator.comparing(Session::createdAt)
            .thenComparing(s -> s.code().value())
            .reversed();

    private final Map<SessionCode, Session> sessions = new ConcurrentHashMap<>();
    private final Map<OwnerId, Set<SessionCode>> byOwner = new ConcurrentHashMap<>();
    /** Claimed sessions and until when; claims are taken under this map's lock, so they never overlap. */
    private final Map<SessionCode, Instant> claims = new HashMap<>();

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

    @Override
    public SessionPage listLive(Optional<OwnerId> owner, Optional<SessionCursor> after, int limit, Instant now) {
        if (owner.isPresent()) return listByOwner(owner.get(), StatusFilter.ACTIVE, after, limit, now);
        if (limit < 1 || limit > 100) throw new IllegalArgumentException("limit " + limit + " is not 1..100");
        var matching = new ArrayList<Session>();
        for (var session : sessions.values()) {
            if (session.isLiveAt(now) && after.map(c -> isAfter(session, c)).orElse(true)) matching.add(session);
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

    @Override
    public List<Session> claimExpired(Claim claim) {
        return claim(claim, s -> !claim.now().isBefore(s.expiresAt()), Session::expiresAt);
    }

    @Override
    public List<Session> claimInactive(Instant idleSince, Claim claim) {
        return claim(
                claim,
                s -> claim.now().isBefore(s.expiresAt()) && !s.lastActivityAt().isAfter(idleSince),
                Session::lastActivityAt);
    }

    private List<Session> claim(Claim claim, Predicate<Session> due, Function<Session, Instant> order) {
        synchronized (claims) {
            var claimed = sessions.values().stream()
                    .filter(s -> s.ending().isEmpty() && due.test(s) && unclaimed(s.code(), claim.now()))
                    .sorted(Comparator.comparing(order))
                    .limit(claim.limit())
                    .toList();
            claimed.forEach(s -> claims.put(s.code(), claim.until()));
            return claimed;
        }
    }

    @Override
    public void release(List<SessionCode> codes, Claim claim) {
        synchronized (claims) {
            codes.forEach(code -> claims.remove(code, claim.until()));
        }
    }

    private boolean unclaimed(SessionCode code, Instant now) {
        var until = claims.get(code);
        return until == null || !now.isBefore(until);
    }

    @Override
    public int purgeEnded(Instant endedBefore, Claim claim) {
        List<Session> purgeable;
        synchronized (claims) {
            purgeable = sessions.values().stream()
                    .filter(s ->
                            s.ending().filter(e -> e.at().isBefore(endedBefore)).isPresent())
                    .filter(s -> unclaimed(s.code(), claim.now()))
                    .sorted(Comparator.comparing(s -> s.ending().orElseThrow().at()))
                    .limit(claim.limit())
                    .toList();
            purgeable.forEach(s -> claims.remove(s.code()));
        }
        int purged = 0;
        for (var session : purgeable) {
            if (sessions.remove(session.code(), session)) {
                purged++;
                var owned = byOwner.get(session.ownerId());
                if (owned != null) owned.remove(session.code());
            }
        }
        return purged;
    }
}
