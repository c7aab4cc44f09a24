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
import io.huddle.domain.message.NewMessage;
import io.huddle.domain.message.SearchQuery;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Messages in the {@code messages} table, seq from {@code sessions.last_seq} (the SQL, with what each
 * statement guarantees, is in {@code messages/*.sql} next to this class; the schema and its indexes
 * in {@code V2__messages.sql}).
 *
 * <p>An append is one transaction: lock the session row, look for the sender's earlier message with
 * the same client id, then bump last_seq and insert. The lock comes first so that the look-up, a
 * statement of its own, sees every append that committed before this one: a racing duplicate waits
 * for the lock and then finds the winner's row, and takes no seq. Times are kept to the millisecond,
 * and the stored message is what the append answers, so an acknowledged message reads back equal.
 */
final class PostgresMessageLog implements MessageLog {
    private static final String LOCK_SESSION = SqlFiles.load("messages/lock-session.sql");
    private static final String FIND_BY_CLIENT_ID = SqlFiles.load("messages/find-by-client-id.sql");
    private static final String INSERT = SqlFiles.load("messages/insert.sql");
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

    @Override
    public Appended append(
            Session session, NewMessage message, MemberId sender, String senderName, MessageId id, Instant sentAt) {
        var at = sentAt.truncatedTo(ChronoUnit.MILLIS);
        return calls.inTransaction(h -> {
            long sessionId = h.createQuery(LOCK_SESSION)
                    .bind("code", session.code().value())
                    .mapTo(Long.class)
                    .findOne()
                    .orElseThrow(() ->
                            new IllegalStateException("session " + session.code() + " is not in the session store"));
            if (message.clientMsgId().isPresent()) {
                var first = h.createQuery(FIND_BY_CLIENT_ID)
                        .bind("sessionId", sessionId)
                        .bind("senderId", sender.value())
                        .bind("clientMsgId", message.clientMsgId().get().value())
                        .map(messagesOf(session.code()))
                        .findOne();
                if (first.isPresent()) return new Appended.Duplicate(first.get());
            }
            long seq = h.createQuery(INSERT)
                    .bind("sessionId", sessionId)
                    .bind("sentAt", time(at))
                    .bind("id", id.value())
                    .bind("senderId", sender.value())
                    .bind("senderName", senderName)
                    .bind("kind", message.kind().value())
                    .bind("content", message.content())
                    .bindByType("data", message.data().map(MessageData::json).orElse(null), String.class)
                    .bindByType(
                            "clientMsgId",
                            message.clientMsgId().map(ClientMsgId::value).orElse(null),
                            String.class)
                    .mapTo(Long.class)
                    .one();
            return new Appended.Stored(Message.stored(id, seq, session.code(), sender, senderName, message, at));
        });
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
