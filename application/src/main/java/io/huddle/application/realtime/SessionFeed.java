package io.huddle.application.realtime;

import io.huddle.application.concurrency.Scheduler;
import io.huddle.application.message.MessageHistory;
import io.huddle.application.session.ListMembers.MemberView;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.Message;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One session's sequencer on this gateway. Messages reach it at most once each but in any order (the
 * bus, this gateway's own writer, the log); it hands them to its streams strictly in seq order, each
 * once. A message that arrives ahead of a missing one is held; a gap still open after {@code gapWait} is
 * filled from the history (recent copy or log), which also tells which seqs were cleared and so will
 * never come. Other events go on in arrival order.
 *
 * <p>What arrives together (one bus payload, one group commit) goes to every stream as one round, so a
 * socket writes it in one go. Rounds are handed on under this object's lock: every stream sees the same
 * rounds in the same order, and a stream added under the lock receives exactly the rounds after that,
 * which is what makes a welcome exact.
 */
final class SessionFeed {
    private static final System.Logger LOG = System.getLogger(SessionFeed.class.getName());
    static final long UNKNOWN = -1;
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final SessionCode session;
    private final MessageHistory history;
    private final Scheduler scheduler;
    private final Duration gapWait;
    private final RealtimeMeters meters;
    private final HeardTyping typing;
    private final PresenceCorrections presence;
    private final List<Recipient> streams = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private long delivered = UNKNOWN;
    private long known;
    /** The newest state version handed on (0: none yet). */
    private long stateVersion;

    private final TreeMap<Long, Message> held = new TreeMap<>();
    /** Streams added before the feed knew where the session stands, whose welcome has not said it yet. */
    private final java.util.Set<Recipient> awaiting = new java.util.HashSet<>();
    /** The lowest {@code lastSeq} their welcomes said so far. */
    private long lowestBaseline = Long.MAX_VALUE;

    private Scheduler.Cancellable gapTimer;
    private boolean filling;
    private boolean closed;

    /**
     * @param typingSilence how long a typing start heard here lasts without a renewal or an end before
     *     the feed ends it itself ({@link TypingSignals#silenceAfter})
     */
    SessionFeed(
            SessionCode session,
            MessageHistory history,
            Scheduler scheduler,
            Duration gapWait,
            Duration typingSilence,
            RealtimeMeters meters) {
        this.session = session;
        this.history = history;
        this.scheduler = scheduler;
        this.gapWait = gapWait;
        this.meters = meters;
        this.typing = new HeardTyping(scheduler, typingSilence, this, this::typistSilent);
        this.presence = new PresenceCorrections(session);
    }

    SessionCode session() {
        return session;
    }

    synchronized void add(Recipient stream) {
        streams.add(stream);
        if (delivered == UNKNOWN) awaiting.add(stream);
    }

    /** True when no stream is left. */
    synchronized boolean remove(Recipient stream) {
        streams.remove(stream);
        if (awaiting.remove(stream)) settle();
        return streams.isEmpty();
    }

    List<Recipient> streams() {
        return List.copyOf(streams);
    }

    synchronized void close() {
        closed = true;
        if (gapTimer != null) gapTimer.cancel();
        gapTimer = null;
        held.clear();
        typing.clear();
    }

    /** Events that arrived together (the bus, this gateway's writer); never blocks. */
    synchronized void accept(List<SessionEvent> events) {
        if (closed) return;
        var round = new ArrayList<Delivery>(events.size());
        for (var event : events) {
            if (event instanceof SessionEvent.MessagePosted posted) {
                offer(posted.message());
                if (delivered != UNKNOWN) drainInto(round);
            } else if (!(event instanceof SessionEvent.Typing signal) || typing.shown(signal)) {
                if (event instanceof SessionEvent.StateUpdated updated) {
                    stateVersion = Math.max(stateVersion, updated.state().version());
                }
                presence.heard(event);
                round.add(Delivery.of(event));
            }
        }
        hand(round, RealtimeMeters.FeedPath.BUS);
    }

    /** Under the lock: a typist's gateway went silent, so the feed ends its typing for the sockets here. */
    private void typistSilent(SessionEvent.Typing end) {
        if (closed) return;
        hand(List.of(Delivery.of(end)), RealtimeMeters.FeedPath.BUS);
    }

    /** Messages this gateway's writer stored: they join the feed as if the bus brought them. */
    synchronized void offer(List<Message> stored) {
        if (closed) return;
        stored.forEach(this::offer);
        var round = new ArrayList<Delivery>(stored.size());
        if (delivered != UNKNOWN) drainInto(round);
        hand(round, RealtimeMeters.FeedPath.LOCAL);
    }

    /**
     * The log held every seq up to {@code lastSeq} when {@code stream}'s welcome was read. Before the first
     * welcomes the feed does not know where the session stands: it holds what arrives until every stream
     * added meanwhile has said its {@code lastSeq}, and starts after the lowest of them. Starting after the
     * first one to answer would be wrong: a stream whose welcome was read earlier (a lower {@code lastSeq})
     * but answered later would never receive the messages in between.
     */
    synchronized void baseline(Recipient stream, long lastSeq) {
        if (closed) return;
        if (awaiting.remove(stream)) lowestBaseline = Math.min(lowestBaseline, lastSeq);
        settle();
        if (delivered == UNKNOWN) return;
        known = Math.max(known, lastSeq);
        var round = new ArrayList<Delivery>();
        drainInto(round);
        // What waited for the first welcome came over the bus or from this gateway's writer; either way
        // its lag is real, and the bus is the likelier path.
        hand(round, RealtimeMeters.FeedPath.BUS);
    }

