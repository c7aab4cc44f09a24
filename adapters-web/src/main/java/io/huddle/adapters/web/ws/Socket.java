package io.huddle.adapters.web.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.huddle.adapters.web.ErrorCode;
import io.huddle.adapters.web.Json;
import io.huddle.adapters.web.message.MessageJson;
import io.huddle.adapters.web.session.Wire;
import io.huddle.adapters.web.state.StateJson;
import io.huddle.application.auth.Caller;
import io.huddle.application.message.GetHistory;
import io.huddle.application.message.SendMessage;
import io.huddle.application.realtime.CheckSocket;
import io.huddle.application.realtime.CloseSocket;
import io.huddle.application.realtime.FanOut;
import io.huddle.application.realtime.OpenSocket;
import io.huddle.application.realtime.Recipient;
import io.huddle.application.realtime.Scheduler;
import io.huddle.application.realtime.SerialQueue;
import io.huddle.application.realtime.TypingSignals;
import io.huddle.application.session.RemoveMember;
import io.huddle.application.session.SessionAccess;
import io.huddle.application.state.UpdateState;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.message.Message;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violation;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open WebSocket: its member, its place in the session's feed, and what it has been sent. All its
 * work runs in its {@link SerialQueue} (bounded: a client cannot queue unbounded work); what the feed delivers arrives on other threads and is written under
 * this object's lock, so frames go out in one order.
 *
 * <p>Exactly-once, in order: the socket joins the feed before its welcome is read, holds what the feed
 * delivers while the welcome is being read, and afterwards drops every message up to the welcome's
 * {@code lastSeq}. Its own sends are acknowledged in the same ordered stream: while a send is in flight
 * deliveries wait, and the stored message, when the feed delivers it, goes out as the {@code message:ack}
 * instead of a {@code message:new}, so an ack never overtakes an earlier message.
 */
final class Socket implements Recipient {
    private static final Logger log = LoggerFactory.getLogger(Socket.class);
    /** Frames a client may have waiting for handling; past it a frame gets {@code rate_limited}. */
    static final int INBOX_CAPACITY = 256;
    /** Frames written but not yet sent; a client that reads slower than this is closed (1013) and may recover with since. */
    static final int MAX_UNSENT = 4096;

    static final int MISSED_HEARTBEATS = 3;

    private enum Phase {
        CONNECTING,
        WELCOMING,
        OPEN,
        CLOSED
    }

    private sealed interface Held {}

    private record HeldMessage(Message message) implements Held {}

    private record HeldEvent(SessionEvent event, Optional<Headcount> headcount) implements Held {}

    private final WsRoutes.Parts parts;
    private final org.eclipse.jetty.websocket.api.Session jetty;
    private final String id;
    private final Optional<String> bearer;
    private final Optional<OptionalLong> since;
    private final FrameGate.Frames gate;
    private final SerialQueue inbox;
    private final AtomicInteger unsent = new AtomicInteger();
    private final Runnable onCleanedUp;

    // Set while opening, read afterwards by the inbox and the feed's threads.
    private volatile Membership membership;
    private volatile Session session;
    private volatile FanOut.Registration registration;
    private volatile TokenHash tokenHash;

    // Guarded by this.
    private Phase phase = Phase.CONNECTING;
    private long lastSeq;
    private boolean sending;
    private boolean gone;
    private final List<Held> held = new ArrayList<>();
    private final Map<Long, Optional<String>> acks = new HashMap<>();
    private final Set<Long> ownStateVersions = new HashSet<>();
    private long lastStateVersion;

    // Only the inbox touches these.
    private boolean cleanedUp;
    private long bytesIn = -1;
    private long lastHeardNanos = System.nanoTime();
    private Scheduler.Cancellable heartbeat;
    private volatile Instant lastActive;
    private volatile boolean activeSinceCheck;

    /**
     * @param since empty without {@code ?since}; an empty {@code OptionalLong} inside when it was not a seq
     */
    Socket(
            WsRoutes.Parts parts,
            org.eclipse.jetty.websocket.api.Session jetty,
            String id,
            Optional<String> bearer,
            Optional<OptionalLong> since,
            FrameGate.Frames gate,
            Runnable onCleanedUp) {
        this.parts = parts;
        this.jetty = jetty;
        this.id = id;
        this.bearer = bearer;
        this.since = since;
        this.gate = gate;
        this.onCleanedUp = onCleanedUp;
        this.inbox = new SerialQueue(parts.scheduler(), INBOX_CAPACITY);
        this.lastActive = parts.clock().instant();
    }

