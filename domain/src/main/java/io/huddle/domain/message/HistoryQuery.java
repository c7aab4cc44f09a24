package io.huddle.domain.message;

import io.huddle.domain.text.Violations;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A question for a session's history: the latest messages, the ones before a seq (paging back) or
 * after one (catching up), at most {@code limit} of them, always answered ascending by seq.
 * {@code hasMore} looks backwards for latest and before, and forwards for after.
 */
public record HistoryQuery(Position position, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    /** The most a recovering socket asks for at once (the welcome's {@code since}). */
    public static final int MAX_INTERNAL_LIMIT = 1000;
    /** Seqs a JavaScript client can hold exactly (2^53 - 1); also keeps range arithmetic far from overflow. */
    public static final long MAX_SEQ = 9_007_199_254_740_991L;

    /** Where a page lies. */
    public sealed interface Position {}

    /** The newest messages. */
    public record Latest() implements Position {}

    /** Messages with a seq below {@code seq}, the newest of them. */
    public record Before(long seq) implements Position {}

    /** Messages with a seq above {@code seq}, the oldest of them. */
    public record After(long seq) implements Position {}

    public HistoryQuery {
        Objects.requireNonNull(position);
        if (limit < 1 || limit > MAX_INTERNAL_LIMIT) throw new IllegalArgumentException("limit " + limit);
        long seq = switch (position) {
            case Latest latest -> 0;
            case Before before -> before.seq();
            case After after -> after.seq();
        };
        if (seq < 0 || seq > MAX_SEQ) throw new IllegalArgumentException("seq " + seq);
    }

    public static HistoryQuery latest(int limit) {
        return new HistoryQuery(new Latest(), limit);
    }

    public static HistoryQuery before(long seq, int limit) {
        return new HistoryQuery(new Before(seq), limit);
    }

    public static HistoryQuery after(long seq, int limit) {
        return new HistoryQuery(new After(seq), limit);
    }

    /** A client's question: at most one of before and after, each 0..2^53-1; limit 1..100 (default 50). */
    public static Optional<HistoryQuery> of(
            OptionalLong before, OptionalLong after, OptionalLong limit, Violations violations) {
        before.ifPresent(seq -> violations.range("before", seq, 0, MAX_SEQ));
        after.ifPresent(seq -> violations.range("after", seq, 0, MAX_SEQ));
        if (before.isPresent() && after.isPresent()) violations.add("after", "cannot be combined with before");
        long checkedLimit = violations.range("limit", limit.orElse(DEFAULT_LIMIT), 1, MAX_LIMIT);
        if (!violations.isEmpty()) return Optional.empty();
        Position position = before.isPresent()
                ? new Before(before.getAsLong())
                : after.isPresent() ? new After(after.getAsLong()) : new Latest();
        return Optional.of(new HistoryQuery(position, (int) checkedLimit));
    }

    /** The seqs that answer this query in a log holding {@code span}; every one of them is in the log. */
    public HistoryRange rangeIn(LogSpan span) {
        long oldest = span.firstSeq();
        return switch (position) {
            case Latest latest -> backwardsFrom(span.lastSeq(), oldest);
            case Before before -> backwardsFrom(Math.min(before.seq() - 1, span.lastSeq()), oldest);
            case After after -> {
                long first = Math.max(after.seq() + 1, oldest);
                long last = Math.min(span.lastSeq(), first + limit - 1);
                yield first > last
                        ? new HistoryRange(first, last, false)
                        : new HistoryRange(first, last, last < span.lastSeq());
            }
        };
    }

    private HistoryRange backwardsFrom(long last, long oldest) {
        if (last < oldest) return new HistoryRange(oldest, last, false);
        long first = Math.max(oldest, last - limit + 1);
        return new HistoryRange(first, last, first > oldest);
    }
}
