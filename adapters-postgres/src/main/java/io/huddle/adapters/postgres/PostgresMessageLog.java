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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Messages in the {@code messages} table, seq from {@code sessions.last_seq} (the SQL, with what each
 * statement guarantees, is in {@code messages/*.sql} next to this class; the schema and its indexes
 * in {@code V2__messages.sql}).
 *
 * <p>A group of appends is one transaction: lock the session rows, look for the senders' earlier messages
 * with the same client ids, then bump last_seq and insert. The locks come first so that the look-up, a
 * statement of its own, sees every append that committed before this group: a racing duplicate waits
 * for the lock and then finds the winner's row, and takes no seq. Times are kept to the millisecond,
 * and the stored message is what the append answers, so an acknowledged message reads back equal.
 */
final class PostgresMessageLog implements MessageLog {
    private static final JdbcStatement LOCK_SESSIONS = JdbcStatement.load("messages/lock-sessions.sql");
    private static final JdbcStatement FIND_DUPLICATES = JdbcStatement.load("messages/find-duplicates.sql");
    private static final JdbcStatement INSERT_BATCH = JdbcStatement.load("messages/insert-batch.sql");
    private static final String PAGE_LATEST = SqlFiles.load("messages/page-latest.sql");
    private static final String PAGE_BEFORE = SqlFiles.load("messages/page-before.sql");
    private static final String PAGE_AFTER = SqlFiles.load("messages/page-after.sql");
    private static final String SEARCH = SqlFiles.load("messages/search.sql");
    private static final String STATS = SqlFiles.load("messages/stats.sql");
    private static final String CLEAR_SPAN = SqlFiles.load("messages/clear-span.sql");
    private static final String CLEAR_MESSAGES = SqlFiles.load("messages/clear-messages.sql");
    private static final String SPAN = SqlFiles.load("messages/span.sql");

    private final PostgresCalls calls;

    PostgresMessageLog(PostgresCalls calls) {
        this.calls = calls;
    }

    /**
     * One transaction for the whole group: lock its live sessions (in id order), look up the client ids it
     * carries in one statement, compute every seq from the locked {@code last_seq}, then bump the sessions
     * and insert every message in one statement. Four round trips (lock, duplicates, insert, commit) for any
     * number of messages, and one fsync. The statements run on plain JDBC, prepared once per connection.
     */
    @Override
    public List<Appended> appendAll(List<Append> appends) {
        if (appends.isEmpty()) return List.of();
        return calls.inTransaction(h -> {
            try {
                return appendAll(h.getConnection(), appends);
            } catch (SQLException e) {
                throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
            }
        });
    }

    /** A session of the group as its row lock found it: where its seq stands while this group appends. */
    private static final class Locked {
        final long id;
        final Instant expiresAt;
        long lastSeq;
        Instant activeAt = Instant.EPOCH;
        boolean bumped;

        Locked(long id, long lastSeq, Instant expiresAt) {
            this.id = id;
            this.lastSeq = lastSeq;
            this.expiresAt = expiresAt;
        }
    }

    private record ClientKey(long sessionId, String senderId, String clientMsgId) {}

    private List<Appended> appendAll(Connection connection, List<Append> appends) throws SQLException {
        var locked = lock(connection, appends);
        var earlier = duplicates(connection, appends, locked);
        var outcomes = new ArrayList<Appended>(appends.size());
        var rows = new Rows(appends.size());
        for (var append : appends) {
            var session = locked.get(append.session().code().value());
            var at = append.sentAt().truncatedTo(ChronoUnit.MILLIS);
            if (session == null || !at.isBefore(session.expiresAt)) {
                outcomes.add(new Appended.SessionEnded());
                continue;
            }
            var clientId = append.message().clientMsgId().map(ClientMsgId::value);
            if (clientId.isPresent()) {
                var first =
                        earlier.get(new ClientKey(session.id, append.sender().value(), clientId.get()));
                if (first != null) {
                    outcomes.add(new Appended.Duplicate(first));
                    continue;
                }
            }
            session.lastSeq++;
            session.bumped = true;
            if (at.isAfter(session.activeAt)) session.activeAt = at;
            var stored = Message.stored(
                    append.id(),
                    session.lastSeq,
                    append.session().code(),
                    append.sender(),
                    append.senderName(),
                    append.message(),
                    at);
            clientId.ifPresent(
                    id -> earlier.put(new ClientKey(session.id, append.sender().value(), id), stored));
            rows.add(session.id, stored);
            outcomes.add(new Appended.Stored(stored));
        }
        if (!rows.isEmpty()) insert(connection, locked.values(), rows);
        return outcomes;
    }

    private static Map<String, Locked> lock(Connection connection, List<Append> appends) throws SQLException {
        var codes =
                appends.stream().map(a -> a.session().code().value()).distinct().toArray(String[]::new);
        var locked = new HashMap<String, Locked>();
        try (var statement = LOCK_SESSIONS.prepare(connection)) {
            LOCK_SESSIONS.bind(statement, "codes", connection.createArrayOf("text", codes));
            try (var row = statement.executeQuery()) {
                while (row.next()) {
                    locked.put(
                            row.getString("code"),
                            new Locked(row.getLong("id"), row.getLong("last_seq"), instant(row, "expires_at")));
                }
            }
        }
        return locked;
    }

    /** The first message of every (sender, client id) of the group that the log holds already. */
    private static Map<ClientKey, Message> duplicates(
            Connection connection, List<Append> appends, Map<String, Locked> locked) throws SQLException {
        var sessionIds = new ArrayList<Long>();
        var senders = new ArrayList<String>();
        var clientIds = new ArrayList<String>();
        var codes = new HashMap<Long, SessionCode>();
        for (var append : appends) {
            var session = locked.get(append.session().code().value());
            var clientId = append.message().clientMsgId();
            if (session == null || clientId.isEmpty()) continue;
            sessionIds.add(session.id);
            senders.add(append.sender().value());
            clientIds.add(clientId.get().value());
            codes.put(session.id, append.session().code());
        }
        var found = new HashMap<ClientKey, Message>();
        if (sessionIds.isEmpty()) return found;
        try (var statement = FIND_DUPLICATES.prepare(connection)) {
            FIND_DUPLICATES.bind(statement, "sessionIds", connection.createArrayOf("bigint", sessionIds.toArray()));
            FIND_DUPLICATES.bind(statement, "senderIds", connection.createArrayOf("text", senders.toArray()));
            FIND_DUPLICATES.bind(statement, "clientMsgIds", connection.createArrayOf("text", clientIds.toArray()));
            try (var row = statement.executeQuery()) {
                while (row.next()) {
                    long sessionId = row.getLong("session_id");
                    var message = message(codes.get(sessionId), row);
                    found.put(
                            new ClientKey(
                                    sessionId,
                                    message.senderId().value(),
                                    message.clientMsgId().orElseThrow().value()),
                            message);
                }
            }
        }
        return found;
    }

    /** The columns of the messages one group stores, as the arrays {@code insert-batch.sql} unnests. */
    private static final class Rows {
        final List<Long> sessionIds;
        final List<Long> seqs;
        final List<String> ids;
        final List<String> senderIds;
        final List<String> senderNames;
        final List<String> kinds;
        final List<String> contents;
        final List<String> datas;
        final List<String> clientMsgIds;
        final List<String> sentAts;

        Rows(int capacity) {
            sessionIds = new ArrayList<>(capacity);
            seqs = new ArrayList<>(capacity);
            ids = new ArrayList<>(capacity);
            senderIds = new ArrayList<>(capacity);
            senderNames = new ArrayList<>(capacity);
            kinds = new ArrayList<>(capacity);
            contents = new ArrayList<>(capacity);
            datas = new ArrayList<>(capacity);
            clientMsgIds = new ArrayList<>(capacity);
            sentAts = new ArrayList<>(capacity);
        }

        void add(long sessionId, Message m) {
            sessionIds.add(sessionId);
            seqs.add(m.seq());
            ids.add(m.id().value());
            senderIds.add(m.senderId().value());
            senderNames.add(m.senderName());
            kinds.add(m.kind().value());
            contents.add(m.content());
            datas.add(m.data().map(MessageData::json).orElse(null));
            clientMsgIds.add(m.clientMsgId().map(ClientMsgId::value).orElse(null));
            sentAts.add(m.sentAt().toString());
        }

        boolean isEmpty() {
            return ids.isEmpty();
        }
    }

    private static void insert(Connection connection, java.util.Collection<Locked> sessions, Rows rows)
            throws SQLException {
        var bumpIds = new ArrayList<Long>();
        var bumpSeqs = new ArrayList<Long>();
        var bumpAts = new ArrayList<String>();
        for (var session : sessions) {
            if (!session.bumped) continue;
            bumpIds.add(session.id);
            bumpSeqs.add(session.lastSeq);
            bumpAts.add(session.activeAt.toString());
        }
        try (var statement = INSERT_BATCH.prepare(connection)) {
            INSERT_BATCH.bind(statement, "bumpIds", connection.createArrayOf("bigint", bumpIds.toArray()));
            INSERT_BATCH.bind(statement, "bumpSeqs", connection.createArrayOf("bigint", bumpSeqs.toArray()));
            INSERT_BATCH.bind(statement, "bumpAts", connection.createArrayOf("text", bumpAts.toArray()));
            INSERT_BATCH.bind(statement, "sessionIds", connection.createArrayOf("bigint", rows.sessionIds.toArray()));
            INSERT_BATCH.bind(statement, "seqs", connection.createArrayOf("bigint", rows.seqs.toArray()));
            INSERT_BATCH.bind(statement, "ids", connection.createArrayOf("text", rows.ids.toArray()));
            INSERT_BATCH.bind(statement, "senderIds", connection.createArrayOf("text", rows.senderIds.toArray()));
            INSERT_BATCH.bind(statement, "senderNames", connection.createArrayOf("text", rows.senderNames.toArray()));
            INSERT_BATCH.bind(statement, "kinds", connection.createArrayOf("text", rows.kinds.toArray()));
            INSERT_BATCH.bind(statement, "contents", connection.createArrayOf("text", rows.contents.toArray()));
            INSERT_BATCH.bind(statement, "datas", connection.createArrayOf("text", rows.datas.toArray()));
            INSERT_BATCH.bind(statement, "clientMsgIds", connection.createArrayOf("text", rows.clientMsgIds.toArray()));
            INSERT_BATCH.bind(statement, "sentAts", connection.createArrayOf("text", rows.sentAts.toArray()));
            statement.executeUpdate();
        }
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

    @Override
    public List<Message> search(SessionCode session, SearchQuery query) {
        return calls.withHandle(h -> h.createQuery(SEARCH)
                .bind("code", session.value())
                .bind("pattern", containing(query.text()))
                .bind("limit", query.limit())
                .map(messagesOf(session))
                .list());
    }

    /** An ILIKE pattern matching {@code text} anywhere, every character of it taken literally. */
    static String containing(String text) {
        var escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    @Override
    public MessageStats stats(SessionCode session) {
        return calls.withHandle(h -> h.createQuery(STATS)
                .bind("code", session.value())
                .map((row, context) -> {
                    long count = row.getLong("message_count");
                    long lastSeq = row.getLong("last_seq");
                    if (count == 0) return MessageStats.empty(lastSeq);
                    return new MessageStats(
                            count,
                            lastSeq,
                            row.getLong("sender_count"),
                            Optional.of(instant(row, "first_at")),
                            Optional.of(instant(row, "last_at")));
                })
                .findOne()
                .orElse(MessageStats.empty(0)));
    }

    @Override
    public void clear(SessionCode session) {
        calls.inTransaction(h -> {
            var sessionId = h.createQuery(CLEAR_SPAN)
                    .bind("code", session.value())
                    .mapTo(Long.class)
                    .findOne();
            sessionId.ifPresent(
                    id -> h.createUpdate(CLEAR_MESSAGES).bind("sessionId", id).execute());
            return null;
        });
    }

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

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }
}