    void start() {
        inbox.submit(this::open);
    }

    /** A text frame arrived (on a Jetty thread). */
    void received(String text) {
        lastActive = parts.clock().instant();
        activeSinceCheck = true;
        if (!inbox.offer(() -> handle(text))) {
            write(new ServerFrames.Error(null, ErrorCode.RATE_LIMITED.code(), "Too many frames waiting; slow down.")
                    .withRetryAfter(1));
        }
    }

    /** The connection closed, whoever closed it (on a Jetty thread). */
    void closed() {
        synchronized (this) {
            phase = Phase.CLOSED;
        }
        inbox.submit(this::cleanUp);
    }

    /** The gateway is stopping: close with 1001 and unregister now, without waiting for the client's close. */
    void shutDown() {
        synchronized (this) {
            if (phase != Phase.CLOSED) {
                phase = Phase.CLOSED;
                held.clear();
                jetty.close(1001, "server shutting down", Callback.NOOP);
            }
        }
        inbox.submit(this::cleanUp);
    }

    @Override
    public MemberId member() {
        return membership.member().id();
    }

    // --- opening

    private void open() {
        try {
            switch (parts.open()
                    .handle(new OpenSocket.Command(bearer, id, parts.settings().instanceId()))) {
                case OpenSocket.Unauthorized u -> close(4001, "unauthorized", true);
                case OpenSocket.TooMany t -> close(4008, "too many connections", true);
                case OpenSocket.Opened opened -> welcome(opened.membership(), opened.session());
            }
        } catch (RuntimeException e) {
            log.warn("opening a socket failed", e);
            close(1011, "internal error", false);
        }
    }

    private void welcome(Membership opened, Session live) {
        membership = opened;
        tokenHash = bearer.flatMap(MemberToken::parse).map(MemberToken::hash).orElseThrow();
        session = live;
        synchronized (this) {
            if (phase == Phase.CLOSED) return;
            phase = Phase.WELCOMING;
        }
        registration = parts.fanOut().register(live.code(), this);
        var read = parts.welcome().handle(live, opened.member().id(), since.orElse(OptionalLong.empty()));
        if (read.isEmpty()) {
            close(4001, "unauthorized", true);
            return;
        }
        var welcome = read.get();
        registration.baseline(welcome.lastSeq());
        var now = parts.clock().instant();
        var frame = new ServerFrames.Welcome(
                "welcome",
                Wire.member(welcome.member(), true),
                Wire.session(welcome.session(), now),
                welcome.members().stream().map(Wire::member).toList(),
                StateJson.of(welcome.state()),
                welcome.messages().stream().map(MessageJson::of).toList(),
                welcome.recovered(),
                welcome.lastSeq(),
                parts.settings().heartbeat().toSeconds());
        synchronized (this) {
            if (phase != Phase.WELCOMING) return;
            send(frame);
            lastSeq = welcome.lastSeq();
            lastStateVersion = welcome.state().version();
            phase = Phase.OPEN;
            flush();
        }
        if (since.isPresent() && since.get().isEmpty()) {
            write(new ServerFrames.Error(
                    null,
                    ErrorCode.INVALID_REQUEST.code(),
                    "since must be a seq, 0 to 2^53-1; the latest messages were sent instead."));
        }
        heartbeat = parts.scheduler().schedule(parts.settings().heartbeat(), this::beat);
        log.atDebug()
                .addKeyValue("session", live.code().value())
                .addKeyValue("memberId", opened.member().id().value())
                .log("socket opened");
    }

    // --- frames

