package io.huddle.domain.message;

import io.huddle.domain.session.Session;
import java.util.List;
import java.util.Objects;

/**
 * Where messages go once the log has stored them: into each session's recent copy and out to every
 * gateway instance, in one step for a whole group commit (Redis: one script call per session that adds to
 * the copy and publishes, all of them pipelined; in-process in embedded mode). Delivery to the other
 * gateways is at most once: they fill any gap from the history. A failure leaves the messages stored;
 * readers and gap fills find them in the log.
 */
public interface MessageRelay {

    /** What one session's part of a group commit stored: ascending by seq. */
    record Stored(Session session, List<Message> messages) {
        public Stored {
            Objects.requireNonNull(session);
            messages = List.copyOf(messages);
            if (messages.isEmpty()) throw new IllegalArgumentException("nothing stored");
        }
    }

    void relay(List<Stored> stored);
}
