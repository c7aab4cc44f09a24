package io.huddle.application.message;

import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.util.List;
import java.util.Optional;

/** A recent copy whose store is down. */
final class BrokenRecentMessages implements RecentMessages {
    @Override
    public void append(Session session, Message message) {
        throw new IllegalStateException("recent messages down");
    }

    @Override
    public Optional<HistoryPage> page(SessionCode session, HistoryQuery query, LogSpan span) {
        throw new IllegalStateException("recent messages down");
    }

    @Override
    public List<Message> latest(SessionCode session, int count) {
        throw new IllegalStateException("recent messages down");
    }

    @Override
    public void clear(SessionCode session) {
        throw new IllegalStateException("recent messages down");
    }
}
