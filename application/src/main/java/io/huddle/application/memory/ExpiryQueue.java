package io.huddle.application.memory;

import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Sessions by expiry, so a store drops what expired in O(log n) per write instead of scanning all
 * of them. Each session is queued once per expiry, however often it is written. Not thread-safe:
 * callers hold their own lock.
 */
final class ExpiryQueue {
    private record Due(Instant expiresAt, SessionCode code) {}

    private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparing(Due::expiresAt));
    private final Map<SessionCode, Instant> scheduled = new HashMap<>();

    void schedule(SessionCode code, Instant expiresAt) {
        if (!expiresAt.equals(scheduled.put(code, expiresAt))) queue.add(new Due(expiresAt, code));
    }

    void forget(SessionCode code) {
        // The queued entry stays until it falls due; drain skips it then.
        scheduled.remove(code);
    }

    /** Hands every session whose current expiry is at or before {@code now} to {@code expired}. */
    void drain(Instant now, Consumer<SessionCode> expired) {
        while (!queue.isEmpty() && !queue.peek().expiresAt().isAfter(now)) {
            var due = queue.poll();
            if (scheduled.remove(due.code(), due.expiresAt())) expired.accept(due.code());
        }
    }
}
