package io.huddle.application.realtime;

import io.huddle.application.concurrency.Meanwhile;
import io.huddle.application.concurrency.Scheduler;
import io.huddle.application.message.MessageHistory;
import io.huddle.application.session.ListMembers.MemberView;
import io.huddle.application.session.LiveSessions;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.message.Message;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import io.huddle.domain.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This gateway's side of the fan-out: it subscribes to a session's events while it holds a socket of
 * that session, and runs one {@link SessionFeed} per such session, so every socket receives the
 * session's messages exactly once and in seq order although the bus delivers at most once and in any
 * order. Messages this gateway's writer stored reach its feeds straight from the writer.
 *
 * <p>One ticker drives every socket's heartbeat. Once a heartbeat interval each feed also checks its
 * session against the stores, in one read for all its sockets, so an ending or a removal whose event was
 * lost still closes the sockets: the session ended (4004 with its reason), or a socket's member is no
 * longer a member (4001); the members active since the last check get their {@code lastSeenAt}; and a
 * feed behind the log's last seq catches up, so a message whose event was lost reaches the sockets even
 * when nothing after it reveals the gap; and what the sockets were told about members and who is online is
 * compared with the stores, so a {@code presence} event that never came is sent late rather than never
 * ({@link PresenceCorrections}). When the bus says it may have lost events, every feed catches up from the
 * log and checks at once, and reads the session's state: a write whose event was lost (made on another
 * gateway while Redis was away) reaches the sockets then.
 */
public final class Feeds {
    private static final System.Logger LOG = System.getLogger(Feeds.class.getName());
    /**
     * When every feed checks its session again after the bus resubscribed: once every gateway has put its
     * sockets back into Redis (within 5 s of Redis answering), so that who is online is compared as it is,
     * and once more to confirm what that check found ({@link PresenceCorrections#CONFIRM_AFTER}). Without
     * them presence corrections would wait for the heartbeat's checks.
     */
    static final List<Duration> CHECKS_AFTER_RESUBSCRIBING = List.of(
            Duration.ofSeconds(6),
            Duration.ofSeconds(6).plus(PresenceCorrections.CONFIRM_AFTER).plusSeconds(1));

    /** How long a message ahead of a missing one waits before the gap is read from the history. */
    public static final Duration GAP_WAIT = Duration.ofMillis(200);

    private final EventBus bus;
    private final MessageHistory history;
    private final SessionStore sessions;
    private final LiveSessions live;
    private final MemberStore members;
    private final PresenceStore presence;
    private final StateStore states;
    private final Scheduler scheduler;
    private final InstantSource clock;
    private final InstantSource ticker;
    private final Duration gapWait;
    private final Duration checkEvery;
    private final Duration tickEvery;
    private final Duration typingSilence;
    private final RealtimeMeters meters;
    /**
     * Read without a lock (the writer's hand-off of every stored message, the tick, the catch-ups); changed under
     * its monitor, which registering and leaving hold while they add a socket to a feed or take one out. Those
     * wait for the feed's own lock, which a feed holds while it hands a round to all its sockets: a reader that
     * waited for the monitor would wait for one big session's round, whatever session it was about.
     */
    private final Map<SessionCode, Entry> feeds = new ConcurrentHashMap<>();

    private static final class Entry {
        final SessionFeed feed;
        /** Completed once the bus confirmed the session's subscription (or failed to subscribe). */
        final CompletableFuture<EventBus.Subscription> subscription = new CompletableFuture<>();

        Instant nextCheck;

        Entry(SessionFeed feed, Instant nextCheck) {
            this.feed = feed;
            this.nextCheck = nextCheck;
        }

        /** Waits for the subscription; its failure rethrown as the subscriber saw it. */
        void awaitSubscribed() {
            Meanwhile.joined(subscription);
        }
    }

    /**
     * @param clock the wall clock: whether a session ended, the times presence corrections carry
     * @param ticker a clock that only moves forward ({@code MonotonicClock} in production): the heartbeat's
     *     ticks and each session's next check, so that a step of the wall clock closes no socket and stops no ping
     * @param checkEvery how often each session is checked against the stores (the heartbeat interval)
     * @param tickEvery how often the heartbeat clock ticks: a silent socket closes at most this late
     * @param typingSilence how long a typing start lasts here with no renewal or end from its gateway
     */
    public Feeds(
            EventBus bus,
            MessageHistory history,
            SessionStore sessions,
            LiveSessions live,
            MemberStore members,
            PresenceStore presence,
            StateStore states,
            Scheduler scheduler,
            InstantSource clock,
            InstantSource ticker,
            Duration gapWait,
            Duration checkEvery,
            Duration tickEvery,
            Duration typingSilence,
            RealtimeMeters meters) {
        this.bus = bus;
        this.history = history;
        this.sessions = sessions;
        this.live = live;
        this.members = members;
        this.presence = presence;
        this.states = states;
        this.scheduler = scheduler;
        this.clock = clock;
        this.ticker = ticker;
        this.gapWait = gapWait;
        this.checkEvery = checkEvery;
        this.tickEvery = tickEvery;
        this.typingSilence = typingSilence;
        this.meters = meters;
        bus.onResubscribed(() -> {
            scheduler.execute(this::catchUpAll);
            CHECKS_AFTER_RESUBSCRIBING.forEach(after -> scheduler.schedule(after, this::checkAll));
        });
        scheduler.schedule(tickEvery, this::tick);
    }

