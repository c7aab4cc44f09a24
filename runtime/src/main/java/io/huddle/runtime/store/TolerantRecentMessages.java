package io.huddle.runtime.store;

import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.util.List;
import java.util.Optional;

/**
 * The Redis copy of recent messages, whose clearing never fails its caller: a clear that cannot reach Redis
 * waits until Redis answers ({@link HotCopyRepairs}). Appends and pages pass through (their callers fall
 * back to the log, and a page never believes the copy about seqs the log's span excludes). {@link #latest},
 * read when the log cannot be, has no span to check against, so while this process's clear of a session
 * waits it answers nothing for that session rather than the messages the clear removed.
 */
public final class TolerantRecentMessages implements RecentMessages {
    private final RecentMessages recent;
    private final HotCopyRepairs repairs;

    public TolerantRecentMessages(RecentMessages recent, HotCopyRepairs repairs) {
        this.recent = recent;
        this.repairs = repairs;
    }

    @Override
    public void append(Session session, Message message) {
        recent.append(session, message);
    }

    @Override
    public Optional<HistoryPage> page(SessionCode session, HistoryQuery query, LogSpan span) {
        return recent.page(session, query, span);
    }

    @Override
    public List<Message> latest(SessionCode session, int count) {
        if (repairs.isPending(clearKey(session))) return List.of();
        return recent.latest(session, count);
    }

    @Override
    public void clear(SessionCode session) {
        repairs.now(clearKey(session), () -> recent.clear(session));
    }

    private static String clearKey(SessionCode session) {
        return "recent:" + session.value();
    }

    @Override
    public String toString() {
        return "TolerantRecentMessages[" + recent + "]";
    }
}
