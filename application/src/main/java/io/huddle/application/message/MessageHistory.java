package io.huddle.application.message;

import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.message.RecentWindow;
import io.huddle.domain.session.SessionCode;
import java.util.Optional;

/**
 * Answers history questions from the recent messages when they hold the whole answer, else from the
 * log. The log's span (one small read) is what makes the recent copy safe to trust: it says which
 * seqs exist, so a copy that missed an append or still holds cleared messages is never believed.
 * A copy that fails is passed over. A log that fails (PostgreSQL down) leaves the copy as the only
 * source: a page it settles on its own ({@link RecentWindow}) is still answered, the same page with
 * the same {@code hasMore}; anything else fails the read with the log's failure.
 */
public final class MessageHistory {
    private static final System.Logger LOG = System.getLogger(MessageHistory.class.getName());

    private final MessageLog log;
    private final RecentMessages recent;

    public MessageHistory(MessageLog log, RecentMessages recent) {
        this.log = log;
        this.recent = recent;
    }

    /**
     * The answer to {@code query}; while the log is unavailable, the recent copy's when it settles it alone
     * (the latest page, and pages whose every message and whose {@code hasMore} the copy proves), else
     * the log's {@link StoreUnavailable}. History HTTP reads and {@code history:fetch} frames come here.
     */
    public HistoryPage page(SessionCode session, HistoryQuery query) {
        try {
            return page(session, query, log.span(session));
        } catch (StoreUnavailable logDown) {
            return withoutTheLog(session, query, logDown);
        }
    }

    /** Where an answer came from: the recent copy (Redis when connected) or the log (PostgreSQL). */
    public enum Source {
        RECENT,
        LOG
    }

    /** A page and where it was read, for callers that count which store fills their gaps. */
    public record Answer(HistoryPage page, Source source) {}

    /** {@link #page(SessionCode, HistoryQuery)}, saying which store answered. */
    public Answer answer(SessionCode session, HistoryQuery query) {
        var span = log.span(session);
        return fromRecent(session, query, span)
                .map(page -> new Answer(page, Source.RECENT))
                .orElseGet(() -> new Answer(log.page(session, query), Source.LOG));
    }

    /** The log's span now: which seqs exist. One small read. */
    public LogSpan span(SessionCode session) {
        return log.span(session);
    }

    /**
     * {@link #page(SessionCode, HistoryQuery)} against a span read before by {@link #span}, for a caller
     * that asks more than one question of the same moment (a welcome) and wants the span itself.
     */
    public HistoryPage page(SessionCode session, HistoryQuery query, LogSpan span) {
        return fromRecent(session, query, span).orElseGet(() -> log.page(session, query));
    }

    private HistoryPage withoutTheLog(SessionCode session, HistoryQuery query, StoreUnavailable logDown) {
        Optional<HistoryPage> answer;
        try {
            var newest = recent.latest(session, 1);
            answer = newest.isEmpty()
                    ? Optional.empty()
                    : new RecentWindow(recent.latest(
                                    session,
                                    RecentWindow.reach(query, newest.getFirst().seq())))
                            .answer(query);
        } catch (RuntimeException copyDown) {
            logDown.addSuppressed(copyDown);
            throw logDown;
        }
        // Not settled by the copy: the caller retries once the log is back, rather than get a guess.
        return answer.orElseThrow(() -> logDown);
    }

    private Optional<HistoryPage> fromRecent(SessionCode session, HistoryQuery query, LogSpan span) {
        try {
            return recent.page(session, query, span);
        } catch (RuntimeException e) {
            // The copy is a shortcut; the log can answer. DEBUG, since every read would log the same
            // outage, which the health probes report already.
            LOG.log(System.Logger.Level.DEBUG, () -> "recent messages unavailable, reading the log", e);
            return Optional.empty();
        }
    }
}
