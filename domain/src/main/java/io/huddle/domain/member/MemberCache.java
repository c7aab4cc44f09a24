package io.huddle.domain.member;

import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The hot copy of members and tokens (Redis), read through from the {@link MemberLedger}: a token is
 * one look-up when warm, and a session's roster is either cached whole or not at all, so a partial
 * copy is never taken for the whole. A miss means nothing: ask the ledger and put what it says. Every
 * entry expires with its session. Infrastructure failures are thrown; a cache that could not be
 * written is repaired by evicting the entries concerned once it answers again.
 */
public interface MemberCache {

    /** The member a token belongs to, when cached and its session not past expiry. One round trip. */
    Optional<Membership> byToken(TokenHash token);

    /** The whole roster, by {@code joinedAt} then id, when cached; empty on a miss. */
    Optional<List<Member>> roster(SessionCode session);

    /**
     * Takes a ticket for a refill of the session's roster; read the roster from the ledger after this,
     * and cache it with {@link #putRoster}.
     */
    RefillTicket beginRefill(SessionCode session);

    /**
     * Caches a roster whole (replacing any copy) and every one of its tokens, until {@code expiresAt}, but
     * only if no member of the session joined, left or was evicted since {@code ticket} was taken: a roster
     * read before such a change would miss it, and must not be cached over it. True when cached. A ticket
     * is good for one roster.
     */
    boolean putRoster(SessionCode session, MemberLedger.Roster roster, RefillTicket ticket);

    /** The right to cache one roster, until a change of the session's members withdraws it. */
    record RefillTicket(String value) {
        public RefillTicket {
            java.util.Objects.requireNonNull(value);
        }
    }

    /**
     * A member joined: its token is cached, and it is added to the roster only when the roster is
     * cached (a roster is never started from one member); every refill ticket is withdrawn.
     */
    void added(SessionCode session, Instant expiresAt, Enrolled member);

    /** A member left: its token and its place in the roster are dropped; every refill ticket is withdrawn. */
    void removed(SessionCode session, MemberId member, TokenHash token);

    /**
     * Drops a session's roster and the given tokens (the session ended, or the copy may be stale); every
     * refill ticket is withdrawn.
     */
    void evict(SessionCode session, List<TokenHash> tokens);

    /** Raises a cached member's {@code lastSeenAt} (never lowers it); nothing when it is not cached. */
    void seen(SessionCode session, MemberId member, Instant at);
}
