package io.huddle.adapters.postgres;

import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Sessions in the {@code sessions} table, one statement per operation (the SQL, with what each
 * statement guarantees, is in {@code sessions/*.sql} next to this class). Times are kept to the
 * millisecond: PostgreSQL would keep microseconds, and a session must read back exactly as stored.
 * PostgreSQL out of reach is {@link io.huddle.domain.StoreUnavailable} ({@link PostgresCalls}).
 */
final class PostgresSessionStore implements SessionStore {
    private static final String CREATE = SqlFiles.load("sessions/create.sql");
    private static final String FIND = SqlFiles.load("sessions/find.sql");
    private static final String LIST_BY_OWNER = SqlFiles.load("sessions/list-by-owner.sql");
    private static final String LIST_LIVE = SqlFiles.load("sessions/list-live.sql");
    private static final String END = SqlFiles.load("sessions/end.sql");
    private static final String RECORD_ACTIVITY = SqlFiles.load("sessions/record-activity.sql");
    private static final String CLAIM_EXPIRED = SqlFiles.load("maintenance/claim-expired.sql");
    private static final String CLAIM_INACTIVE = SqlFiles.load("maintenance/claim-inactive.sql");
    private static final String CLAIM_PURGEABLE = SqlFiles.load("maintenance/claim-purgeable.sql");
    private static final String RELEASE = SqlFiles.load("maintenance/release.sql");
    private static final String PURGE_MESSAGES = SqlFiles.load("maintenance/purge-messages.sql");
    private static final String PURGE_SESSIONS = SqlFiles.load("maintenance/purge-sessions.sql");
    /** Messages deleted per statement while purging: small enough that no one statement runs long. */
    static final int MESSAGES_PER_DELETE = 5_000;

    private static final int MAX_LIMIT = 100;
    private static final RowMapper<Session> SESSIONS = PostgresSessionStore::session;

    /** Beyond this many sessions {@link #storedActivity} starts again empty: memory stays bounded. */
    static final int STORED_ACTIVITY_MAX = 50_000;

    private final PostgresCalls calls;

    /**
     * The {@code last_activity_at} each session had when this process last recorded activity for it: a
     * lower bound of the stored time, which only rises. A raise of less than {@link #ACTIVITY_GRANULARITY}
     * above it is one record-activity.sql would skip, so it is not sent: a busy session costs one round
     * trip in 30 s per gateway, not one per join or state write.
     */
    private final ConcurrentHashMap<SessionCode, Instant> storedActivity = new ConcurrentHashMap<>();

    PostgresSessionStore(PostgresCalls calls) {
        this.calls = calls;
    }

    @Override
    public Created create(Session session) {
        var ending = session.ending();
        boolean stored = calls.withHandle(h -> h.createQuery(CREATE)
                .bind("code", session.code().value())
                .bind("ownerId", session.ownerId().value())
                .bind("name", session.name())
                .bind("maxMembers", session.maxMembers())
                .bind("createdAt", time(session.createdAt()))
                .bind("expiresAt", time(session.expiresAt()))
                .bind("lastActivityAt", time(session.lastActivityAt()))
                .bindByType("endedAt", ending.map(e -> time(e.at())).orElse(null), OffsetDateTime.class)
                .bindByType("endReason", ending.map(e -> e.reason().wireName()).orElse(null), String.class)
                .mapTo(String.class)
                .findOne()
                .isPresent());
        return stored ? new Created.Stored(session) : new Created.CodeTaken();
    }

    @Override
    public Optional<Session> find(SessionCode code) {
        return calls.withHandle(h ->
                h.createQuery(FIND).bind("code", code.value()).map(SESSIONS).findOne());
    }

    @Override
    public SessionPage listByOwner(
            OwnerId owner, StatusFilter filter, Optional<SessionCursor> after, int limit, Instant now) {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit " + limit);
        // One row more than the page tells whether another page follows, without a count.
        var rows = calls.withHandle(h -> h.createQuery(LIST_BY_OWNER)
                .bind("ownerId", owner.value())
                .bindByType(
                        "afterCreatedAt", after.map(c -> time(c.createdAt())).orElse(null), OffsetDateTime.class)
                .bindByType("afterCode", after.map(c -> c.code().value()).orElse(null), String.class)
                .bind("status", filter.name())
                .bind("now", time(now))
                .bind("limit", limit + 1)
                .map(SESSIONS)
                .list());
        return page(rows, limit);
    }

    @Override
    public SessionPage listLive(Optional<OwnerId> owner, Optional<SessionCursor> after, int limit, Instant now) {
        if (owner.isPresent()) return listByOwner(owner.get(), StatusFilter.ACTIVE, after, limit, now);
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit " + limit);
        var rows = calls.withHandle(h -> h.createQuery(LIST_LIVE)
                .bindByType(
                        "afterCreatedAt", after.map(c -> time(c.createdAt())).orElse(null), OffsetDateTime.class)
                .bindByType("afterCode", after.map(c -> c.code().value()).orElse(null), String.class)
                .bind("now", time(now))
                .bind("limit", limit + 1)
                .map(SESSIONS)
                .list());
        return page(rows, limit);
    }

    /** {@code limit + 1} rows read: the first {@code limit}, and a cursor after the last when there are more. */
    private static SessionPage page(List<Session> rows, int limit) {
        if (rows.size() <= limit) return new SessionPage(rows, Optional.empty());
        var page = rows.subList(0, limit);
        var last = page.getLast();
        return new SessionPage(page, Optional.of(new SessionCursor(last.createdAt(), last.code())));
    }

    @Override
    public Ended end(SessionCode code, Ending ending) {
        return calls.withHandle(h -> {
            Optional<Session> now = h.createQuery(END)
                    .bind("code", code.value())
                    .bind("endedAt", time(ending.at()))
                    .bind("endReason", ending.reason().wireName())
                    .map(SESSIONS)
                    .findOne();
            if (now.isPresent()) return new Ended.Now(now.get());
            // No row updated: either ended before (the ending is final, so this read is stable) or unknown.
            return h.createQuery(FIND)
                    .bind("code", code.value())
                    .map(SESSIONS)
                    .findOne()
                    .<Ended>map(Ended.AlreadyEnded::new)
                    .orElseGet(Ended.Unknown::new);
        });
    }

    @Override
    public void recordActivity(SessionCode code, Instant at) {
        var known = storedActivity.get(code);
        if (known != null && at.isBefore(known.plus(ACTIVITY_GRANULARITY))) return;
        var stored = calls.withHandle(h -> h.createQuery(RECORD_ACTIVITY)
                .bind("code", code.value())
                .bind("at", time(at))
                .map((rs, ctx) ->
                        rs.getObject("last_activity_at", OffsetDateTime.class).toInstant())
                .findOne());
        if (stored.isEmpty()) {
            storedActivity.remove(code);
            return;
        }
        if (storedActivity.size() >= STORED_ACTIVITY_MAX) storedActivity.clear();
        storedActivity.merge(code, stored.get(), (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public List<Session> claimExpired(Claim claim) {
        return calls.withHandle(h -> h.createQuery(CLAIM_EXPIRED)
                .bind("now", time(claim.now()))
                .bind("until", time(claim.until()))
                .bind("limit", claim.limit())
                .map(SESSIONS)
                .list());
    }

    @Override
    public List<Session> claimInactive(Instant idleSince, Claim claim) {
        return calls.withHandle(h -> h.createQuery(CLAIM_INACTIVE)
                .bind("idleSince", time(idleSince))
                .bind("now", time(claim.now()))
                .bind("until", time(claim.until()))
                .bind("limit", claim.limit())
                .map(SESSIONS)
                .list());
    }

    @Override
    public void release(List<SessionCode> codes, Claim claim) {
        if (codes.isEmpty()) return;
        calls.useHandle(h -> h.createUpdate(RELEASE)
                .bindArray(
                        "codes",
                        String.class,
                        codes.stream().map(SessionCode::value).toList())
                .bind("until", time(claim.until()))
                .execute());
    }

    /**
     * Three steps, each its own short transaction: claim the batch, delete its messages a few thousand
     * at a time, delete the sessions. A crash between them leaves ended sessions with fewer messages,
     * which the next claim (after the lease) purges to the end.
     */
    @Override
    public int purgeEnded(Instant endedBefore, Claim claim) {
        List<Long> ids = calls.withHandle(h -> h.createQuery(CLAIM_PURGEABLE)
                .bind("endedBefore", time(endedBefore))
                .bind("now", time(claim.now()))
                .bind("until", time(claim.until()))
                .bind("limit", claim.limit())
                .mapTo(Long.class)
                .list());
        if (ids.isEmpty()) return 0;
        int deleted;
        do {
            deleted = calls.withSlowHandle(h -> h.createUpdate(PURGE_MESSAGES)
                    .bindArray("ids", Long.class, ids)
                    .bind("limit", MESSAGES_PER_DELETE)
                    .execute());
        } while (deleted > 0);
        return calls.withSlowHandle(h -> h.createUpdate(PURGE_SESSIONS)
                .bindArray("ids", Long.class, ids)
                .bind("endedBefore", time(endedBefore))
                .execute());
    }

    /** The maintenance statements by name, for tests that look at their plans. */
    static String maintenanceSql(String name) {
        return SqlFiles.load("maintenance/" + name + ".sql");
    }

    /** The listing statement, for tests that look at its plan. */
    static String listByOwnerSql() {
        return LIST_BY_OWNER;
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        var value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Session session(ResultSet row, StatementContext context) throws SQLException {
        var endedAt = instant(row, "ended_at");
        Optional<Ending> ending = Optional.empty();
        if (endedAt != null) {
            var reason = row.getString("end_reason");
            ending = Optional.of(new Ending(
                    endedAt,
                    EndReason.fromWireName(reason)
                            .orElseThrow(() -> new IllegalStateException("unknown end_reason " + reason))));
        }
        return new Session(
                new SessionCode(row.getString("code")),
                new OwnerId(row.getString("owner_id")),
                row.getString("name"),
                row.getInt("max_members"),
                instant(row, "created_at"),
                instant(row, "expires_at"),
                instant(row, "last_activity_at"),
                ending);
    }
}
