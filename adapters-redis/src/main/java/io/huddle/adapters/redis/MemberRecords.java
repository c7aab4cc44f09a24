package io.huddle.adapters.redis;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;

/**
 * How a member is written into Redis, without a JSON library: fields joined by {@code |} in a fixed
 * order, times as epoch milliseconds, roles by their wire name. Only the display name can contain
 * {@code |}, so it comes last and everything after the last fixed field is the name, whatever it
 * holds. {@code lastSeenAt} comes first in both forms, so the Lua scripts that raise it need not
 * know the rest.
 *
 * <ul>
 *   <li>In the session's members hash (field = memberId): {@code lastSeenAt|joinedAt|role|tokenHash|displayName}
 *   <li>In the token key: {@code lastSeenAt|joinedAt|role|CODE|memberId|expiresAt|displayName}, so a
 *       token authenticates in one round trip; {@code expiresAt} is the session's.
 * </ul>
 */
final class MemberRecords {
    private static final String SEPARATOR = "|";

    private MemberRecords() {}

    /** The token key's content: whose token it is, until when. */
    record TokenRecord(Membership membership, Instant expiresAt) {}

    static String inSession(Member member, TokenHash token) {
        return String.join(
                SEPARATOR,
                millis(member.lastSeenAt()),
                millis(member.joinedAt()),
                member.role().wireName(),
                token.hex(),
                member.displayName());
    }

    static Member fromSession(MemberId id, String record) {
        var fields = record.split("\\|", 5);
        return new Member(id, fields[4], role(fields[2]), instant(fields[1]), instant(fields[0]));
    }

    static TokenHash tokenIn(String sessionRecord) {
        return new TokenHash(sessionRecord.split("\\|", 5)[3]);
    }

    static String inToken(SessionCode session, Member member, Instant expiresAt) {
        return String.join(
                SEPARATOR,
                millis(member.lastSeenAt()),
                millis(member.joinedAt()),
                member.role().wireName(),
                session.value(),
                member.id().value(),
                millis(expiresAt),
                member.displayName());
    }

    static TokenRecord fromToken(String record) {
        var fields = record.split("\\|", 7);
        var member =
                new Member(new MemberId(fields[4]), fields[6], role(fields[2]), instant(fields[1]), instant(fields[0]));
        return new TokenRecord(new Membership(new SessionCode(fields[3]), member), instant(fields[5]));
    }

    static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    static Instant instant(String millis) {
        return Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static Role role(String wireName) {
        return Role.fromWireName(wireName).orElseThrow(() -> new IllegalStateException("unknown role " + wireName));
    }
}
