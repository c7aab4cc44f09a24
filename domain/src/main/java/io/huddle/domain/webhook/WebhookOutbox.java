package io.huddle.domain.webhook;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The events to report (PostgreSQL: written in the transaction of the change each reports). Events of one
 * session go out in order: only the oldest pending event of a session is ever claimed, so the next waits
 * until it is delivered or dead. A claim holds an event for {@code lease}, so several workers share the
 * work and the event of a worker that dies is due again once its lease runs out (then delivered again:
 * receivers de-duplicate by {@link OutboxEvent#eventId}).
 */
public interface WebhookOutbox {
    /** Claims up to {@code limit} due events, each the oldest pending one of its session, oldest first. */
    List<OutboxEvent> claimDue(Instant now, Duration lease, int limit);

    /** Every URL has it: done. */
    void delivered(long position, Instant at);

    /** Not yet everywhere: try again at {@code next}; {@code deliveredTo} the URLs that have it so far. */
    void retry(long position, int attempts, Instant next, Set<URI> deliveredTo, String lastError);

    /** Given up ({@code HUDDLE_WEBHOOK_MAX_AGE} passed): kept as dead, no longer holds its session's queue. */
    void deadLetter(long position, int attempts, Instant at, String lastError);

    /**
     * Deletes up to {@code limit} events that were delivered or dead-lettered before {@code finishedBefore},
     * those that finished first first; never a pending one. Returns how many it deleted.
     */
    int purgeFinished(Instant finishedBefore, int limit);

    /** Nothing is written (no webhooks configured, or embedded mode). */
    WebhookOutbox NONE = new WebhookOutbox() {
        @Override
        public List<OutboxEvent> claimDue(Instant now, Duration lease, int limit) {
            return List.of();
        }

        @Override
        public void delivered(long position, Instant at) {}

        @Override
        public void retry(long position, int attempts, Instant next, Set<URI> deliveredTo, String lastError) {}

        @Override
        public void deadLetter(long position, int attempts, Instant at, String lastError) {}

        @Override
        public int purgeFinished(Instant finishedBefore, int limit) {
            return 0;
        }
    };
}
