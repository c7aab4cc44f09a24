package io.huddle.application.message;

import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.MessageStats;
import io.huddle.domain.message.SearchQuery;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A log that refuses every call while {@link #down}, appends and reads alike (as PostgreSQL out of reach
 * does), and counts the pages it is asked for, so tests see which reads the recent copy answered; and whose next
 * append can be made to die with an Error ({@link #nextAppendDiesWith}).
 */
final class FlakyMessageLog implements MessageLog {
    private final MessageLog log;
    private final AtomicInteger pages = new AtomicInteger();
    volatile boolean down;
    /** Thrown by the next append instead of appending, once. */
    volatile Error nextAppendDiesWith;

    FlakyMessageLog(MessageLog log) {
        this.log = log;
    }

    int pagesRead() {
        return pages.get();
    }

    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private void refuseWhileDown() {
        if (down) throw new StoreUnavailable("postgres", RETRY_AFTER);
    }

    /** Down is known down: as PostgreSQL's open breaker, it refuses without being asked. */
    @Override
    public void checkTakingAppends() {
        refuseWhileDown();
    }

    @Override
    public List<Appended> appendAll(List<Append> appends) {
        refuseWhileDown();
        var error = nextAppendDiesWith;
        if (error != null) {
            nextAppendDiesWith = null;
            throw error;
        }
        return log.appendAll(appends);
    }

    @Override
    public HistoryPage page(SessionCode session, HistoryQuery query) {
        refuseWhileDown();
        pages.incrementAndGet();
        return log.page(session, query);
    }

    @Override
    public List<Message> search(SessionCode session, SearchQuery query) {
        refuseWhileDown();
        return log.search(session, query);
    }

    @Override
    public MessageStats stats(SessionCode session) {
        refuseWhileDown();
        return log.stats(session);
    }

    @Override
    public void clear(SessionCode session) {
        refuseWhileDown();
        log.clear(session);
    }

    @Override
    public LogSpan span(SessionCode session) {
        refuseWhileDown();
        return log.span(session);
    }
}
