package io.huddle.adapters.postgres;

import io.huddle.domain.session.SessionCode;
import org.jdbi.v3.core.Jdbi;

/**
 * Long logs for tests, written in one statement in the shape huddle_append writes (and the session's
 * {@code last_seq} raised to match): appending tens of thousands of messages one by one would take minutes.
 */
final class BulkLog {
    private BulkLog() {}

    /**
     * Messages with seqs {@code after + 1} to {@code after + count}; {@code sender} and {@code content} are SQL
     * expressions over {@code seq}, e.g. {@code 'm_' || (seq % 7)}.
     */
    static void write(Jdbi jdbi, SessionCode session, long after, int count, String sender, String content) {
        jdbi.useHandle(h -> {
            h.createUpdate("INSERT INTO messages (session_id, seq, id, sender_id, sender_name, kind, content, sent_at)"
                            + " SELECT s.id, seq, 'msg_' || s.id || '_' || seq, " + sender + ", 'Someone', 'text', "
                            + content + ", now()"
                            + " FROM sessions s, generate_series(:after + 1, :after + :count) seq WHERE s.code = :code")
                    .bind("after", after)
                    .bind("count", count)
                    .bind("code", session.value())
                    .execute();
            h.createUpdate("UPDATE sessions SET last_seq = :last WHERE code = :code")
                    .bind("last", after + count)
                    .bind("code", session.value())
                    .execute();
        });
    }
}
