package io.huddle.adapters.postgres;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.ClientMsgId;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageData;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.MessageStats;
import io.huddle.domain.message.SearchQuery;
import io.huddle.domain.session.SessionCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.postgresql.PGStatement;

/**
 * Messages in the {@code messages} table, seq from {@code sessions.last_seq} (the SQL, with what each
 * statement guarantees, is in {@code messages/*.sql} next to this class; the schema and its indexes
 * in {@code V2__messages.sql}).
 *
 * <p>A group of appends is one call of the {@code huddle_append} function (V10): it locks the session rows,
 * looks for the senders' earlier messages with the same client ids, then bumps last_seq and inserts. The
 * locks come first so that the look-up, a statement of its own, sees every append that committed before
 * this group: a racing duplicate waits for the lock and then finds the winner's row, and takes no seq.
 */
final class PostgresMessageLog implements MessageLog {
    private static final JdbcStatement APPEND = JdbcStatement.load("messages/append.sql");
    private static final String PAGE_LATEST = SqlFiles.load("messages/page-latest.sql");
    private static final String PAGE_BEFORE = SqlFiles.load("messages/page-before.sql");
    private static final String PAGE_AFTER = SqlFiles.load("messages/page-after.sql");
    private static final String LOG_BOUNDS = SqlFiles.load("messages/log-bounds.sql");
    private static final String SEARCH_WALK = SqlFiles.load("messages/search-walk.sql");
    private static final String SEARCH_INDEXED = SqlFiles.load("messages/search-indexed.sql");
    private static final String STATS_SENDERS = SqlFiles.load("messages/stats-senders.sql");
    private static final String CLEAR_SERIALISE = SqlFiles.load("messages/clear-serialise.sql");
    private static final String CLEAR_SPAN = SqlFiles.load("messages/clear-span.sql");
    private static final String CLEAR_MESSAGES = SqlFiles.load("messages/clear-messages.sql");
    private static final String CLEAR_MARK = SqlFiles.load("messages/clear-mark.sql");
    private static final String SPAN = SqlFiles.load("messages/span.sql");

    /**
     * How many of a session's latest messages a search reads in seq order before it turns to the trigram
     * index for the rest: a text found that often in them is answered from them alone (docs/api.md, search).
     */
    static final int SEARCH_RECENT = 10_000;

    /** Logs whose stats this gateway keeps tallied: a few hundred sender ids each at most, in practice. */
    static final int TALLIED_LOGS = 1_000;

    private final PostgresCalls calls;
    private final StatsTallies tallies = new StatsTallies(TALLIED_LOGS);

    PostgresMessageLog(PostgresCalls calls) {
        this.calls = calls;
    }

    /**
     * One function call for the whole group (messages/append.sql, V10): the locks of its live sessions, the
     * look-up of the client ids it carries, every seq, the bumps and the inserts, in one round trip and one
     * transaction (the statement's own: the connection is in autocommit), with one fsync. Times are kept to
     * the millisecond, and the stored message is what the append answers, so an acknowledged message reads
     * back equal.
     */
    @Override
    public void checkTakingAppends() {
        calls.checkNotOpen();
    }

    @Override
    public List<Appended> appendAll(List<Append> appends) {
        if (appends.isEmpty()) return List.of();
        return calls.withConnection(connection -> appendAll(connection, appends));
    }

