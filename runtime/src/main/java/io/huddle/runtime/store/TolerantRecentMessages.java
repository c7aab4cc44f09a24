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
 * waits until Redis answers ({@link HotCopyRepairs}). Reads and appends pass through (their callers fall
 * back to the log, and history never believes the copy about seqs the log's span excludes).
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
        return recent.latest(session, count);
    }

    @Override
    public void clear(SessionCode session) {
        repairs.now("recent:" + session.value(), () -> recent.clear(session));
    }

    @Override
    public String toString() {
        return "TolerantRecentMessages[" + recent + "]";
    }
}