    /**
     * Adds {@code stream} to its session's feed, subscribing to the session first if this gateway had no
     * socket of it (returning once the bus confirmed the subscription). From the moment this returns the
     * stream receives every round the feed hands on, so a welcome read afterwards misses nothing.
     */
    void register(ConnectionStream stream) {
        stream.registered(register(stream.session(), stream));
    }

    /**
     * {@link #register(ConnectionStream)} for any recipient; its registration to baseline and close.
     *
     * <p>The subscription's round trip is waited for outside the lock on every feed: while one session's
     * first socket waits for Redis to confirm, sockets of other sessions open and the writer hands stored
     * messages to their feeds. A socket of the same session arriving meanwhile joins the new feed and waits
     * for the same confirmation.
     */
    ConnectionStream.FeedRegistration register(SessionCode session, Recipient recipient) {
        Entry entry;
        boolean first = false;
        synchronized (feeds) {
            entry = feeds.get(session);
            if (entry == null) {
                var feed = new SessionFeed(session, history, scheduler, gapWait, typingSilence, meters);
                entry = new Entry(feed, ticker.instant().plus(checkEvery));
                feeds.put(session, entry);
                first = true;
            }
            entry.feed.add(recipient);
        }
        if (first) subscribe(entry);
        try {
            entry.awaitSubscribed();
        } catch (RuntimeException | Error e) {
            leave(entry.feed, recipient);
            throw e;
        }
        return new Registered(entry.feed, recipient);
    }

    /**
     * Keeps {@code session}'s feed, subscribing to the session first if this gateway had no socket of it,
     * until the returned registration is closed: for a socket that registers with the feed only once its
     * presence is recorded, so that the subscription's round trip is made meanwhile. Holds a new feed's
     * first deliveries like a socket awaiting its welcome, so close it once the socket registered.
     */
    ConnectionStream.FeedRegistration hold(SessionCode session, MemberId member) {
        return register(session, new Placeholder(member));
    }

    /**
     * Stands for a socket about to register: receives nothing, never active, never closed by a check. A
     * class, not a record: two sockets of one member opening at once hold with two placeholders.
     */
    private static final class Placeholder implements Recipient {
        private final MemberId member;

        Placeholder(MemberId member) {
            this.member = member;
        }

        @Override
        public MemberId member() {
            return member;
        }

        @Override
        public void deliver(List<Delivery> round) {}

        @Override
        public void tick(Instant now) {}

        @Override
        public Optional<Instant> takeActivity() {
            return Optional.empty();
        }

        @Override
        public void revoked() {}
    }

    private void subscribe(Entry entry) {
        var feed = entry.feed;
        var session = feed.session();
        try {
            entry.subscription.complete(bus.subscribeRounds(session, round -> {
                forgetIfEnded(session, round);
                feed.accept(round);
            }));
        } catch (RuntimeException | Error e) {
            // Nobody gets this feed any more; its recipients (this one and any that joined meanwhile) fail too.
            synchronized (feeds) {
                if (feeds.get(session) == entry) feeds.remove(session);
                feed.close();
            }
            entry.subscription.completeExceptionally(e);
        }
    }

    /** Messages this gateway stored for {@code session}: to its sockets here, without waiting for the bus. */
    public void stored(Session session, List<Message> messages) {
        var entry = feeds.get(session.code());
        if (entry != null) entry.feed.offer(messages);
    }

    /** The sessions this gateway is subscribed to now. */
    public List<SessionCode> sessions() {
        return List.copyOf(feeds.keySet());
    }

    /**
     * Every feed reads what it may have missed (messages, and the state), and checks its session at once.
     * Run when the bus may have lost events: every 500 ms while Redis is away, and once it is back.
     */
    public void catchUpAll() {
        for (var entry : entries()) {
            entry.feed.catchUp();
            check(entry.feed);
            readState(entry.feed);
        }
    }

