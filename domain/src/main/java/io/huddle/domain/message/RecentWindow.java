package io.huddle.domain.message;

import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The newest messages a recent copy holds, read while the log cannot be asked (PostgreSQL down), and the
 * history questions they settle on their own. Without the log's span the copy must be its own proof:
 *
 * <ul>
 *   <li>only the unbroken run of seqs that ends at the newest held message is used: a gap shows the copy
 *       missed an append, and then its newest is not trusted either;
 *   <li>that newest stands for the log's newest: nothing can be stored while the log is down;
 *   <li>whether older messages exist is settled by seq 1 (nothing lies below it) or by a held message just
 *       below the page; anything else may have been cleared or only trimmed from the copy, so it is not
 *       guessed.
 * </ul>
 *
 * A cleared history never comes back: clearing empties the copy, and seqs are never reused.
 */
public final class RecentWindow {
    private final NavigableMap<Long, Message> bySeq = new TreeMap<>();
    private final long runStart;

    /** {@code messages}: what the copy holds of the newest ones, in any order. */
    public RecentWindow(List<Message> messages) {
        messages.forEach(m -> bySeq.put(m.seq(), m));
        long start = bySeq.isEmpty() ? 1 : bySeq.lastKey();
        while (bySeq.containsKey(start - 1)) start--;
        this.runStart = start;
    }

    /**
     * How many of the newest messages the copy must give for {@link #answer} to settle {@code query} when the
     * newest it holds is {@code newest}: the page, every message above it, and the one just below it.
     */
    public static int reach(HistoryQuery query, long newest) {
        long count = switch (query.position()) {
            case HistoryQuery.Latest latest -> query.limit() + 1L;
            case HistoryQuery.Before before -> newest - Math.min(before.seq() - 1, newest) + query.limit() + 1;
            case HistoryQuery.After after -> Math.max(1, newest - after.seq());
        };
        return (int) Math.min(count, Integer.MAX_VALUE);
    }

    /** The page the log would answer, with the same {@code hasMore}; empty when the window cannot tell for sure. */
    public Optional<HistoryPage> answer(HistoryQuery query) {
        if (bySeq.isEmpty()) return Optional.empty(); // cleared, expired or never copied: nothing to go by
        long newest = bySeq.lastKey();
        return switch (query.position()) {
            case HistoryQuery.Latest latest -> backwardsFrom(newest, query.limit());
            case HistoryQuery.Before before -> backwardsFrom(Math.min(before.seq() - 1, newest), query.limit());
            case HistoryQuery.After after -> forwardsFrom(after.seq() + 1, newest, query.limit());
        };
    }

    private Optional<HistoryPage> backwardsFrom(long last, int limit) {
        if (last < 1) return Optional.of(HistoryPage.EMPTY); // seq 1 is a session's first
        long first = Math.max(1, last - limit + 1);
        if (first < runStart) return Optional.empty();
        if (first == 1) return Optional.of(page(first, last, false));
        if (first - 1 >= runStart) return Optional.of(page(first, last, true));
        return Optional.empty(); // the seq below the page may be cleared, or only missing from the copy
    }

    private Optional<HistoryPage> forwardsFrom(long first, long newest, int limit) {
        if (first > newest) return Optional.of(HistoryPage.EMPTY);
        if (first < runStart) return Optional.empty();
        long last = Math.min(newest, first + limit - 1);
        return Optional.of(page(first, last, last < newest));
    }

    private HistoryPage page(long first, long last, boolean hasMore) {
        return new HistoryPage(List.copyOf(bySeq.subMap(first, true, last, true).values()), hasMore);
    }
}
