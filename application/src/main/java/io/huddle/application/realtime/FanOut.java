package io.huddle.application.realtime;

import io.huddle.application.message.MessageHistory;
import io.huddle.application.session.SessionViews;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.message.Message;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This gateway's side of the fan-out: it subscribes to a session's events while it holds a socket of
 * that session, and runs one {@link SessionFeed} per such session, so every socket receives the
 * session's messages exactly once and in seq order although the bus delivers at most once and in any
 * order. When the bus says it may have lost events, every feed catches up from the log, and a session
 * that ended meanwhile is ended on this gateway's sockets too.
 */
public final class FanOut {
    private static final System.Logger LOG = System.getLogger(FanOut.class.getName());
    /** How long a message ahead of a missing one waits before the gap is read from the history. */
    public static final Duration GAP_WAIT = Duration.ofMillis(200);

    private final EventBus bus;
    private final MessageHistory history;
    private final SessionViews views;
    private final SessionStore sessions;
    private final Scheduler scheduler;
    private final InstantSource clock;
    private final Duration gapWait;
    private final Map<SessionCode, Entry> feeds = new HashMap<>();

    private record Entry(SessionFeed feed, EventBus.Subscription subscription) {}

    public FanOut(
            EventBus bus,
            MessageHistory history,
            SessionViews views,
            SessionStore sessions,
            Scheduler scheduler,
            InstantSource clock,
            Duration gapWait) {
        this.bus = bus;
        this.history = history;
        this.views = views;
        this.sessions = sessions;
        this.scheduler = scheduler;
        this.clock = clock;
        this.gapWait = gapWait;
        bus.onResubscribed(() -> scheduler.execute(this::catchUpAll));
    }

    /** A recipient's place in its session's feed. */
    public interface Registration {
        /**
         * The log held every seq up to {@code lastSeq} when the recipient's welcome was read; the
         * recipient itself drops what it receives up to there.
         */
        void baseline(long lastSeq);

        /** A message this gateway stored (a sender's own): it joins the feed as if the bus brought it. */
        void offer(Message message);

        /** The recipient leaves; the last one of a session ends this gateway's subscription to it. */
        void close();
    }

    /**
     * Adds {@code recipient} to its session's feed, subscribing to the session first if this gateway
     * had no socket of it. From the moment this returns the recipient receives every message the feed
     * delivers, so a welcome read afterwards misses nothing and the recipient drops what it already has.
     */
    public Registration register(SessionCode session, Recipient recipient) {
        SessionFeed feed;
        synchronized (feeds) {
            var entry = feeds.get(session);
            if (entry == null) {
                var created = new SessionFeed(session, history, scheduler, gapWait, this::headcount);
                entry = new Entry(created, bus.subscribe(session, created::accept));
                feeds.put(session, entry);
            }
            feed = entry.feed();
            feed.add(recipient);
        }
        return new Registered(feed, recipient);
    }

    /** The sessions this gateway is subscribed to now. */
    public List<SessionCode> sessions() {
        synchronized (feeds) {
            return List.copyOf(feeds.keySet());
        }
    }

    /** Every feed reads what it may have missed, and sessions that ended meanwhile end here too. */
    public void catchUpAll() {
        List<SessionFeed> all;
        synchronized (feeds) {
            all = feeds.values().stream().map(Entry::feed).toList();
        }
        for (var feed : all) {
            feed.catchUp();
            try {
                endedMeanwhile(feed.session())
                        .ifPresent(reason -> feed.accept(new SessionEvent.SessionEnded(feed.session(), reason)));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "checking whether session " + feed.session() + " ended failed", e);
            }
        }
    }

    private Optional<EndReason> endedMeanwhile(SessionCode session) {
        var now = clock.instant();
        return sessions.find(session).flatMap(s -> s.endReasonAt(now));
    }

    private Optional<Headcount> headcount(SessionCode session) {
        try {
            return Optional.of(views.headcount(session));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "reading the headcount of session " + session + " failed", e);
            return Optional.empty();
        }
    }

    private void leave(SessionFeed feed, Recipient recipient) {
        synchronized (feeds) {
            if (!feed.remove(recipient)) return;
            var entry = feeds.get(feed.session());
            if (entry == null || entry.feed() != feed) return;
            feeds.remove(feed.session());
            entry.subscription().close();
            feed.close();
        }
    }

    private final class Registered implements Registration {
        private final SessionFeed feed;
        private final Recipient recipient;
        private boolean closed;

        Registered(SessionFeed feed, Recipient recipient) {
            this.feed = feed;
            this.recipient = recipient;
        }

        @Override
        public void baseline(long lastSeq) {
            feed.baseline(lastSeq);
        }

        @Override
        public void offer(Message message) {
            feed.offer(message);
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            leave(feed, recipient);
        }
    }
}
