package io.huddle.domain.member;

import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The system of record for members (PostgreSQL): a {@link MemberStore} that also hands out a whole
 * roster with the token hashes, so a hot copy ({@link MemberCache}) can be rebuilt from it after a
 * miss, a flush or a cache restarted empty.
 */
public interface MemberLedger extends MemberStore {

    /** A live session's members with their token hashes, by {@code joinedAt} then id; empty when not live. */
    Optional<Roster> roster(SessionCode session);

    /** As {@link #remove}, answering the hash of the token it revoked (empty: the member was not there). */
    Optional<TokenHash> removeRevoking(SessionCode session, MemberId member);

    /** As {@link #removeRevoking(SessionCode, MemberId)}, recording why ({@link MemberStore#remove(SessionCode, MemberId, Leaving)}). */
    default Optional<TokenHash> removeRevoking(SessionCode session, MemberId member, Leaving why) {
        return removeRevoking(session, member);
    }

    /** As {@link #removeAll}, answering the hashes of the tokens it revoked, so their copies can go too. */
    List<TokenHash> removeAllRevoking(SessionCode session);

    @Override
    default boolean remove(SessionCode session, MemberId member) {
        return removeRevoking(session, member).isPresent();
    }

    @Override
    default boolean remove(SessionCode session, MemberId member, Leaving why) {
        return removeRevoking(session, member, why).isPresent();
    }

    @Override
    default void removeAll(SessionCode session) {
        removeAllRevoking(session);
    }

    /** Every member of a live session, and when the session expires (how long a copy may be kept). */
    record Roster(Instant expiresAt, List<Enrolled> members) {
        public Roster {
            Objects.requireNonNull(expiresAt);
            members = List.copyOf(members);
        }

        public List<Member> list() {
            return members.stream().map(Enrolled::member).toList();
        }
    }
}
