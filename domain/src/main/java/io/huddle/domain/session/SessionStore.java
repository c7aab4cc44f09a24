package io.huddle.domain.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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

    /**
     * Live sessions as of {@code now} ({@link Session#isLiveAt}), every owner's or only {@code owner}'s,
     * newest first in the order of {@link #listByOwner}; {@code limit} 1..100. For backends (server keys).
     */
    SessionPage listLive(Optional<OwnerId> owner, Optional<SessionCursor> after, int limit, Instant now);

    /** Ends a session once: a second ending is {@link Ended.AlreadyEnded} and changes nothing. */
    Ended end(SessionCode code, Ending ending);

    /**
     * Raises the durable activity time (never lowers it); nothing for an unknown code. A store may keep it
     * coarse and skip a raise of less than {@link #ACTIVITY_GRANULARITY} (PostgreSQL does, to keep its
     * hot rows' updates cheap): the exact time lives in the session's hot copy.
     */
    void recordActivity(SessionCode code, Instant at);

    /** How stale a durable activity (or {@code lastSeenAt}) time may be: far below any timeout on it. */
    java.time.Duration ACTIVITY_GRANULARITY = java.time.Duration.ofSeconds(30);

    // Maintenance (the worker's jobs). A claim holds rows for claim.lease(), so concurrent workers get
    // disjoint batches, and the batch of a worker that dies is due again when its lease runs out.
    // Claims end nothing themselves: each claimed session is ended by end(), which ends it once.

    /**
     * Claims up to {@code claim.limit()} live sessions past their expiry ({@code expiresAt <= claim.now()})
     * that no unexpired claim holds, earliest expiry first.
     */
    List<Session> claimExpired(Claim claim);

    /**
     * Claims up to {@code claim.limit()} live, unexpired sessions whose durable activity is at or before
     * {@code idleSince} and that no unexpired claim holds, least recent activity first.
     */
    List<Session> claimInactive(Instant idleSince, Claim claim);

    /**
     * Lets go of {@code claim} on {@code codes}: sessions it claimed and left as they were (the inactivity
     * job found them active), so that another job need not wait out the lease for them (the expiry job,
     * once such a session expires). A session claimed since by another claim keeps that claim.
     */
    void release(List<SessionCode> codes, Claim claim);

    /**
     * Deletes up to {@code claim.limit()} sessions that ended before {@code endedBefore}, with their
     * messages (in steps, never one huge delete); returns how many sessions it deleted. Sessions claimed
     * by another purge are left to it.
     */
    int purgeEnded(Instant endedBefore, Claim claim);

    /** A claim on due rows: as of {@code now}, held for {@code lease}, at most {@code limit} rows. */
    record Claim(Instant now, Duration lease, int limit) {
        public Claim {
            Objects.requireNonNull(now);
            Objects.requireNonNull(lease);
            if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease " + lease);
            if (limit < 1) throw new IllegalArgumentException("limit " + limit);
        }

        public Instant until() {
            return now.plus(lease);
        }
    }

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
