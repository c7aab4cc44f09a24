package io.huddle.adapters.postgres;

import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.Leaving;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members in the {@code members} table (schema and indexes in {@code V5__members_and_states.sql}, one
 * statement per file in {@code members/*.sql}): the system of record for members, their roles and the
 * hashes of their tokens. A join is one transaction that takes the session's join lock, counts and
 * inserts, so concurrent joins never overshoot {@code maxMembers}, and nothing is stored unless it
 * commits. Reads treat a session past {@code expiresAt} by the application's clock as gone, as the other
 * stores do. Times are kept to the millisecond.
 */
final class PostgresMemberStore implements MemberLedger {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresMemberStore.class);
    private static final String JOIN = SqlFiles.load("members/join.sql");
    private static final String AUTHENTICATE = SqlFiles.load("members/authenticate.sql");
    private static final String ROSTER = SqlFiles.load("members/roster.sql");
    private static final String FIND = SqlFiles.load("members/find.sql");
    private static final String COUNT_LIVE = SqlFiles.load("members/count-live.sql");
    private static final String REMOVE = SqlFiles.load("members/remove.sql");
    private static final String REMOVE_ALL = SqlFiles.load("members/remove-all.sql");
    private static final String SEEN = SqlFiles.load("members/seen.sql");
    private static final String WALK = SqlFiles.load("members/walk.sql");

    private final PostgresCalls calls;
    private final InstantSource clock;

    PostgresMemberStore(PostgresCalls calls, InstantSource clock) {
        this.calls = calls;
        this.clock = clock;
    }

    /** One round trip (members/join.sql, V9): the lock, the count, the insert and the activity time. */
    @Override
    public Joined join(Session session, Member member, TokenHash token) {
        var joined = calls.withHandle(h -> h.createQuery(JOIN)
                .bind("code", session.code().value())
                .bind("id", member.id().value())
                .bind("role", member.role().wireName())
                .bind("displayName", member.displayName())
                .bind("tokenHash", token.hex())
                .bind("joinedAt", time(member.joinedAt()))
                .bind("lastSeenAt", time(member.lastSeenAt()))
                .map((rs, ctx) -> {
                    long count = rs.getLong("joined");
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(count);
                })
                .one());
        if (joined.isEmpty()) throw new IllegalStateException("no stored session " + session.code());
        if (joined.getAsLong() < 0) return new Joined.Full();
        return new Joined.Added(Math.toIntExact(joined.getAsLong()));
    }

    @Override
    public Optional<Membership> authenticate(TokenHash token) {
        return calls.withHandle(h -> h.createQuery(AUTHENTICATE)
                .bind("tokenHash", token.hex())
                .bind("now", time(clock.instant()))
                .map((rs, ctx) -> new Membership(new SessionCode(rs.getString("code")), member(rs)))
                .findOne());
    }

    @Override
    public Optional<Roster> roster(SessionCode session) {
        return calls.withHandle(h -> {
            Instant[] expiresAt = {null};
            List<Enrolled> members = new ArrayList<>();
            h.createQuery(ROSTER)
                    .bind("code", session.value())
                    .bind("now", time(clock.instant()))
                    .map((rs, ctx) -> {
                        expiresAt[0] = instant(rs, "expires_at");
                        if (rs.getString("id") != null) {
                            members.add(new Enrolled(member(rs), new TokenHash(rs.getString("token_hash"))));
                        }
                        return Boolean.TRUE;
                    })
                    .list();
            return expiresAt[0] == null ? Optional.empty() : Optional.of(new Roster(expiresAt[0], members));
        });
    }

    @Override
    public List<Member> list(SessionCode session) {
        return roster(session).map(Roster::list).orElse(List.of());
    }

    @Override
    public Optional<Member> find(SessionCode session, MemberId member) {
        return calls.withHandle(h -> h.createQuery(FIND)
                .bind("code", session.value())
                .bind("id", member.value())
                .bind("now", time(clock.instant()))
                .map((rs, ctx) -> member(rs))
                .findOne());
    }

    @Override
    public int count(SessionCode session) {
        long count = calls.withHandle(h -> h.createQuery(COUNT_LIVE)
                .bind("code", session.value())
                .bind("now", time(clock.instant()))
                .mapTo(Long.class)
                .one());
        return Math.toIntExact(count);
    }

    @Override
    public Optional<TokenHash> removeRevoking(SessionCode session, MemberId member) {
        return removeRevoking(session, member, Leaving.LEFT);
    }

    @Override
    public Optional<TokenHash> removeRevoking(SessionCode session, MemberId member, Leaving why) {
        return calls.withHandle(h -> h.createQuery(REMOVE)
                .bind("reason", why.wireName())
                .bind("code", session.value())
                .bind("id", member.value())
                .bind("now", time(clock.instant()))
                .map((rs, ctx) -> new TokenHash(rs.getString("token_hash")))
                .findOne());
    }

    @Override
    public List<TokenHash> removeAllRevoking(SessionCode session) {
        return calls.withSlowHandle(h -> h.createQuery(REMOVE_ALL)
                .bind("code", session.value())
                .map((rs, ctx) -> new TokenHash(rs.getString("token_hash")))
                .list());
    }

    @Override
    public void seen(SessionCode session, MemberId member, Instant at) {
        calls.useHandle(h -> h.createUpdate(SEEN)
                .bind("code", session.value())
                .bind("id", member.value())
                .bind("at", time(at))
                .execute());
    }

    /**
     * Keyset over {@code (members.last_seen_at, members.pk)} up to the bound (to the millisecond, as times are
     * written), a range of {@code members_idle}; the cursor is the last row of the step. A row the domain cannot read
     * (a session code or role no gateway writes, put there by hand) is logged and stepped over rather than
     * failing the step: one such row would otherwise stop the idle-member job at the same place every round,
     * and every member after it would never be removed.
     */
    @Override
    public MemberScan scanMembers(Optional<String> cursor, Instant lastSeenUpTo, int count) {
        if (count < 1) throw new IllegalArgumentException("count " + count);
        var after = cursor.map(WalkCursor::parse).orElse(WalkCursor.START);
        WalkCursor[] last = {after};
        int[] read = {0};
        var rows = calls.withHandle(h -> h.createQuery(WALK)
                .bind("upTo", time(lastSeenUpTo))
                .bind("afterSeen", after.lastSeenAt())
                .bind("afterPk", after.pk())
                .bind("now", time(clock.instant()))
                .bind("limit", count)
                .map((rs, ctx) -> {
                    last[0] = new WalkCursor(rs.getString("last_seen_at"), rs.getLong("pk"));
                    read[0]++;
                    return readable(rs, last[0].pk());
                })
                .list());
        var found = rows.stream().flatMap(Optional::stream).toList();
        var next = read[0] < count ? Optional.<String>empty() : Optional.of(last[0].toString());
        return new MemberScan(found, next);
    }

    /**
     * Where the idle-member walk goes on: after this row. Its text is the cursor the job keeps. The time is
     * PostgreSQL's own text of it, given back as text: exact to the microsecond (a row written by hand may
     * have them; the domain's times stop at the millisecond, and a cursor rounded down would find its own
     * row again, for ever). {@code -infinity} starts before every row.
     */
    private record WalkCursor(String lastSeenAt, long pk) {
        static final WalkCursor START = new WalkCursor("-infinity", Long.MIN_VALUE);

        static WalkCursor parse(String text) {
            int at = text.lastIndexOf('/');
            return new WalkCursor(text.substring(0, at), Long.parseLong(text.substring(at + 1)));
        }

        @Override
        public String toString() {
            return lastSeenAt + "/" + pk;
        }
    }

    private static Optional<Membership> readable(ResultSet rs, long pk) throws SQLException {
        try {
            return Optional.of(new Membership(new SessionCode(rs.getString("code")), member(rs)));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Only the row's key: what it holds (a name, a token's hash) stays out of the log.
            LOG.warn(
                    "members row pk={} holds a session code, member id or role no gateway writes; the idle-member"
                            + " walk steps over it",
                    pk);
            return Optional.empty();
        }
    }

    private static Member member(ResultSet rs) throws SQLException {
        var role = rs.getString("role");
        return new Member(
                new MemberId(rs.getString("id")),
                rs.getString("display_name"),
                Role.fromWireName(role).orElseThrow(() -> new IllegalStateException("unknown role " + role)),
                instant(rs, "joined_at"),
                instant(rs, "last_seen_at"));
    }

    static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        var value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant().truncatedTo(ChronoUnit.MILLIS);
    }
}
