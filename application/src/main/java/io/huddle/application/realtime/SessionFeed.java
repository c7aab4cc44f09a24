package io.huddle.application.realtime;

import io.huddle.application.message.MessageHistory;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.Message;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * One session's sequencer on this gateway. Messages reach it at most once each but in any order (from
 * the bus, from this gateway's own senders, from the log); it hands them to its recipients strictly in
 * seq order, each once. A message that arrives ahead of a missing one is held; a gap still open after
 * {@code gapWait} is filled from the history (recent copy or log), which also tells which seqs were
 * cleared and so will never come. Other events are handed on in arrival order, on a queue of their own,
 * since presence events first read the headcount.
 *
 * <p>Message state changes, and deliveries, happen under this object's lock; a recipient added under
 * the lock receives exactly the messages delivered after that, which is what makes a welcome exact.
 */
final class SessionFeed {
    private static final System.Logger LOG = System.getLogger(SessionFeed.class.getName());
    static final long UNKNOWN = -1;
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final SessionCode session;
    private final MessageHistory history;
    private final Scheduler scheduler;
    private final Duration gapWait;
    private final Function<SessionCode, Optional<Headcount>> headcounts;
    private final SerialQueue events;
    private final List<Recipient> recipients = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private long delivered = UNKNOWN;
    private long known;
    private final TreeMap<Long, Message> held = new TreeMap<>();
    private Scheduler.Cancellable gapTimer;
    private boolean filling;
    private boolean closed;

    SessionFeed(
            SessionCode session,
            MessageHistory history,
            Scheduler scheduler,
            Duration gapWait,
            Function<SessionCode, Optional<Headcount>> headcounts) {
        this.session = session;
        this.history = history;
        this.scheduler = scheduler;
        this.gapWait = gapWait;
        this.headcounts = headcounts;
        this.events = new SerialQueue(scheduler);
    }

    SessionCode session() {
        return session;
    }

    synchronized void add(Recipient recipient) {
        recipients.add(recipient);
    }

    /** True when no recipient is left. */
    synchronized boolean remove(Recipient recipient) {
        recipients.remove(recipient);
        return recipients.isEmpty();
    }

    synchronized boolean isEmpty() {
        return recipients.isEmpty();
    }

    synchronized void close() {
        closed = true;
        if (gapTimer != null) gapTimer.cancel();
        gapTimer = null;
        held.clear();
    }

    /** An event from the bus. Never blocks: it runs on the bus's delivering thread. */
    void accept(SessionEvent event) {
        if (event instanceof SessionEvent.MessagePosted posted) {
            offer(posted.message());
        } else {
            events.submit(() -> dispatch(event));
        }
    }

    /** A message this gateway knows is stored (the bus, or a sender on this gateway). */
    synchronized void offer(Message message) {
        if (closed) return;
        if (delivered != UNKNOWN && message.seq() <= delivered) return;
        held.putIfAbsent(message.seq(), message);
        known = Math.max(known, message.seq());
        if (delivered != UNKNOWN) drain();
    }

    /**
     * The log held every seq up to {@code lastSeq} when a recipient's welcome was read. Before the
     * first welcome the feed does not know where the session stands; the first one tells it.
     */
    synchronized void baseline(long lastSeq) {
        if (closed) return;
        if (delivered == UNKNOWN) {
            delivered = lastSeq;
            held.headMap(lastSeq, true).clear();
        }
        known = Math.max(known, lastSeq);
        drain();
    }

    /** Events may have been lost (the bus reconnected): read what the log has past the last delivered. */
    synchronized void catchUp() {
        if (closed || delivered == UNKNOWN || filling) return;
        if (gapTimer != null) gapTimer.cancel();
        arm(Duration.ZERO);
    }

    /** For tests and metrics: the last seq handed to the recipients, or {@link #UNKNOWN}. */
    synchronized long delivered() {
        return delivered;
    }

    private void drain() {
        while (!held.isEmpty() && held.firstKey() <= delivered + 1) {
            var next = held.pollFirstEntry().getValue();
            if (next.seq() > delivered) deliver(next);
        }
        if (known > delivered && gapTimer == null && !filling) arm(gapWait);
    }

    private void arm(Duration delay) {
        gapTimer = scheduler.schedule(delay, this::fill);
    }

    private void deliver(Message message) {
        delivered = message.seq();
        for (var recipient : recipients) {
            try {
                recipient.message(message);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a recipient failed on a message of session " + session, e);
            }
        }
    }

    private void fill() {
        long from;
        long knownAtRead;
        synchronized (this) {
            gapTimer = null;
            if (closed || delivered == UNKNOWN) return;
            from = delivered;
            knownAtRead = known;
            filling = true;
        }
        HistoryPage page;
        try {
            page = history.page(session, HistoryQuery.after(from, HistoryQuery.MAX_INTERNAL_LIMIT));
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "filling a gap after seq " + from + " of session " + session + " failed; retrying",
                    e);
            synchronized (this) {
                filling = false;
                if (!closed) arm(RETRY_AFTER_FAILURE);
            }
            return;
        }
        synchronized (this) {
            filling = false;
            if (closed) return;
            for (var message : page.messages()) {
                if (message.seq() > delivered) held.putIfAbsent(message.seq(), message);
            }
            // The log holds every seq that still exists, so up to the page's end a seq it lacks was
            // cleared and will never come: what is held up to there goes out now, holes and all. An
            // empty page means nothing after `from` existed when it was read, up to what was known then.
            long through = page.messages().isEmpty()
                    ? knownAtRead
                    : page.messages().getLast().seq();
            known = Math.max(known, through);
            while (!held.isEmpty() && held.firstKey() <= through) {
                var next = held.pollFirstEntry().getValue();
                if (next.seq() > delivered) deliver(next);
            }
            delivered = Math.max(delivered, through);
            if (page.hasMore()) {
                arm(Duration.ZERO);
            } else {
                drain();
            }
        }
    }

    private void dispatch(SessionEvent event) {
        Optional<Headcount> headcount = switch (event) {
            case SessionEvent.MemberJoined e -> headcounts.apply(session);
            case SessionEvent.MemberLeft e -> headcounts.apply(session);
            case SessionEvent.MemberOnline e -> headcounts.apply(session);
            case SessionEvent.MemberOffline e -> headcounts.apply(session);
            default -> Optional.empty();
        };
        for (var recipient : recipients) {
            if (event instanceof SessionEvent.Typing typing && typing.member().equals(recipient.member())) continue;
            try {
                recipient.event(event, headcount);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a recipient failed on an event of session " + session, e);
            }
        }
    }
}