    private void handle(String text) {
        synchronized (this) {
            if (phase != Phase.OPEN) return;
        }
        switch (ClientFrames.parse(text)) {
            case ClientFrames.Rejected rejected ->
                write(new ServerFrames.Error(
                        rejected.ref().orElse(null),
                        rejected.unknownType()
                                ? "unknown_type"
                                : rejected.code().code(),
                        rejected.message()));
            case ClientFrames.Read(var frame) -> {
                var limited = gate.check(tokenHash, frame.type());
                if (limited.isPresent()) {
                    write(new ServerFrames.Error(
                                    frame.ref().orElse(null),
                                    ErrorCode.RATE_LIMITED.code(),
                                    "Too many frames; retry later.")
                            .withRetryAfter(seconds(limited.get())));
                    return;
                }
                try {
                    handle(frame);
                } catch (StoreUnavailable e) {
                    log.warn("a frame failed: {}", e.getMessage());
                    write(new ServerFrames.Error(
                                    frame.ref().orElse(null),
                                    ErrorCode.STORAGE_UNAVAILABLE.code(),
                                    "The store that must accept this is unavailable; nothing was written. Retry later.")
                            .withRetryAfter(seconds(e.retryAfter())));
                } catch (RuntimeException e) {
                    log.warn("a {} frame failed", frame.type(), e);
                    write(new ServerFrames.Error(
                            frame.ref().orElse(null),
                            ErrorCode.INTERNAL.code(),
                            "Something went wrong; it is logged."));
                }
            }
        }
    }

    private void handle(ClientFrame frame) {
        var ref = frame.ref().orElse(null);
        switch (frame) {
            case ClientFrame.Send send -> send(send, ref);
            case ClientFrame.TypingStart start -> typing(parts.typing().start(code(), self()), ref);
            case ClientFrame.TypingStop stop -> typing(parts.typing().stop(code(), self()), ref);
            case ClientFrame.StateUpdate update -> stateUpdate(update, ref);
            case ClientFrame.HistoryFetch fetch -> history(fetch, ref);
            case ClientFrame.Ping ping -> write(new ServerFrames.Pong(ref));
            case ClientFrame.Leave leave -> leave(ref);
        }
    }

    private void send(ClientFrame.Send send, String ref) {
        synchronized (this) {
            sending = true;
        }
        Optional<Message> stored = Optional.empty();
        Object reply = null;
        try {
            var outcome = parts.send()
                    .handle(new SendMessage.Command(
                            caller(), code(), send.content(), send.kind(), send.data(), send.clientMsgId()));
            switch (outcome) {
                case SendMessage.Sent sent -> stored = Optional.of(sent.message());
                case SendMessage.Duplicate duplicate -> reply = new ServerFrames.MessageAck(ref, duplicate.message());
                case SendMessage.Invalid invalid -> reply = invalid(ref, invalid.violations());
                case SendMessage.Refused refused ->
                    reply = refusal(ref, refused.reason()).orElse(null);
            }
        } finally {
            // Deliveries held during the send go out now; the stored message, whenever the feed delivers
            // it (maybe it already has), goes out as this ack.
            synchronized (this) {
                var ackRef = Optional.ofNullable(ref);
                stored.ifPresent(m -> acks.put(m.seq(), ackRef));
                sending = false;
                flush();
                if (reply != null) send(reply);
            }
        }
        stored.ifPresent(registration::offer);
    }

    private void typing(TypingSignals.Outcome outcome, String ref) {
        if (outcome instanceof TypingSignals.Forbidden) {
            write(new ServerFrames.Error(ref, ErrorCode.FORBIDDEN.code(), "Your role may not do this."));
        }
    }

    /** Like a send: deliveries wait while the write is in flight, and this socket skips the event of its own write. */
    private void stateUpdate(ClientFrame.StateUpdate update, String ref) {
        synchronized (this) {
            sending = true;
        }
        Object reply = null;
        try {
            var outcome = parts.updateState()
                    .handle(new UpdateState.Command(caller(), code(), update.data(), update.baseVersion()));
            reply = switch (outcome) {
                case UpdateState.Updated updated -> {
                    synchronized (this) {
                        ownStateVersions.add(updated.state().version());
                    }
                    yield new ServerFrames.StateAck(ref, updated.state().version());
                }
                case UpdateState.Conflict conflict ->
                    new ServerFrames.Error(
                                    ref,
                                    ErrorCode.VERSION_CONFLICT.code(),
                                    "The state has changed since the version you based this on.")
                            .withCurrentVersion(conflict.currentVersion());
                case UpdateState.Invalid invalid -> invalid(ref, invalid.violations());
                case UpdateState.TooLarge tooLarge ->
                    new ServerFrames.Error(
                            ref,
                            ErrorCode.PAYLOAD_TOO_LARGE.code(),
                            "data is larger than " + tooLarge.maxBytes() + " bytes serialized.");
                case UpdateState.Refused refused ->
                    refusal(ref, refused.reason()).orElse(null);
            };
        } finally {
            synchronized (this) {
                sending = false;
                if (reply != null) send(reply);
                flush();
            }
        }
    }

