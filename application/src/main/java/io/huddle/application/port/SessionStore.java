package io.huddle.application.port;

import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The system of record for sessions (PostgreSQL). Codes are unique over every stored session, live
 * or ended, so a code is never reused while its session's data exists. Safe for concurrent use,
 * also from several processes sharing the store.
 */
public interface SessionStore {

    /** Stores a new session unless its code is taken. */
    Created create(Session session);

    Optional<Session> find(SessionCode code);

    /** The owner's sessions, newest first, filtered as of {@code now}; {@code limit} 1..100. */
    SessionPage listByOwner(OwnerId owner, StatusFilter filter, Optional<SessionCursor> after, int limit, Instant now);

    /** Ends a session once: a second ending is {@link Ended.AlreadyEnded} and changes nothing. */
    Ended end(SessionCode code, Ending ending);

    /** Raises the durable activity time (never lowers it); nothing for an unknown code. */
    void recordActivity(SessionCode code, Instant at);

    /** Outcome of {@link #create}. */
    sealed interface Created {
        record Stored(Session session) implements Created {}

        record CodeTaken() implements Created {}
    }

    /** Outcome of {@link #end}. */
    sealed interface Ended {
        record Now(Session session) implements Ended {}

        record AlreadyEnded(Session session) implements Ended {}

        record Unknown() implements Ended {}
    }

    /** Which sessions a listing shows, as of its {@code now}: live ones ({@link Session#isLiveAt}), the rest, or both. */
    enum StatusFilter {
        ACTIVE,
        ENDED,
        ALL
    }

    /** A page of sessions and where the next one starts. */
    record SessionPage(List<Session> sessions, Optional<SessionCursor> next) {
        public SessionPage {
            sessions = List.copyOf(sessions);
        }
    }

    /** Position after the last session of a page: its creation time, then its code, both descending. */
    record SessionCursor(Instant createdAt, SessionCode code) {}
}