    private void checkAll() {
        for (var entry : entries()) check(entry.feed);
    }

    /** Every feed now, copied so that the work on each runs on a list of its own. */
    private List<Entry> entries() {
        return List.copyOf(feeds.values());
    }

    private void readState(SessionFeed feed) {
        try {
            feed.state(states.get(feed.session()));
        } catch (RuntimeException e) {
            // A store is down: the next catch-up reads it again.
            LOG.log(System.Logger.Level.DEBUG, () -> "reading the state of session " + feed.session() + " failed", e);
        }
    }

    /** One tick of the heartbeat clock: every socket's liveness, and the checks that are due. */
    void tick() {
        try {
            var now = ticker.instant();
            for (var entry : entries()) {
                for (var stream : entry.feed.streams()) stream.tick(now);
                if (!now.isBefore(entry.nextCheck)) {
                    entry.nextCheck = now.plus(checkEvery);
                    scheduler.execute(() -> check(entry.feed));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a heartbeat tick failed", e);
        } finally {
            scheduler.schedule(tickEvery, this::tick);
        }
    }

    /**
     * The session against the stores: ended, members removed, members active, presence events that never came.
     * One read of each for all sockets.
     */
    void check(SessionFeed feed) {
        var code = feed.session();
        try {
            var now = clock.instant();
            var ended = sessions.find(code).map(s -> s.endReasonAt(now)).orElse(Optional.empty());
            if (ended.isPresent()) {
                live.forget(code);
                feed.accept(List.of(new SessionEvent.SessionEnded(code, ended.get())));
                return;
            }
            long mark = feed.presenceMark();
            var roster = members.list(code);
            var current = new HashSet<MemberId>();
            roster.forEach(m -> current.add(m.id()));
            for (var stream : feed.streams()) {
                if (!current.contains(stream.member())) {
                    stream.revoked();
                    continue;
                }
                stream.takeActivity().ifPresent(at -> members.seen(code, stream.member(), at));
            }
            correctPresence(feed, mark, roster);
            // The log against what the feed handed on: a message whose event the bus lost, with no later
            // one to show the gap (the last of a burst, across a Redis failover), is read from the log
            // here, one heartbeat late at worst, instead of never.
            long delivered = feed.delivered();
            // Before its first welcome a feed has nothing to catch up from: no read.
            if (delivered != SessionFeed.UNKNOWN && history.span(code).lastSeq() > delivered) feed.catchUp();
        } catch (RuntimeException e) {
            // A store is down: the sockets stay, and the next check asks again.
            LOG.log(System.Logger.Level.DEBUG, () -> "checking session " + code + " failed", e);
        }
    }

    /** The roster read after {@code mark}, and who is online read now, against what the feed's sockets were told. */
    private void correctPresence(SessionFeed feed, long mark, List<Member> roster) {
        var code = feed.session();
        var everywhere = presence.onlineEverywhere(code);
        var online = everywhere.orElseGet(() -> presence.online(code));
        // On the ticker: a correction waits for a later check some seconds on, and a step back of the wall clock
        // (an NTP correction, a resumed virtual machine) would hold every correction up for as long as the step.
        feed.correctPresence(
                mark, roster, online, everywhere.isPresent(), Headcount.of(roster, online), ticker.instant());
    }

    /** This process's near copy of a session must not outlive the session's end. */
    private void forgetIfEnded(SessionCode session, List<SessionEvent> round) {
        for (var event : round) {
            if (event instanceof SessionEvent.SessionEnded) live.forget(session);
        }
    }

    private void leave(SessionFeed feed, Recipient stream) {
        Entry left;
        synchronized (feeds) {
            if (!feed.remove(stream)) return;
            var entry = feeds.get(feed.session());
            if (entry == null || entry.feed != feed) return;
            feeds.remove(feed.session());
            feed.close();
            left = entry;
        }
        // Outside the lock, as subscribing is; a subscription still being confirmed is closed once it is.
        left.subscription.thenAccept(EventBus.Subscription::close);
    }

    private final class Registered implements ConnectionStream.FeedRegistration {
        private final SessionFeed feed;
        private final Recipient stream;
        /** Taken before the stream's welcome is read: whether a presence event crossed that read. */
        private final long presenceMark;

        private boolean closed;

        Registered(SessionFeed feed, Recipient stream) {
            this.feed = feed;
            this.stream = stream;
            this.presenceMark = feed.presenceMark();
        }

        @Override
        public void baseline(long lastSeq, List<MemberView> members) {
            feed.baseline(stream, lastSeq);
            feed.told(presenceMark, members);
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            leave(feed, stream);
        }
    }
}
