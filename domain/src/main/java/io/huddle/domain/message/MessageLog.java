package io.huddle.domain.message;

import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.List;

/**
 * The durable message log of every session (PostgreSQL; in-process in embedded mode), the system of
 * record for messages and their {@code seq}. seq is assigned here: per session 1, 2, 3, … with no gap
 * and never reused, not even after {@link #clear}, also under concurrent appends from several
 * processes. So the log of a session holds exactly the seqs of its {@link #span}. Infrastructure
 * failures are {@link StoreUnavailable}; an append that throws stored nothing.
 */
public interface MessageLog {

    /**
     * Stores a message under the session's next seq and raises the session's durable activity time to
     * {@code sentAt}, in one atomic step. When the sender already has a message with the same
     * {@code clientMsgId} in the log (also one being appended concurrently), stores nothing, takes no
     * seq and answers {@link Appended.Duplicate} with the first. Client ids are per sender.
     */
    Appended append(
            Session session, NewMessage message, MemberId sender, String senderName, MessageId id, Instant sentAt);

    /** The answer to {@code query}, ascending by seq (see {@link HistoryQuery#rangeIn}). */
    HistoryPage page(SessionCode session, HistoryQuery query);

    /** Messages whose content matches {@code query} ({@link SearchQuery#matches}), newest first. */
    List<Message> search(SessionCode session, SearchQuery query);

    MessageStats stats(SessionCode session);

    /**
     * Removes every message of the session, and with them what {@code clientMsgId}s they carried;
     * seq continues where it was. Nothing for an unknown session.
     */
    void clear(SessionCode session);

    /** Which seqs the log holds for the session now; {@link LogSpan#EMPTY} for an unknown one. */
    LogSpan span(SessionCode session);

    /** Outcome of {@link #append}. */
    sealed interface Appended {
        Message message();

        record Stored(Message message) implements Appended {}

        /** The sender sent this {@code clientMsgId} before; {@code message} is the first one, unchanged. */
        record Duplicate(Message message) implements Appended {}
    }
}