    private void history(ClientFrame.HistoryFetch fetch, String ref) {
        var outcome = parts.history()
                .handle(new GetHistory.Command(caller(), code(), fetch.before(), fetch.after(), fetch.limit()));
        switch (outcome) {
            case GetHistory.Page page ->
                write(new ServerFrames.History(
                        ref, page.page().messages(), page.page().hasMore()));
            case GetHistory.Invalid invalid -> write(invalid(ref, invalid.violations()));
            case GetHistory.Refused refused -> refusal(ref, refused.reason()).ifPresent(this::write);
        }
    }

    private void leave(String ref) {
        var outcome = parts.remove().handle(new RemoveMember.Command(caller(), code(), member().value()));
        switch (outcome) {
            case RemoveMember.Removed removed -> close(1000, "left", true);
            case RemoveMember.MemberNotFound notFound -> close(1000, "left", true);
            case RemoveMember.Refused refused -> refusal(ref, refused.reason()).ifPresent(this::write);
        }
    }

    // --- heartbeats

    private void beat() {
        inbox.submit(this::check);
    }

    private void check() {
        synchronized (this) {
            if (phase != Phase.OPEN) return;
        }
        long now = System.nanoTime();
        long read = Liveness.bytesIn(jetty).orElse(activeSinceCheck ? bytesIn + 1 : bytesIn);
        if (read != bytesIn) {
            bytesIn = read;
            lastHeardNanos = now;
        }
        var interval = parts.settings().heartbeat();
        if (now - lastHeardNanos >= interval.multipliedBy(MISSED_HEARTBEATS).toNanos()) {
            close(1001, "no heartbeat", false);
            return;
        }
        jetty.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        var activeAt = activeSinceCheck ? Optional.of(lastActive) : Optional.<Instant>empty();
        activeSinceCheck = false;
        try {
            verify(activeAt);
        } catch (RuntimeException e) {
            // A store is down: the socket stays, and the next heartbeat asks again.
            log.debug("a socket's heartbeat check failed", e);
        }
        heartbeat = parts.scheduler().schedule(interval, this::beat);
    }

    /** Whether the token still works; closes the socket when it does not. True when it does. */
    private boolean verify(Optional<Instant> activeAt) {
        var outcome = parts.check().handle(new CheckSocket.Command(bearer.orElseThrow(), code(), member(), activeAt));
        switch (outcome) {
            case CheckSocket.Valid valid -> {
                return true;
            }
            case CheckSocket.Revoked revoked -> close(4001, "token revoked", true);
            case CheckSocket.Ended ended -> terminate(ended.reason());
        }
        return false;
    }

    // --- closing

    private void cleanUp() {
        if (cleanedUp) return;
        cleanedUp = true;
        if (heartbeat != null) heartbeat.cancel();
        if (registration != null) registration.close();
        var opened = membership;
        if (opened != null) {
            boolean memberGone;
            synchronized (this) {
                memberGone = gone;
            }
            try {
                parts.typing().gone(opened.session(), opened.member().id());
                parts.close()
                        .handle(new CloseSocket.Command(opened.session(), opened.member(), id, lastActive, memberGone));
            } catch (RuntimeException e) {
                log.warn("unregistering a closed socket failed", e);
            }
        }
        onCleanedUp.run();
    }

    /** Closes with {@code code}; {@code memberGone}: the member left or was removed, or the session ended. */
    private synchronized void close(int code, String reason, boolean memberGone) {
        gone |= memberGone;
        if (phase == Phase.CLOSED) return;
        phase = Phase.CLOSED;
        held.clear();
        jetty.close(code, reason, Callback.NOOP);
    }

    private synchronized void terminate(EndReason reason) {
        if (phase == Phase.CLOSED) return;
        send(new ServerFrames.Terminated(reason.wireName()));
        close(4004, "session ended", true);
    }

    // --- what the feed delivers

    @Override
    public synchronized void message(Message message) {
        switch (phase) {
            case WELCOMING -> held.add(new HeldMessage(message));
            case OPEN -> {
                if (sending) held.add(new HeldMessage(message));
                else emit(message);
            }
            default -> {}
        }
    }

    @Override
    public synchronized void event(SessionEvent event, Optional<Headcount> headcount) {
        switch (phase) {
            case WELCOMING -> held.add(new HeldEvent(event, headcount));
            case OPEN -> {
                if (sending) held.add(new HeldEvent(event, headcount));
                else emit(event, headcount);
            }
            default -> {}
        }
    }

