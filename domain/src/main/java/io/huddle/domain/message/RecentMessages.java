package io.huddle.domain.message;

import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.util.List;
import java.util.Optional;

/**
 * The hot copy of each session's newest messages (Redis; in-process when Redis is down), so history
 * reads and welcomes spare the log. It keeps the messages with the highest seqs, at most a capacity
 * given at construction, ordered by seq whatever order they were appended in; they expire with their
 * session. It may lack any message (an append lost to a Redis outage, a restart), so it answers a
 * question only with a proof that it holds every message of the answer; see {@link #page}.
 */
public interface RecentMessages {

    /** Adds a message the log has stored; the same seq again changes nothing. */
    void append(Session session, Message message);

    /**
     * The answer to {@code query} for a log that holds {@code span}, only when the copy holds every
     * message of {@link HistoryQuery#rangeIn the query's range}; empty otherwise (ask the log). Seqs are
     * never reused, so a held message is always the right one, and messages the span does not cover
     * (cleared ones) are never answered. {@code hasMore} comes from the span.
     */
    Optional<HistoryPage> page(SessionCode session, HistoryQuery query, LogSpan span);

    /**
     * Up to {@code count} of the newest messages held, ascending. Not proof of anything: for when the
     * log cannot be asked (PostgreSQL down), where a possibly incomplete answer beats none.
     */
    List<Message> latest(SessionCode session, int count);

    /** Forgets the session's messages (its history was cleared). */
    void clear(SessionCode session);
}
