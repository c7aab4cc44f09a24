package io.huddle.domain.message;

import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The durable message log of every session (PostgreSQL; in-process in embedded mode), the system of
 * record for messages and their {@code seq}. seq is assigned here: per session 1, 2, 3, … with no gap
 * and never reused, not even after {@link #clear}, also under concurrent appends from several
 * processes. So the log of a session holds exactly the seqs of its {@link #span}. Infrastructure
 * failures are {@link StoreUnavailable}; an append that throws stored nothing.
 */
public interface MessageLog {

    /** One message to store: what was sent, by whom, into which session, when, under which id. */
    record Append(
            Session session, NewMessage message, MemberId sender, String senderName, MessageId id, Instant sentAt) {
        public Append {
            Objects.requireNonNull(session);
            Objects.requireNonNull(message);
            Objects.requireNonNull(sender);
            Objects.requireNonNull(senderName);
            Objects.requireNonNull(id);
            Objects.requireNonNull(sentAt);
        }
    }

    /**
     * Stores every message of {@code appends} in one atomic step (group commit: one transaction, one
     * fsync for all of them), and answers each, in the same order. Each is stored under its session's
     * next seq, the messages of one session in list order, and raises the session's durable activity time
     * to its {@code sentAt}. When the sender already has a message with the same {@code clientMsgId} in
     * the log (also one earlier in the same list, or one being appended concurrently), it stores nothing,
     * takes no seq and answers {@link Appended.Duplicate} with the first. Client ids are per sender. A
     * session that has ended (or is past its expiry at {@code sentAt}) takes nothing:
     * {@link Appended.SessionEnded}. A failure stores none of the list.
     */
    List<Appended> appendAll(List<Append> appends);

    /**
     * Throws {@link io.huddle.domain.StoreUnavailable} at once, with no round trip, when the log is known not
     * to take appends now (its store is out of reach and not being tried); returns otherwise. Asked before
     * a send is counted against its rate limits, so that sends refused for the outage do not use up the
     * sender's limit meanwhile.
     */
    default void checkTakingAppends() {}

    /** {@link #appendAll} of one message. */
    default Appended append(
            Session session, NewMessage message, MemberId sender, String senderName, MessageId id, Instant sentAt) {
        return appendAll(List.of(new Append(session, message, sender, senderName, id, sentAt)))
                .getFirst();
    }

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

    /** Outcome of one append. */
    sealed interface Appended {
        record Stored(Message message) implements Appended {}

        /** The sender sent this {@code clientMsgId} before; {@code message} is the first one, unchanged. */
        record Duplicate(Message message) implements Appended {}

        /** The session ended before the message could be stored; nothing was. */
        record SessionEnded() implements Appended {}
    }
}