    /** Under the lock. */
    private void flush() {
        var pending = List.copyOf(held);
        held.clear();
        for (var item : pending) {
            if (phase != Phase.OPEN) return;
            switch (item) {
                case HeldMessage(var message) -> emit(message);
                case HeldEvent(var event, var headcount) -> emit(event, headcount);
            }
        }
    }

    /** Under the lock. */
    private void emit(Message message) {
        if (message.seq() <= lastSeq) return;
        lastSeq = message.seq();
        var ack = acks.remove(message.seq());
        if (ack != null) {
            send(new ServerFrames.MessageAck(ack.orElse(null), message));
        } else {
            send(new ServerFrames.MessageNew(message));
        }
    }

    /** Under the lock. */
    private void emit(SessionEvent event, Optional<Headcount> headcount) {
        var me = member();
        switch (event) {
            case SessionEvent.MemberLeft left when left.member().id().equals(me) -> departed(left.how());
            case SessionEvent.MemberJoined joined -> presence("joined", joined.member(), false, headcount);
            case SessionEvent.MemberLeft left -> presence("left", left.member(), false, headcount);
            case SessionEvent.MemberOnline online -> presence("online", online.member(), true, headcount);
            case SessionEvent.MemberOffline offline -> presence("offline", offline.member(), false, headcount);
            case SessionEvent.Typing typing ->
                send(new ServerFrames.Typing(typing.member().value(), typing.active()));
            case SessionEvent.StateUpdated updated -> stateUpdated(updated);
            case SessionEvent.SessionEnded ended -> terminate(ended.reason());
            case SessionEvent.MessagePosted posted -> {} // the feed hands messages to message(), in seq order
        }
    }

    /** Under the lock. Versions only rise: one older than what this socket has shown is stale, and skipped. */
    private void stateUpdated(SessionEvent.StateUpdated updated) {
        long version = updated.state().version();
        if (ownStateVersions.remove(version) || version <= lastStateVersion) return;
        lastStateVersion = version;
        send(new ServerFrames.StateUpdated(StateJson.of(updated.state())));
    }

    private void departed(SessionEvent.Departure how) {
        switch (how) {
            case LEFT -> close(1000, "left", true);
            case KICKED -> close(4009, "kicked", true);
            case IDLE -> close(4001, "token revoked", true);
        }
    }

    private void presence(String kind, Member member, boolean online, Optional<Headcount> headcount) {
        // Without the counts (the stores could not say), the event is not sent rather than sent wrong.
        headcount.ifPresent(
                h -> send(new ServerFrames.Presence(kind, Wire.member(member, online), h.online(), h.total())));
    }

    // --- writing

    /** From outside the lock: replies to the socket's own frames. */
    private synchronized void write(Object frame) {
        send(frame);
    }

    /** Under the lock, so frames leave in the order they were decided. */
    private void send(Object frame) {
        if (phase == Phase.CLOSED) return;
        String text;
        try {
            text = Json.writer().writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a frame that cannot be written as JSON", e);
        }
        if (unsent.incrementAndGet() > MAX_UNSENT) {
            unsent.decrementAndGet();
            close(1013, "too slow", false);
            return;
        }
        jetty.sendText(text, Callback.from(unsent::decrementAndGet, failure -> unsent.decrementAndGet()));
    }

    // --- helpers

    private Caller caller() {
        return new Caller.AsMember(membership);
    }

    private Member self() {
        return membership.member();
    }

    private SessionCode code() {
        return membership.session();
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static ServerFrames.Error invalid(String ref, List<Violation> violations) {
        var detail = violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
        return new ServerFrames.Error(ref, ErrorCode.INVALID_REQUEST.code(), detail);
    }

    /**
     * A refusal. One that says the session or the token is gone finds out which and closes the socket
     * (4004 or 4001), with no error frame; only if the token still works after all is it an error.
     */
    private Optional<ServerFrames.Error> refusal(String ref, SessionAccess.Refusal refusal) {
        if (refusal == SessionAccess.Refusal.FORBIDDEN) {
            return Optional.of(new ServerFrames.Error(ref, ErrorCode.FORBIDDEN.code(), "Your role may not do this."));
        }
        if (!verify(Optional.empty())) return Optional.empty();
        return Optional.of(new ServerFrames.Error(ref, ErrorCode.INTERNAL.code(), "The request was refused; retry."));
    }
}
