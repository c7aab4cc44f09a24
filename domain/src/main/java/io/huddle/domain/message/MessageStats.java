package io.huddle.domain.message;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Figures of a session's log: how many messages it holds, the last seq given out (which a clear does
 * not reset), how many members sent them, and when the earliest and latest of them were sent.
 */
public record MessageStats(
        long count, long lastSeq, long senders, Optional<Instant> firstAt, Optional<Instant> lastAt) {
    public MessageStats {
        Objects.requireNonNull(firstAt);
        Objects.requireNonNull(lastAt);
        if (count < 0 || lastSeq < count || senders < 0 || senders > count) {
            throw new IllegalArgumentException(
                    "stats count " + count + ", lastSeq " + lastSeq + ", senders " + senders);
        }
        if (firstAt.isPresent() != (count > 0) || lastAt.isPresent() != (count > 0)) {
            throw new IllegalArgumentException("first and last times go with messages");
        }
    }

    /** A log that holds nothing (yet, or since a clear). */
    public static MessageStats empty(long lastSeq) {
        return new MessageStats(0, lastSeq, 0, Optional.empty(), Optional.empty());
    }
}
