package io.huddle.domain.member;

import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Members of live sessions and the hashes of their tokens (Redis; every entry expires with its
 * session). A member and its token are written and removed together. Safe for concurrent use, also
 * from several processes sharing the store.
 */
public interface MemberStore {

    /**
     * Adds a member unless the session already has {@code session.maxMembers()}; the check and the
     * write are one atomic step, so concurrent joins never overshoot the cap.
     */
    Joined join(Session session, Member member, TokenHash token);

    /** The member a token belongs to, while both exist. One round trip. */
    Optional<Membership> authenticate(TokenHash token);

    /** Members ordered by {@code joinedAt}, then by id. */
    List<Member> list(SessionCode session);

    Optional<Member> find(SessionCode session, MemberId member);

    int count(SessionCode session);

    /** Removes a member and revokes its token; false when it was not there. */
    boolean remove(SessionCode session, MemberId member);

    /**
     * As {@link #remove(SessionCode, MemberId)}, saying why; a store that reports departures (the durable
     * one, to webhooks) records the reason with the removal, in one transaction. The two-argument form
     * counts as {@link Leaving#LEFT}.
     */
    default boolean remove(SessionCode session, MemberId member, Leaving why) {
        return remove(session, member);
    }

    /** Removes every member of a session and revokes every token, at once. */
    void removeAll(SessionCode session);

    /**
     * Raises a member's {@code lastSeenAt} (never lowers it); nothing when the member is gone. The durable
     * copy may skip a raise of less than {@code SessionStore.ACTIVITY_GRANULARITY}; a hot copy keeps it
     * exact.
     */
    void seen(SessionCode session, MemberId member, Instant at);

    /**
     * One step of a walk over the members of every live session whose {@code lastSeenAt}, as this store
     * keeps it, is at or before {@code lastSeenUpTo}: the idle-member cleanup's candidates. Start with an
     * empty cursor and pass each step's {@code next} until it is empty; a step returns up to {@code count}
     * members. A member present for the whole walk whose {@code lastSeenAt} stays at or before the bound is
     * returned at least once (possibly more than once). A durable store's {@code lastSeenAt} may lag the
     * exact one ({@link #seen}), never lead it, so its candidates include every member the exact times make
     * idle. The walk's cost follows the candidates, not the members: a store finds them by an index on the
     * time, so members seen since the bound cost it nothing.
     */
    MemberScan scanMembers(Optional<String> cursor, Instant lastSeenUpTo, int count);

    /** One step of {@link #scanMembers}: the members found, and where the walk goes on (empty: it is done). */
    record MemberScan(List<Membership> members, Optional<String> next) {
        public MemberScan {
            members = List.copyOf(members);
            Objects.requireNonNull(next);
        }
    }

    /** Outcome of {@link #join}. */
    sealed interface Joined {
        record Added(int memberCount) implements Joined {}

        record Full() implements Joined {}
    }
}