    private static List<Appended> appendAll(Connection connection, List<Append> appends) throws SQLException {
        int n = appends.size();
        var codes = new String[n];
        var ids = new String[n];
        var senderIds = new String[n];
        var senderNames = new String[n];
        var kinds = new String[n];
        var contents = new String[n];
        var datas = new String[n];
        var clientMsgIds = new String[n];
        var sentAts = new String[n];
        var times = new Instant[n];
        for (int i = 0; i < n; i++) {
            var append = appends.get(i);
            var message = append.message();
            times[i] = append.sentAt().truncatedTo(ChronoUnit.MILLIS);
            codes[i] = append.session().code().value();
            ids[i] = append.id().value();
            senderIds[i] = append.sender().value();
            senderNames[i] = append.senderName();
            kinds[i] = message.kind().value();
            contents[i] = message.content();
            datas[i] = message.data().map(MessageData::json).orElse(null);
            clientMsgIds[i] = message.clientMsgId().map(ClientMsgId::value).orElse(null);
            sentAts[i] = times[i].toString();
        }
        var outcomes = new ArrayList<Appended>(n);
        try (var statement = APPEND.prepare(connection)) {
            PostgresCalls.cancelledAfterItsTime(statement);
            APPEND.bind(statement, "codes", connection.createArrayOf("text", codes));
            APPEND.bind(statement, "ids", connection.createArrayOf("text", ids));
            APPEND.bind(statement, "senderIds", connection.createArrayOf("text", senderIds));
            APPEND.bind(statement, "senderNames", connection.createArrayOf("text", senderNames));
            APPEND.bind(statement, "kinds", connection.createArrayOf("text", kinds));
            APPEND.bind(statement, "contents", connection.createArrayOf("text", contents));
            APPEND.bind(statement, "datas", connection.createArrayOf("text", datas));
            APPEND.bind(statement, "clientMsgIds", connection.createArrayOf("text", clientMsgIds));
            APPEND.bind(statement, "sentAts", connection.createArrayOf("text", sentAts));
            try (var row = statement.executeQuery()) {
                for (int i = 0; i < n; i++) {
                    if (!row.next()) throw new SQLException("huddle_append answered " + i + " rows for " + n);
                    outcomes.add(outcome(row, appends.get(i), times[i]));
                }
            }
        }
        return outcomes;
    }

    /** One row of {@code huddle_append}: the append stored under its seq, the first one it repeats, or refused. */
    private static Appended outcome(ResultSet row, Append append, Instant sentAt) throws SQLException {
        var outcome = row.getString("outcome");
        return switch (outcome) {
            case "s" ->
                new Appended.Stored(Message.stored(
                        append.id(),
                        row.getLong("seq"),
                        append.session().code(),
                        append.sender(),
                        append.senderName(),
                        append.message(),
                        sentAt));
            case "d" ->
                new Appended.Duplicate(new Message(
                        new MessageId(row.getString("id")),
                        row.getLong("seq"),
                        append.session().code(),
                        append.sender(),
                        row.getString("sender_name"),
                        new MessageKind(row.getString("kind")),
                        row.getString("content"),
                        Optional.ofNullable(row.getString("data")).map(MessageData::new),
                        append.message().clientMsgId(),
                        instant(row, "sent_at")));
            case "e" -> new Appended.SessionEnded();
            default -> throw new SQLException("huddle_append answered " + outcome);
        };
    }

    @Override
    public HistoryPage page(SessionCode session, HistoryQuery query) {
        // One row more than asked says whether more lies beyond the page, without a count.
        int fetch = query.limit() + 1;
        return calls.withHandle(h -> switch (query.position()) {
            case HistoryQuery.Latest latest ->
                backwards(
                        h.createQuery(PAGE_LATEST)
                                .bind("code", session.value())
                                .bind("limit", fetch)
                                .map(messagesOf(session))
                                .list(),
                        query.limit());
            case HistoryQuery.Before before ->
                backwards(
                        h.createQuery(PAGE_BEFORE)
                                .bind("code", session.value())
                                .bind("seq", before.seq())
                                .bind("limit", fetch)
                                .map(messagesOf(session))
                                .list(),
                        query.limit());
            case HistoryQuery.After after -> {
                var rows = h.createQuery(PAGE_AFTER)
                        .bind("code", session.value())
                        .bind("seq", after.seq())
                        .bind("limit", fetch)
                        .map(messagesOf(session))
                        .list();
                boolean more = rows.size() > query.limit();
                yield new HistoryPage(more ? rows.subList(0, query.limit()) : rows, more);
            }
        });
    }

    /** A page read newest first: the first {@code limit} rows, ascending; more when a row is left over. */
    private static HistoryPage backwards(List<Message> newestFirst, int limit) {
        boolean more = newestFirst.size() > limit;
        var page = more ? newestFirst.subList(0, limit) : newestFirst;
        return new HistoryPage(page.reversed(), more);
    }

