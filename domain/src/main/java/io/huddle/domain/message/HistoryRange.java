package io.huddle.domain.message;

/**
 * The seqs {@code first..last} that answer a history query (none when {@code first > last}), and
 * whether the log holds more beyond them in the direction of the query.
 */
public record HistoryRange(long first, long last, boolean hasMore) {
    public boolean isEmpty() {
        return first > last;
    }

    public long size() {
        return isEmpty() ? 0 : last - first + 1;
    }
}
