package io.huddle.application.memory;

import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Each session's newest messages in a map sorted by seq, behind one read-write lock. A session's
 * window is gone once its {@code expiresAt} has passed.
 */
public final class InMemoryRecentMessages implements RecentMessages {
    private final int capacity;
    private final InstantSource clock;
    private final Map<SessionCode, Window> windows = new HashMap<>();
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** Keeps at most {@code capacity} messages per session ({@code HUDDLE_HISTORY_CACHE_SIZE}). */
    public InMemoryRecentMessages(int capacity, InstantSource clock) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity);
        this.capacity = capacity;
        this.clock = clock;
    }

    private record Window(Instant expiresAt, NavigableMap<Long, Message> messages) {
        boolean isLiveAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    @Override
    public void append(Session session, Message message) {
        var now = clock.instant();
        lock.writeLock().lock();
        try {
            expiries.drain(now, windows::remove);
            if (!now.isBefore(session.expiresAt())) return;
            var window = windows.get(session.code());
            if (window == null) {
                window = new Window(session.expiresAt(), new TreeMap<>());
                windows.put(session.code(), window);
                expiries.schedule(session.code(), session.expiresAt());
            }
            window.messages().putIfAbsent(message.seq(), message);
            while (window.messages().size() > capacity) window.messages().pollFirstEntry();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Optional<HistoryPage> page(SessionCode session, HistoryQuery query, LogSpan span) {
        var range = query.rangeIn(span);
        if (range.isEmpty()) return Optional.of(HistoryPage.EMPTY);
        var now = clock.instant();
        lock.readLock().lock();
        try {
            return liveWindow(session, now)
                    .map(window -> window.messages().subMap(range.first(), true, range.last(), true))
                    // Seqs are distinct whole numbers, so as many as the range has means every one of them.
                    .filter(held -> held.size() == range.size())
                    .map(held -> new HistoryPage(List.copyOf(held.values()), range.hasMore()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Message> latest(SessionCode session, int count) {
        if (count < 0) throw new IllegalArgumentException("count " + count);
        var now = clock.instant();
        lock.readLock().lock();
        try {
            return liveWindow(session, now)
                    .map(window -> {
                        var newestFirst = window.messages().descendingMap().values().stream()
                                .limit(count)
                                .toList();
                        return newestFirst.reversed();
                    })
                    .orElse(List.of());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void clear(SessionCode session) {
        lock.writeLock().lock();
        try {
            windows.remove(session);
            expiries.forget(session);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Optional<Window> liveWindow(SessionCode session, Instant now) {
        return Optional.ofNullable(windows.get(session)).filter(window -> window.isLiveAt(now));
    }
}
