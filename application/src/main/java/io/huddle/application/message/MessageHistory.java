package io.huddle.application.message;

import io.huddle.application.port.MessageLog;
import io.huddle.application.port.RecentMessages;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.session.SessionCode;

/**
 * Answers history questions from the recent messages when they hold the whole answer, else from the
 * log. The log's span (one small read) is what makes the recent copy safe to trust: it says which
 * seqs exist, so a copy that missed an append or still holds cleared messages is never believed.
 */
public final class MessageHistory {
    private final MessageLog log;
    private final RecentMessages recent;

    public MessageHistory(MessageLog log, RecentMessages recent) {
        this.log = log;
        this.recent = recent;
    }

    public HistoryPage page(SessionCode session, HistoryQuery query) {
        var span = log.span(session);
        return recent.page(session, query, span).orElseGet(() -> log.page(session, query));
    }
}