    /**
     * Two steps after the session's log is looked up: the latest {@link #SEARCH_RECENT} messages, walked
     * newest first (a text people search for is usually in them, and the walk stops at the limit); only
     * when they hold fewer matches than asked, the older messages, through the trigram index when the text
     * has a trigram. A single statement left that choice to the planner, which misjudged it both ways on a
     * long log: it walked every message of a 400,000-message session for a rare phrase (2.7 s), and once a
     * pooled connection had run it a few times it kept a generic plan that read the whole trigram index, every
     * session's messages, for a two-character text (7.5 s). Both steps are planned for their values
     * ({@link #plannedForItsValues}). One snapshot per step: a message appended in between is found by the
     * first step or not at all, never twice.
     */
    @Override
    public List<Message> search(SessionCode session, SearchQuery query) {
        var pattern = containing(query.text());
        boolean indexed = hasTrigram(query.text());
        return calls.inSlowTransaction(h -> {
            var log = bounds(h, session).orElse(null);
            if (log == null) return List.<Message>of();
            long sessionId = log.sessionId();
            long clearedThrough = log.clearedThrough();
            long recentFrom = Math.max(clearedThrough, log.lastSeq() - SEARCH_RECENT);
            // A walk is messages_pkey read backwards, stopping at the limit. Left to itself the planner,
            // expecting few matches, reads the whole range into a bitmap and sorts it (all 10,000 rows for a
            // word in nearly every message): for this transaction, it has no other plan to choose.
            h.execute("SET LOCAL enable_bitmapscan = off");
            h.execute("SET LOCAL enable_seqscan = off");
            var found = new ArrayList<Message>(
                    searchStep(h, SEARCH_WALK, session, sessionId, recentFrom, Long.MAX_VALUE, pattern, query.limit()));
            if (found.size() < query.limit() && recentFrom > clearedThrough) {
                // The trigram index is read through a bitmap only. Sequential scans stay off: on a small
                // table the planner may otherwise read every session's messages (seen with 140,000 rows).
                if (indexed) h.execute("SET LOCAL enable_bitmapscan = on");
                found.addAll(searchStep(
                        h,
                        indexed ? SEARCH_INDEXED : SEARCH_WALK,
                        session,
                        sessionId,
                        clearedThrough,
                        recentFrom,
                        pattern,
                        query.limit() - found.size()));
            }
            return found;
        });
    }

    /** A session's log: its row's id and the seqs it holds, (clearedThrough, lastSeq]. */
    private record LogBounds(long sessionId, long clearedThrough, long lastSeq) {}

    private static Optional<LogBounds> bounds(Handle h, SessionCode session) {
        return h.createQuery(LOG_BOUNDS)
                .bind("code", session.value())
                .map((row, context) ->
                        new LogBounds(row.getLong("id"), row.getLong("cleared_through"), row.getLong("last_seq")))
                .findOne();
    }

    private static List<Message> searchStep(
            Handle h,
            String sql,
            SessionCode session,
            long sessionId,
            long after,
            long through,
            String pattern,
            int limit) {
        return h.createQuery(sql)
                .addCustomizer(plannedForItsValues())
                .bind("sessionId", sessionId)
                .bind("after", after)
                .bind("through", through)
                .bind("pattern", pattern)
                .bind("limit", limit)
                .map(messagesOf(session))
                .list();
    }

