package io.huddle.application.realtime;

import io.huddle.application.auth.Caller;
import io.huddle.application.concurrency.Scheduler;
import io.huddle.application.limit.CheckLimits;
import io.huddle.application.message.GetHistory;
import io.huddle.application.message.SendMessage;
import io.huddle.application.realtime.ServerEvent.ErrorKind;
import io.huddle.application.session.ListMembers.MemberView;
import io.huddle.application.session.RemoveMember;
import io.huddle.application.session.SessionAccess;
import io.huddle.application.state.UpdateState;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.limit.Verdict;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.message.Message;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violation;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One open socket, as a single-threaded state machine: the welcome baseline, what it holds back and why,
 * the acks of its own sends, the state versions it wrote, duplicates dropped by seq, and its heartbeat.
 * The edge only translates: frames in ({@link #frame}), the socket's close ({@link #closed}), bytes out
 * ({@link Sink}). Every state change happens under this object's lock; nothing that waits on a store
 * runs under it.
 *
 * <p><b>Exactly once, in order.</b> The stream joins its session's feed before its welcome is read, holds
 * what the feed hands it meanwhile, and afterwards drops every message up to the welcome's
 * {@code lastSeq}. A message of its own member arriving while a send of this socket awaits its commit is
 * held (with everything behind it) until the send's outcome says whether it is this socket's: then it goes
 * out as the {@code message:ack}, in its seq's place, so an ack never overtakes an earlier message and
 * the sender never sees its message twice. The same for state: its own write's {@code state:updated} is
 * not shown back; the {@code state:ack} says it.
 */
public final class ConnectionStream implements Recipient {
    private static final System.Logger LOG = System.getLogger(ConnectionStream.class.getName());

    /** A client silent for this many heartbeats is closed (PROTOCOL.md section 5). */
    public static final int MISSED_HEARTBEATS = 3;

    /**
     * What a stream works with: the use cases its frames call, its clock (the wall clock: what is stored and
     * shown), its ticker (monotonic: what times its liveness, {@link io.huddle.application.concurrency.MonotonicClock}
     * in production), its heartbeat and meters.
     */
    public record Parts(
            SendMessage send,
            UpdateState updateState,
            GetHistory history,
            RemoveMember remove,
            TypingSignals typing,
            CheckLimits limits,
            CheckSocket check,
            CloseSocket close,
            Scheduler scheduler,
            InstantSource clock,
            InstantSource ticker,
            Duration heartbeat,
            RealtimeMeters meters) {
        public Parts {
            Objects.requireNonNull(send);
            Objects.requireNonNull(updateState);
            Objects.requireNonNull(history);
            Objects.requireNonNull(remove);
            Objects.requireNonNull(typing);
            Objects.requireNonNull(limits);
            Objects.requireNonNull(check);
            Objects.requireNonNull(close);
            Objects.requireNonNull(scheduler);
            Objects.requireNonNull(clock);
            Objects.requireNonNull(ticker);
            Objects.requireNonNull(heartbeat);
            Objects.requireNonNull(meters);
        }
    }

    private enum Phase {
        WELCOMING,
        OPEN,
        CLOSED
    }

    private final Parts parts;
    private final Sink sink;
    private final Membership membership;
    private final TokenHash token;
    private final String bearer;
    private final String clientIp;
    private final String socketId;

    // Guarded by this.
    private Phase phase = Phase.WELCOMING;
    private long lastSeq;
    private long lastStateVersion;
    private int sendsInFlight;
    /**
     * The highest seq a send of this socket was acknowledged with. The writer answers a socket's sends in their
     * order and stores them in it, so every send still in flight will be stored after this: no message up to it
     * can be the outcome of one of them.
     */
    private long highestAcked;

    private int stateWritesInFlight;
    private final ArrayDeque<Delivery> held = new ArrayDeque<>();
    private final Map<Long, List<Optional<String>>> acks = new HashMap<>();
    private final Set<Long> ownStateVersions = new HashSet<>();
    private boolean gone;
    private boolean cleanedUp;
    private long bytesIn = -1;
    /** By the ticker: when the client was last heard (a byte, a frame), and when its next ping is due. */
    private Instant lastHeard;

    private Instant nextPing;
    /** By the wall clock: the last frame's time, for the member's {@code lastSeenAt}. */
    private Instant lastActive;

    private boolean activeSinceTaken;
    private FeedRegistration registration;

    /** The stream's place in its session's feed; closed when the stream ends. */
    interface FeedRegistration {
        /**
         * The welcome was sent: the log held every seq up to {@code lastSeq}, and {@code members} are the roster
         * and who is online it told (what the feed's presence corrections start from).
         */
        void baseline(long lastSeq, List<MemberView> members);

        void close();
    }

    ConnectionStream(
            Parts parts,
            Sink sink,
            Membership membership,
            TokenHash token,
            String bearer,
            String clientIp,
            String socketId) {
        this.parts = parts;
        this.sink = sink;
        this.membership = membership;
        this.token = token;
        this.bearer = bearer;
        this.clientIp = clientIp;
        this.socketId = socketId;
        this.lastActive = parts.clock().instant();
        this.lastHeard = parts.ticker().instant();
        this.nextPing = lastHeard.plus(parts.heartbeat());
    }

    @Override
    public MemberId member() {
        return membership.member().id();
    }

    public SessionCode session() {
        return membership.session();
    }

    synchronized void registered(FeedRegistration registration) {
        this.registration = registration;
    }

    // --- opening

    /** The welcome was read: it goes out first, then everything held that it does not cover. */
    void welcomed(ReadWelcome.Welcome welcome, boolean sinceWasNotASeq) {
        synchronized (this) {
            if (phase != Phase.WELCOMING) return;
            sink.send(new ServerEvent.Welcome(
                    welcome.member(),
                    welcome.session(),
                    welcome.members(),
                    welcome.state(),
                    welcome.messages(),
                    welcome.recovered(),
                    welcome.lastSeq(),
                    parts.heartbeat().toSeconds(),
                    parts.clock().instant()));
            lastSeq = welcome.lastSeq();
            lastStateVersion = welcome.state().version();
            bytesIn = sink.bytesIn();
            phase = Phase.OPEN;
            // Counted before the welcome is flushed: a client that has its welcome finds itself in the gauge,
            // and a close (counted under this lock, once OPEN) can never come before the open.
            parts.meters().opened();
            if (sinceWasNotASeq) {
                sink.send(ServerEvent.Error.of(
                        Optional.empty(),
                        ErrorKind.INVALID_REQUEST,
                        "since must be a seq, 0 to 2^53-1; the latest messages were sent instead."));
            }
            drain();
            sink.flush();
        }
        registration.baseline(welcome.lastSeq(), welcome.members());
    }

    // --- what the feed hands on (any thread; never blocks)

    /** One round of the session's events, in order. */
    @Override
    public synchronized void deliver(List<Delivery> round) {
        if (phase == Phase.CLOSED) return;
        held.addAll(round);
        if (phase != Phase.OPEN) return;
        drain();
        sink.flush();
    }

    /** Under the lock: emits what is held, in order, up to the first item that must wait. */
    private void drain() {
        while (phase == Phase.OPEN && !held.isEmpty()) {
            var next = held.peekFirst();
            if (mustWait(next.event())) return;
            held.pollFirst();
            emit(next);
        }
    }

    /** An item of this member's that an own write in flight may be the source of: its outcome decides. */
    private boolean mustWait(SessionEvent event) {
        return switch (event) {
            case SessionEvent.MessagePosted posted ->
                sendsInFlight > 0
                        && posted.message().senderId().equals(member())
                        && posted.message().seq() > lastSeq
                        && posted.message().seq() > highestAcked
                        && !acks.containsKey(posted.message().seq());
            case SessionEvent.StateUpdated updated ->
                stateWritesInFlight > 0
                        && updated.state().updatedBy().map(member()::equals).orElse(false)
                        && updated.state().version() > lastStateVersion
                        && !ownStateVersions.contains(updated.state().version());
            default -> false;
        };
    }

    private void emit(Delivery delivery) {
        switch (delivery.event()) {
            case SessionEvent.MessagePosted posted -> emit(posted.message(), delivery.frame());
            case SessionEvent.StateUpdated updated -> {
                long version = updated.state().version();
                boolean own = ownStateVersions.remove(version);
                if (own || version <= lastStateVersion) {
                    lastStateVersion = Math.max(lastStateVersion, version);
                    return;
                }
                lastStateVersion = version;
                sink.send(delivery.frame());
            }
            case SessionEvent.Typing typing -> {
                if (!typing.member().equals(member())) sink.send(delivery.frame());
            }
            case SessionEvent.MemberLeft left when left.member().id().equals(member()) -> departed(left.how());
            // A member's first socket is the one announcing it: its welcome says it is online already.
            case SessionEvent.MemberOnline online when online.member().id().equals(member()) -> {}
            case SessionEvent.SessionEnded ended -> {
                sink.send(delivery.frame());
                close(4004, "session ended", true);
            }
            default -> sink.send(delivery.frame());
        }
    }

    private void emit(Message message, Broadcast frame) {
        if (message.seq() <= lastSeq) return;
        lastSeq = message.seq();
        var refs = acks.remove(message.seq());
        if (refs == null) {
            sink.send(frame);
        } else {
            for (var ref : refs) sink.send(new ServerEvent.MessageAck(ref, message));
        }
    }

    private void departed(SessionEvent.Departure how) {
        switch (how) {
            case LEFT -> close(1000, "left", true);
            case KICKED -> close(4009, "kicked", true);
            case IDLE -> close(4001, "token revoked", true);
        }
    }

    // --- frames (the socket's reading thread, one at a time)

    /** A frame the client sent, in arrival order. May wait on the stores; never holds the lock while it does. */
    public void frame(ClientRequest request) {
        var arrived = parts.clock().instant();
        synchronized (this) {
            if (phase != Phase.OPEN) return;
            lastActive = arrived;
            activeSinceTaken = true;
            var heard = parts.ticker().instant();
            if (heard.isAfter(lastHeard)) lastHeard = heard;
        }
        parts.meters().frameIn(request.type());
        var ref = request.ref();
        if (request instanceof ClientRequest.Unreadable unreadable) {
            reply(ServerEvent.Error.of(
                    ref,
                    unreadable.unknownType() ? ErrorKind.UNKNOWN_TYPE : ErrorKind.INVALID_REQUEST,
                    unreadable.message()));
            return;
        }
        try {
            if (limited(request)) return;
            handle(request, ref, arrived);
        } catch (StoreUnavailable e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "a " + request.type() + " frame failed: " + e.getMessage());
            reply(request instanceof ClientRequest.HistoryFetch ? unavailableForRead(ref, e) : unavailable(ref, e));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a " + request.type() + " frame failed", e);
            reply(ServerEvent.Error.of(ref, ErrorKind.INTERNAL, "Something went wrong; it is logged."));
        }
    }

    /**
     * The burst tier for every frame but a send, now (PROTOCOL.md section 7). A send's tiers (burst,
     * message, message-ip) are counted by the writer with the rest of its group commit, one limiter
     * call for the group. True when refused.
     */
    private boolean limited(ClientRequest request) {
        if (request instanceof ClientRequest.Send) return false;
        if (!(parts.limits().handle(frameAction(false)) instanceof CheckLimits.Refused(var verdict))) return false;
        reply(rateLimited(request.ref(), verdict));
        return true;
    }

    private LimitPolicy.Action frameAction(boolean message) {
        return new LimitPolicy.Action.Frame(token, clientIp, message);
    }

    private ServerEvent rateLimited(Optional<String> ref, Verdict verdict) {
        parts.meters().limited(verdict.tier());
        return new ServerEvent.Error(
                ref,
                ErrorKind.RATE_LIMITED,
                "Too many frames; retry later.",
                OptionalLong.of(seconds(verdict.retryAfter())),
                Optional.of(verdict.tier()),
                OptionalLong.empty());
    }

    private void handle(ClientRequest request, Optional<String> ref, Instant arrived) {
        switch (request) {
            case ClientRequest.Send send -> send(send, ref, arrived);
            case ClientRequest.TypingStart start -> typing(parts.typing().start(session(), membership.member()), ref);
            case ClientRequest.TypingStop stop -> typing(parts.typing().stop(session(), membership.member()), ref);
            case ClientRequest.StateUpdate update -> stateUpdate(update, ref);
            case ClientRequest.HistoryFetch fetch -> history(fetch, ref);
            case ClientRequest.Ping ping ->
                reply(new ServerEvent.Pong(ref, parts.clock().instant()));
            case ClientRequest.Leave leave -> leave(ref);
            case ClientRequest.Unreadable unreadable -> throw new IllegalStateException("answered before");
        }
    }

    private void send(ClientRequest.Send send, Optional<String> ref, Instant arrived) {
        synchronized (this) {
            sendsInFlight++;
        }
        var command = new SendMessage.Command(
                caller(),
                session(),
                send.content(),
                send.kind(),
                send.data(),
                send.clientMsgId(),
                Optional.of(frameAction(true)));
        CompletableFuture<SendMessage.Outcome> outcome;
        try {
            outcome = parts.send().submit(command);
        } catch (RuntimeException | Error e) {
            // Refused before it reached the writer (the session could not be read: its stores away). Answered
            // as a failed write is, so it stops counting as in flight: a count left raised would hold every
            // later message of this member's (their other sockets', a write stored despite its error) for an
            // outcome that never comes, and the acks behind them with it.
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((answer, failure) -> sent(ref, arrived, answer, failure));
    }

    /** A send's outcome: on this thread when refused at once, else on the writer's after the commit. */
    private void sent(Optional<String> ref, Instant arrived, SendMessage.Outcome outcome, Throwable failure) {
        boolean checkStanding = false;
        synchronized (this) {
            sendsInFlight--;
            if (phase == Phase.CLOSED) return;
            // Timed before the answer is written (an ack may even go out later, in its seq's place): a client
            // holding its ack or error finds its send counted on /metrics.
            parts.meters().sendAnswered(Duration.between(arrived, parts.clock().instant()));
            if (failure != null) {
                sink.send(unavailableOf(failure).map(e -> unavailable(ref, e)).orElseGet(() -> {
                    LOG.log(System.Logger.Level.WARNING, "a send failed", failure);
                    return ServerEvent.Error.of(ref, ErrorKind.INTERNAL, "Something went wrong; it is logged.");
                }));
            } else {
                switch (outcome) {
                    case SendMessage.Sent sent -> acked(ref, sent.message());
                    case SendMessage.Duplicate duplicate -> acked(ref, duplicate.message());
                    case SendMessage.Invalid invalid -> sink.send(invalid(ref, invalid.violations()));
                    case SendMessage.Limited limited -> sink.send(rateLimited(ref, limited.verdict()));
                    case SendMessage.Refused refused -> {
                        if (refused.reason() == SessionAccess.Refusal.FORBIDDEN) {
                            sink.send(forbidden(ref));
                        } else {
                            checkStanding = true;
                        }
                    }
                }
            }
            drain();
            sink.flush();
        }
        // The session or the token is gone: find out which, off the writer's thread, and close.
        if (checkStanding) parts.scheduler().execute(() -> checkStanding(ref));
    }

    /** Under the lock: the ack goes out in the message's seq place (at once when that has passed). */
    private void acked(Optional<String> ref, Message message) {
        highestAcked = Math.max(highestAcked, message.seq());
        if (message.seq() <= lastSeq) {
            sink.send(new ServerEvent.MessageAck(ref, message));
        } else {
            acks.computeIfAbsent(message.seq(), seq -> new ArrayList<>(1)).add(ref);
        }
    }

    private void typing(TypingSignals.Outcome outcome, Optional<String> ref) {
        if (outcome instanceof TypingSignals.Forbidden) reply(forbidden(ref));
    }

    private void stateUpdate(ClientRequest.StateUpdate update, Optional<String> ref) {
        synchronized (this) {
            stateWritesInFlight++;
        }
        ServerEvent reply = null;
        boolean checkStanding = false;
        try {
            var outcome = parts.updateState()
                    .handle(new UpdateState.Command(caller(), session(), update.data(), update.baseVersion()));
            switch (outcome) {
                case UpdateState.Updated updated -> {
                    synchronized (this) {
                        ownStateVersions.add(updated.state().version());
                    }
                    reply = new ServerEvent.StateAck(ref, updated.state().version());
                }
                case UpdateState.Conflict conflict ->
                    reply = new ServerEvent.Error(
                            ref,
                            ErrorKind.VERSION_CONFLICT,
                            "The state has changed since the version you based this on.",
                            OptionalLong.empty(),
                            Optional.empty(),
                            OptionalLong.of(conflict.currentVersion()));
                case UpdateState.Invalid invalid -> reply = invalid(ref, invalid.violations());
                case UpdateState.TooLarge tooLarge ->
                    reply = ServerEvent.Error.of(
                            ref,
                            ErrorKind.PAYLOAD_TOO_LARGE,
                            "data is larger than " + tooLarge.maxBytes() + " bytes serialized.");
                case UpdateState.Refused refused -> {
                    if (refused.reason() == SessionAccess.Refusal.FORBIDDEN) reply = forbidden(ref);
                    else checkStanding = true;
                }
            }
        } finally {
            synchronized (this) {
                stateWritesInFlight--;
                if (reply != null && phase != Phase.CLOSED) sink.send(reply);
                drain();
                sink.flush();
            }
        }
        if (checkStanding) checkStanding(ref);
    }

    private void history(ClientRequest.HistoryFetch fetch, Optional<String> ref) {
        var outcome = parts.history()
                .handle(new GetHistory.Command(caller(), session(), fetch.before(), fetch.after(), fetch.limit()));
        switch (outcome) {
            case GetHistory.Page page ->
                reply(new ServerEvent.History(
                        ref, page.page().messages(), page.page().hasMore()));
            case GetHistory.Invalid invalid -> reply(invalid(ref, invalid.violations()));
            case GetHistory.Refused refused -> {
                if (refused.reason() == SessionAccess.Refusal.FORBIDDEN) reply(forbidden(ref));
                else checkStanding(ref);
            }
        }
    }

    private void leave(Optional<String> ref) {
        var outcome = parts.remove().handle(new RemoveMember.Command(caller(), session(), member().value()));
        switch (outcome) {
            case RemoveMember.Removed removed -> close(1000, "left", true);
            case RemoveMember.MemberNotFound notFound -> close(1000, "left", true);
            case RemoveMember.Refused refused -> {
                if (refused.reason() == SessionAccess.Refusal.FORBIDDEN) reply(forbidden(ref));
                else checkStanding(ref);
            }
        }
    }

    /**
     * A use case said the session is hidden or the caller unknown: the session ended or the token was
     * revoked. Which one decides the close code (4004 or 4001); only if the token still works after all
     * is it an error frame.
     */
    private void checkStanding(Optional<String> ref) {
        switch (parts.check().handle(new CheckSocket.Command(bearer, session(), member()))) {
            case CheckSocket.Valid valid ->
                reply(ServerEvent.Error.of(ref, ErrorKind.INTERNAL, "The request was refused; retry."));
            case CheckSocket.Revoked revoked -> close(4001, "token revoked", true);
            case CheckSocket.Ended ended -> terminate(ended.reason());
        }
    }

    // --- liveness (the feeds' ticker)

    /**
     * A tick of the heartbeat clock, {@code now} by the ticker: a client silent (no byte in, pongs included) for
     * {@link #MISSED_HEARTBEATS} heartbeats is closed with {@code 1001}; otherwise a ping goes out once a
     * heartbeat.
     */
    @Override
    public synchronized void tick(Instant now) {
        if (phase != Phase.OPEN) return;
        long read = sink.bytesIn();
        if (read != bytesIn) {
            bytesIn = read;
            lastHeard = now;
        }
        // In milliseconds: this runs for every socket at every tick, and Duration.multipliedBy and
        // Instant.plus allocate (the first through BigDecimal) each time.
        if (now.toEpochMilli() - lastHeard.toEpochMilli() >= parts.heartbeat().toMillis() * MISSED_HEARTBEATS) {
            close(1001, "no heartbeat", false);
            return;
        }
        if (!now.isBefore(nextPing)) {
            sink.ping();
            nextPing = now.plus(parts.heartbeat());
        }
    }

    /** The last frame's time, when a frame came since the last call: for the member's {@code lastSeenAt}. */
    @Override
    public synchronized Optional<Instant> takeActivity() {
        if (!activeSinceTaken) return Optional.empty();
        activeSinceTaken = false;
        return Optional.of(lastActive);
    }

    /** The member's token no longer works (removed, idle): close with 4001. */
    @Override
    public synchronized void revoked() {
        close(4001, "token revoked", true);
    }

    // --- closing

    /** Ends with {@code session:terminated} and 4004. */
    synchronized void terminate(EndReason reason) {
        if (phase == Phase.CLOSED) return;
        sink.send(new ServerEvent.Terminated(reason));
        close(4004, "session ended", true);
    }

    /** The gateway is stopping: close with 1001 (reconnect elsewhere, with since). */
    public synchronized void shutDown() {
        close(1001, "server shutting down", false);
    }

    /** Under the lock. {@code memberGone}: the member left or was removed, or the session ended. */
    private void close(int code, String reason, boolean memberGone) {
        gone |= memberGone;
        if (phase == Phase.CLOSED) return;
        boolean wasOpen = phase == Phase.OPEN;
        phase = Phase.CLOSED;
        held.clear();
        acks.clear();
        sink.flush();
        // Counted before the close frame can go out: a client that has its close code finds it on /metrics.
        if (wasOpen) parts.meters().closed(code);
        sink.close(code, reason);
    }

    /**
     * The socket is closed, whoever closed it: the stream leaves the feed, the member stops typing, the
     * socket is unregistered (and the member announced offline when it was its last). Once.
     */
    public void closed() {
        boolean memberGone;
        var closedAt = parts.clock().instant();
        synchronized (this) {
            if (cleanedUp) return;
            cleanedUp = true;
            if (phase != Phase.CLOSED) {
                // Closed by the client or the network: a welcomed socket is counted closed (1006 if unknown).
                if (phase == Phase.OPEN) parts.meters().closed(1006);
                phase = Phase.CLOSED;
                held.clear();
            }
            memberGone = gone;
        }
        if (registration != null) registration.close();
        try {
            parts.typing().gone(session(), member());
            parts.close()
                    .handle(new CloseSocket.Command(session(), membership.member(), socketId, closedAt, memberGone));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unregistering a closed socket failed", e);
        }
    }

    // --- writing

    private synchronized void reply(ServerEvent frame) {
        if (phase == Phase.CLOSED) return;
        sink.send(frame);
        sink.flush();
    }

    private Caller caller() {
        return new Caller.AsMember(membership);
    }

    private static ServerEvent.Error forbidden(Optional<String> ref) {
        return ServerEvent.Error.of(ref, ErrorKind.FORBIDDEN, "Your role may not do this.");
    }

    private static ServerEvent.Error invalid(Optional<String> ref, List<Violation> violations) {
        var detail = violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
        return ServerEvent.Error.of(ref, ErrorKind.INVALID_REQUEST, detail);
    }

    private static ServerEvent.Error unavailable(Optional<String> ref, StoreUnavailable e) {
        return unavailable(ref, e, "The store that must accept this is unavailable; nothing was written. Retry later.");
    }

    /** A read (history) has written nothing, so it is not told that nothing was written. */
    private static ServerEvent.Error unavailableForRead(Optional<String> ref, StoreUnavailable e) {
        return unavailable(ref, e, "The store that must answer this is unavailable. Retry later.");
    }

    private static ServerEvent.Error unavailable(Optional<String> ref, StoreUnavailable e, String detail) {
        return new ServerEvent.Error(
                ref,
                ErrorKind.STORAGE_UNAVAILABLE,
                detail,
                OptionalLong.of(seconds(e.retryAfter())),
                Optional.empty(),
                OptionalLong.empty());
    }

    /** The store failure behind {@code failure} (a future's failure wraps it), if it is one. */
    private static Optional<StoreUnavailable> unavailableOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailable e) return Optional.of(e);
        }
        return Optional.empty();
    }

    /** Whole seconds, rounded up, at least 1: what {@code retryAfter} carries. */
    static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
