package io.huddle.application.port;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.List;
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

    /** Removes every member of a session and revokes every token, at once. */
    void removeAll(SessionCode session);

    /** Raises a member's {@code lastSeenAt} (never lowers it); nothing when the member is gone. */
    void seen(SessionCode session, MemberId member, Instant at);

    /**
     * Members of live sessions last seen at or before {@code cutoff} ({@code lastSeenAt}, which starts
     * at {@code joinedAt}), least recently seen first, at most {@code limit}. For the idle-member
     * cleanup: the work is proportional to what is due, not to every member (Redis keeps an index).
     */
    List<Membership> seenBefore(Instant cutoff, int limit);

    /** Outcome of {@link #join}. */
    sealed interface Joined {
        record Added(int memberCount) implements Joined {}

        record Full() implements Joined {}
    }
}