    /**
     * Whether pg_trgm finds a trigram in a LIKE pattern of this text: it takes trigrams from runs of letters
     * and digits only, so "ok" or "?!?" have none, and the trigram index would answer them by reading all of
     * itself.
     */
    static boolean hasTrigram(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            run = Character.isLetterOrDigit(c) ? run + 1 : 0;
            if (run >= 3) return true;
            i += Character.charCount(c);
        }
        return false;
    }

    /**
     * Planned for the values bound, every time: the driver sends it as an unnamed statement, which PostgreSQL
     * plans with the parameters in hand. A named (server-prepared) statement, which the driver switches to
     * after a few executions on a connection, gets a generic plan for any session and any text, chosen by
     * an average that fits neither a long log nor a short text.
     */
    private static StatementCustomizer plannedForItsValues() {
        return new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement statement, StatementContext context) throws SQLException {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
        };
    }

    /** An ILIKE pattern matching {@code text} anywhere, every character of it taken literally. */
    static String containing(String text) {
        var escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    /**
     * The log's bounds (one row by the code index), then the messages stored since this gateway last
     * tallied this log ({@link StatsTallies}): the whole log the first time or after a clear, a few rows
     * after that. Messages up to a committed {@code last_seq} are all committed (huddle_append raises it in
     * the same transaction), so what is tallied never changes under the tally. Both reads share one
     * snapshot (repeatable read), as the single statement before did: a clear committing between them
     * would otherwise give one answer that counts the log before the clear with its messages gone.
     */
    @Override
    public MessageStats stats(SessionCode session) {
        return calls.withSlowHandle(handle -> handle.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            var log = bounds(h, session);
            if (log.isEmpty()) return MessageStats.empty(0);
            var bounds = log.get();
            var tally = tallies.from(session, bounds.sessionId(), bounds.clearedThrough());
            if (bounds.lastSeq() > tally.through()) {
                var runs = h.createQuery(STATS_SENDERS)
                        .bind("sessionId", bounds.sessionId())
                        .bind("after", tally.through())
                        .bind("through", bounds.lastSeq())
                        .map((row, context) -> new StatsTallies.SenderRun(
                                row.getString("sender_id"),
                                row.getLong("message_count"),
                                instant(row, "first_at"),
                                instant(row, "last_at")))
                        .list();
                tally = tally.plus(bounds.lastSeq(), runs);
                tallies.keep(session, tally);
            }
            return tally.stats(bounds.lastSeq());
        }));
    }

    /**
     * One transaction: the messages up to the last seq committed when it starts are deleted, then the log
     * is marked cleared through that seq. The session row is locked only by the last, short step, so sends
     * are never held for the delete, however long the log (messages/clear-*.sql); a message stored while
     * it runs has a higher seq and stays.
     */
    @Override
    public void clear(SessionCode session) {
        calls.inSlowTransaction(h -> {
            h.createQuery(CLEAR_SERIALISE)
                    .bind("code", session.value())
                    .mapTo(String.class)
                    .one();
            var log = h.createQuery(CLEAR_SPAN)
                    .bind("code", session.value())
                    .map((row, context) -> new ClearedLog(row.getLong("id"), row.getLong("last_seq")))
                    .findOne();
            log.ifPresent(cleared -> {
                h.createUpdate(CLEAR_MESSAGES)
                        .bind("sessionId", cleared.sessionId())
                        .bind("through", cleared.through())
                        .execute();
                h.createUpdate(CLEAR_MARK)
                        .bind("sessionId", cleared.sessionId())
                        .bind("through", cleared.through())
                        .execute();
            });
            return null;
        });
    }

    /** What a clear removes: the messages of the session {@code sessionId} up to seq {@code through}. */
    private record ClearedLog(long sessionId, long through) {}

    @Override
    public LogSpan span(SessionCode session) {
        return calls.withHandle(h -> h.createQuery(SPAN)
                .bind("code", session.value())
                .map((row, context) -> new LogSpan(row.getLong("cleared_through"), row.getLong("last_seq")))
                .findOne()
                .orElse(LogSpan.EMPTY));
    }

    private static RowMapper<Message> messagesOf(SessionCode session) {
        return (row, context) -> message(session, row);
    }

    private static Message message(SessionCode session, ResultSet row) throws SQLException {
        return new Message(
                new MessageId(row.getString("id")),
                row.getLong("seq"),
                session,
                new MemberId(row.getString("sender_id")),
                row.getString("sender_name"),
                new MessageKind(row.getString("kind")),
                row.getString("content"),
                Optional.ofNullable(row.getString("data")).map(MessageData::new),
                Optional.ofNullable(row.getString("client_msg_id")).map(ClientMsgId::new),
                instant(row, "sent_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }
}