    /** Under the lock: once no stream awaits its welcome, the feed starts after the lowest baseline. */
    private void settle() {
        if (delivered != UNKNOWN || !awaiting.isEmpty() || lowestBaseline == Long.MAX_VALUE) return;
        delivered = lowestBaseline;
        held.headMap(delivered, true).clear();
        known = Math.max(known, delivered);
        var round = new ArrayList<Delivery>();
        drainInto(round);
        hand(round, RealtimeMeters.FeedPath.BUS);
    }

    /**
     * The session's state as the store holds it: handed on when it is newer than every version the feed
     * handed on, since its event was lost (written on another gateway while Redis was away). A socket
     * that has that version already drops it.
     */
    synchronized void state(SharedState state) {
        if (closed || state.version() <= stateVersion) return;
        stateVersion = state.version();
        hand(List.of(Delivery.of(new SessionEvent.StateUpdated(session, state))), RealtimeMeters.FeedPath.HISTORY);
    }

    /**
     * A welcome read after {@link #presenceMark} returned {@code mark} told a socket these members and who of
     * them is online: what the feed's presence corrections start from, when they know nothing yet.
     */
    synchronized void told(long mark, List<MemberView> members) {
        if (closed) return;
        presence.told(mark, members);
    }

    /** Read before the roster and who is online are, for {@link #correctPresence}. */
    synchronized long presenceMark() {
        return presence.mark();
    }

    /**
     * The roster and who is online as the stores have them, read after {@link #presenceMark} returned {@code
     * mark}: what the sockets were told is corrected where an event never came ({@link PresenceCorrections}).
     */
    synchronized void correctPresence(
            long mark,
            List<Member> members,
            Set<MemberId> online,
            boolean everywhere,
            Headcount headcount,
            Instant now) {
        if (closed) return;
        var corrections = presence.correct(mark, members, online, everywhere, headcount, now);
        if (corrections.isEmpty()) return;
        LOG.log(
                System.Logger.Level.INFO,
                () -> "session " + session + ": " + corrections.size()
                        + " presence event(s) that never came, sent now");
        hand(corrections.stream().map(Delivery::of).toList(), RealtimeMeters.FeedPath.HISTORY);
    }

    /** Events may have been lost (the bus reconnected): read what the log has past the last delivered. */
    synchronized void catchUp() {
        if (closed || delivered == UNKNOWN || filling) return;
        if (gapTimer != null) gapTimer.cancel();
        arm(Duration.ZERO);
    }

    /** For tests and metrics: the last seq handed to the streams, or {@link #UNKNOWN}. */
    synchronized long delivered() {
        return delivered;
    }

    private void offer(Message message) {
        if (delivered != UNKNOWN && message.seq() <= delivered) return;
        if (held.putIfAbsent(message.seq(), message) == null && delivered != UNKNOWN && message.seq() > delivered + 1) {
            meters.heldBack();
        }
        known = Math.max(known, message.seq());
    }

    /** Moves every message that is next in line into {@code round}; arms the gap timer when one is missing. */
    private void drainInto(List<Delivery> round) {
        while (!held.isEmpty() && held.firstKey() <= delivered + 1) {
            var next = held.pollFirstEntry().getValue();
            if (next.seq() > delivered) {
                delivered = next.seq();
                round.add(Delivery.of(new SessionEvent.MessagePosted(session, next)));
            }
        }
        if (known > delivered && gapTimer == null && !filling) arm(gapWait);
    }

    private void hand(List<Delivery> round, RealtimeMeters.FeedPath path) {
        if (round.isEmpty()) return;
        var shared = List.copyOf(round);
        // Counted before the round is handed on (a stream writes it out at once): a client holding one of its
        // events finds the delivery and the message's fan-out on /metrics.
        meters.delivered(shared.size(), streams.size());
        for (var delivery : shared) {
            if (delivery.event() instanceof SessionEvent.MessagePosted posted) meters.fannedOut(posted.message(), path);
        }
        for (var stream : streams) {
            try {
                stream.deliver(shared);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a stream failed on a round of session " + session, e);
            }
        }
    }

    private void arm(Duration delay) {
        gapTimer = scheduler.schedule(delay, this::fill);
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
        MessageHistory.Answer answer;
        try {
            answer = history.answer(session, HistoryQuery.after(from, HistoryQuery.MAX_INTERNAL_LIMIT));
        } catch (RuntimeException | Error e) {
            // An Error too: left filling, the feed would never fill a gap again, and hold all behind it.
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
        HistoryPage page = answer.page();
        synchronized (this) {
            filling = false;
            if (closed) return;
            meters.gapFilled(page.messages().size(), answer.source());
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
            var round = new ArrayList<Delivery>();
            while (!held.isEmpty() && held.firstKey() <= through) {
                var next = held.pollFirstEntry().getValue();
                if (next.seq() > delivered) {
                    delivered = next.seq();
                    round.add(Delivery.of(new SessionEvent.MessagePosted(session, next)));
                }
            }
            delivered = Math.max(delivered, through);
            if (page.hasMore()) {
                arm(Duration.ZERO);
            } else {
                drainInto(round);
            }
            hand(round, RealtimeMeters.FeedPath.HISTORY);
        }
    }
}
