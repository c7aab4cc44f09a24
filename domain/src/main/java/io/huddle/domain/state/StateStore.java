package io.huddle.domain.state;

import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The shared state of every live session (Redis; in-process in embedded mode), the system of record
 * for it. Each write raises the version by one; a write with a base version is a compare-and-set, atomic
 * also under concurrent writers in several processes. A session's state expires with the session.
 * Safe for concurrent use. Infrastructure failures are {@link StoreUnavailable} or the driver's runtime
 * exception; a write that throws may not have happened, and one that did is seen by the next read.
 */
public interface StateStore {

    /** The session's state; {@link SharedState#NEVER_WRITTEN} when nobody wrote it (or it expired, or was cleared). */
    SharedState get(SessionCode session);

    /**
     * Writes {@code data} as the next version, written by {@code by} at {@code at}, and keeps it until
     * the session expires. With a {@code baseVersion}, only when the current version is that one (0:
     * only when nobody wrote yet); otherwise answers {@link Written.Conflict} and writes nothing. Without
     * one, always writes.
     */
    Written write(Session session, StateData data, OptionalLong baseVersion, MemberId by, Instant at);

    /** Forgets the session's state (the session ended); nothing for an unknown session. */
    void clear(SessionCode session);

    /** Outcome of {@link #write}. */
    sealed interface Written {
        /** Written; {@code state} is the new version. */
        record Updated(SharedState state) implements Written {}

        /** The base version was stale; nothing was written. */
        record Conflict(long currentVersion) implements Written {}
    }
}
