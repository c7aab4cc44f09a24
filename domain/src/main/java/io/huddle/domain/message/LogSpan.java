package io.huddle.domain.message;

/**
 * Which seqs a session's log holds: every one in {@code (clearedThrough, lastSeq]} and no other, since
 * seq is assigned with the insert (no gaps) and only a clear removes messages (all up to then).
 * {@code lastSeq} is 0 before the first message; {@code clearedThrough} is 0 until the first clear.
 */
public record LogSpan(long clearedThrough, long lastSeq) {
    public static final LogSpan EMPTY = new LogSpan(0, 0);

    public LogSpan {
        if (clearedThrough < 0 || lastSeq < clearedThrough) {
            throw new IllegalArgumentException("span (" + clearedThrough + ", " + lastSeq + "]");
        }
    }

    public long count() {
        return lastSeq - clearedThrough;
    }

    /** The first seq still held, when any is. */
    public long firstSeq() {
        return clearedThrough + 1;
    }
}
