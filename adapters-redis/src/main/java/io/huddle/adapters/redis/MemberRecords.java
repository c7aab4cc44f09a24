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
        var fields = new Fields(record);
        var lastSeenAt = fields.instant();
        var joinedAt = fields.instant();
        var role = role(fields.text());
        fields.skip(); // the token's hash: a roster read for a welcome has no use for it
        return new Member(id, fields.rest(), role, joinedAt, lastSeenAt);
    }

    static TokenHash tokenIn(String sessionRecord) {
        var fields = new Fields(sessionRecord);
        fields.skip();
        fields.skip();
        fields.skip();
        return new TokenHash(fields.text());
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
        var fields = new Fields(record);
        var lastSeenAt = fields.instant();
        var joinedAt = fields.instant();
        var role = role(fields.text());
        var session = new SessionCode(fields.text());
        var id = new MemberId(fields.text());
        var expiresAt = fields.instant();
        var member = new Member(id, fields.rest(), role, joinedAt, lastSeenAt);
        return new TokenRecord(new Membership(session, member), expiresAt);
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

    /**
     * A record's fields read left to right in place: a welcome decodes the whole roster (up to hundreds of
     * records) for every socket that opens, and splitting each record made a list, an array and a string per
     * field, the token's 64 hex digits included, only to drop most of them.
     */
    private static final class Fields {
        private final String record;
        private int at;

        Fields(String record) {
            this.record = record;
        }

        Instant instant() {
            int end = end();
            var instant = Instant.ofEpochMilli(Long.parseLong(record, at, end, 10));
            at = end + 1;
            return instant;
        }

        String text() {
            int end = end();
            var text = record.substring(at, end);
            at = end + 1;
            return text;
        }

        void skip() {
            at = end() + 1;
        }

        /** The last field, the display name, which may itself hold separators. */
        String rest() {
            return record.substring(at);
        }

        private int end() {
            int end = record.indexOf('|', at);
            if (end < 0) throw new IllegalStateException("a member record with a field missing");
            return end;
        }
    }
}
