package io.huddle.adapters.web.ws;

import io.huddle.application.realtime.Broadcast;
import io.huddle.application.realtime.ConnectionStream;
import io.huddle.application.realtime.Connections;
import io.huddle.application.realtime.RealtimeMeters;
import io.huddle.application.realtime.ServerEvent;
import io.huddle.application.realtime.Sink;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket at the edge, on Jetty's core WebSocket API: a thin translator between Jetty's frames and
 * the socket's {@link ConnectionStream}. Text in (a message may come in fragments) is decoded as strict
 * UTF-8 and parsed into a request, one message at a time: the next frame is read only once the stream
 * took the last one. Events out are written as text frames, a shared event's bytes written once for
 * every socket ({@link Broadcast#encoded}), frames queued with Jetty's batching and flushed together. A
 * client that reads so slowly that {@link #MAX_UNSENT} frames or {@link #MAX_UNSENT_BYTES} wait for it is
 * closed with {@code 1013} (it may recover with {@code since}).
 */
final class Socket implements FrameHandler, Sink {
    private static final Logger log = LoggerFactory.getLogger(Socket.class);
    /** Frames written but not yet sent; past it the client is too slow. */
    static final int MAX_UNSENT = 4096;
    /**
     * Bytes of frames written but not yet sent; past it the client is too slow. The frame count alone let
     * one member who stopped reading hold 4,096 frames of up to 64 KiB each (256 MiB of heap, the state
     * writes of another member of the session, or of its own second socket) before it was closed. A single
     * frame bigger than this (a welcome with many recovered messages) is still sent: the budget is checked
     * before a frame is added.
     */
    static final long MAX_UNSENT_BYTES = 8L * 1024 * 1024;
    /** The reason of every {@code 1001} a stopping gateway sends. */
    private static final String SHUTTING_DOWN = "server shutting down";

    private final Connections connections;
    private final Connections.Request request;
    private final Optional<WsRoutes.Refusal> refusal;
    private final RealtimeMeters meters;
    /** Registers the open socket with its gateway; false when the gateway is stopping (see {@link WsRoutes}). */
    private final Predicate<Socket> onOpened;

    private final Consumer<Socket> onCleanedUp;
    private final AtomicInteger unsent = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong unsentBytes = new java.util.concurrent.atomic.AtomicLong();
    /** Set once the client was found too slow: it is closed and counted once, later frames are dropped. */
    private final java.util.concurrent.atomic.AtomicBoolean tooSlow = new java.util.concurrent.atomic.AtomicBoolean();
    /** Set when the closed connection's clean-up (leaving its feed and presence) begins: it runs once. */
    private final java.util.concurrent.atomic.AtomicBoolean cleanedUp = new java.util.concurrent.atomic.AtomicBoolean();

    private volatile CoreSession core;
    private volatile ConnectionStream stream;
    // Guarded by this: whether the stream is still being opened, and what happened meanwhile.
    private boolean opening = true;
    private boolean closedWhileOpening;
    private boolean stopWhileOpening;
    /**
     * The last frame written since the last flush, held back so that the flush sends it as an unbatched
     * frame: one of Jetty's frame entries per flush instead of the frame plus a flush entry (each entry
     * allocates in Jetty's flusher; most flushes carry one frame). Every {@link Sink} call comes under the
     * stream's lock, which guards this too; a stream always flushes what it sent before releasing it.
     */
    private Frame held;
    /** The start of a fragmented text message, until its last fragment; null otherwise (nearly always). */
    private ByteArrayOutputStream fragments;

    Socket(
            Connections connections,
            Connections.Request request,
            Optional<WsRoutes.Refusal> refusal,
            RealtimeMeters meters,
            Predicate<Socket> onOpened,
            Consumer<Socket> onCleanedUp) {
        this.connections = connections;
        this.request = request;
        this.refusal = refusal;
        this.meters = meters;
        this.onOpened = onOpened;
        this.onCleanedUp = onCleanedUp;
    }

    // --- Jetty's side (FrameHandler)

    /**
     * The socket is open: a refusal decided at the upgrade closes it now; otherwise the stream opens
     * (waiting on the stores, on Jetty's thread), and only then is the first frame read. The welcome goes
     * out from inside the opening, so the client may close, or the gateway stop, before the opening is
     * over: what happened meanwhile is done once the stream is known (see {@link #cleanUp}).
     */
    @Override
    public void onOpen(CoreSession session, Callback callback) {
        this.core = session;
        callback.succeeded();
        if (refusal.isPresent()) {
            notOpened(refusal.get().code(), refusal.get().reason());
            return;
        }
        if (!onOpened.test(this)) {
            // Upgraded after the gateway began to stop: never registered, told at once to go elsewhere.
            notOpened(1001, SHUTTING_DOWN);
            return;
        }
        try {
            switch (connections.open(request, this)) {
                case Connections.Opened opened -> {
                    if (opened(opened.stream())) session.demand();
                }
                case Connections.Refused refused -> notOpened(refused.code(), refused.reason());
            }
        } catch (RuntimeException | Error e) {
            // An Error too: left opening, the socket would never be cleaned up (its close put off for good) and
            // stay counted open; and Jetty would close it with the Error's text for its reason.
            log.atWarn().setCause(e).log("opening a socket failed");
            notOpened(1011, "internal error");
        }
    }

    /** The opening ends without a stream: the socket closes with {@code code}. */
    private void notOpened(int code, String reason) {
        opened(null);
        close(code, reason);
    }

    /**
     * The opening is over, with a stream or without one. True when the socket lives on; false when it
     * closed, or the gateway began to stop, while it opened: that is handled now.
     */
    private boolean opened(ConnectionStream opened) {
        boolean closed;
        boolean stop;
        synchronized (this) {
            stream = opened;
            opening = false;
            closed = closedWhileOpening;
            stop = stopWhileOpening;
        }
        if (opened != null && stop) opened.shutDown();
        if (closed || stop) {
            finishCleanUp();
            return false;
        }
        return true;
    }

    /** One frame (Jetty's reading thread, one at a time); the next is asked for once this one is handled. */
    @Override
    public void onFrame(Frame frame, Callback callback) {
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.CONTINUATION -> text(frame, callback);
            case OpCode.PING -> {
                var payload = frame.hasPayload() ? BufferUtil.copy(frame.getPayload()) : BufferUtil.EMPTY_BUFFER;
                callback.succeeded();
                core.sendFrame(new Frame(OpCode.PONG, payload), Callback.NOOP, false);
                core.demand();
            }
            case OpCode.BINARY -> {
                callback.succeeded();
                close(1003, "text frames only");
            }
            case OpCode.CLOSE -> callback.succeeded(); // Jetty answers the close handshake itself.
            default -> {
                callback.succeeded();
                core.demand();
            }
        }
    }

    private void text(Frame frame, Callback callback) {
        String text = null;
        boolean tooLarge = false;
        boolean invalid = false;
        if (frame.isFin() && fragments == null) {
            text = decode(frame.getPayload());
            invalid = text == null;
        } else {
            if (fragments == null) fragments = new ByteArrayOutputStream();
            var payload = frame.getPayload();
            if (fragments.size() + (payload == null ? 0 : payload.remaining()) > WsSettings.MAX_TEXT_BYTES) {
                tooLarge = true;
                fragments = null;
            } else {
                if (payload != null) fragments.write(BufferUtil.toArray(payload), 0, payload.remaining());
                if (frame.isFin()) {
                    text = decode(ByteBuffer.wrap(fragments.toByteArray()));
                    invalid = text == null;
                    fragments = null;
                }
            }
        }
        // The payload is Jetty's until the callback: decoded (or copied) above, released here.
        callback.succeeded();
        if (tooLarge) {
            close(1009, "message too large");
            return;
        }
        if (invalid) {
            close(1007, "invalid UTF-8");
            return;
        }
        if (text != null) {
            var open = stream;
            if (open != null) open.frame(ClientFrames.parse(text));
        }
        core.demand();
    }

    /** Strict UTF-8 (RFC 6455 section 8.1); null when the bytes are not. */
    private static String decode(ByteBuffer payload) {
        if (payload == null || !payload.hasRemaining()) return "";
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(payload.slice())
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        log.debug("WebSocket error", cause);
        callback.succeeded();
    }

    /**
     * The connection closed, whoever closed it. Jetty may report that on the thread of a write that
     * failed, which can be a delivery holding its session feed's lock; the stream's cleanup (leaving the
     * feed, presence) then runs on a thread of its own, so it never waits for a lock its own thread holds
     * or takes locks in the reverse order.
     */
    @Override
    public void onClosed(CloseStatus status, Callback callback) {
        callback.succeeded();
        Thread.startVirtualThread(this::cleanUp);
    }

    private void cleanUp() {
        synchronized (this) {
            if (opening) {
                closedWhileOpening = true;
                return;
            }
        }
        finishCleanUp();
    }

    /** Once the opening is over: the stream (if any) leaves its feed and presence, then the socket is forgotten. */
    private void finishCleanUp() {
        if (!cleanedUp.compareAndSet(false, true)) return;
        var open = stream;
        try {
            if (open != null) open.closed();
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("cleaning up a closed socket failed");
        } finally {
            onCleanedUp.accept(this);
        }
    }

    /** The gateway is stopping: close with 1001 now, without waiting for the client's close. */
    void shutDown() {
        synchronized (this) {
            if (opening) {
                stopWhileOpening = true;
                close(1001, SHUTTING_DOWN);
                return;
            }
        }
        var open = stream;
        if (open != null) {
            open.shutDown();
        } else {
            close(1001, SHUTTING_DOWN);
        }
    }

    /**
     * The gateway is stopping: the socket leaves its feed and presence now, while the stores are still
     * open, whether or not its client has answered the close. A socket still opening does that itself
     * once its opening is over.
     */
    void unregister() {
        var open = stream;
        if (open != null) open.closed();
    }

    // --- the stream's side (Sink)

    @Override
    public void send(Broadcast shared) {
        write(shared.event(), shared.encoded(Frames::encode));
    }

    @Override
    public void send(ServerEvent own) {
        write(own, Frames.encode(own));
    }

    private void write(ServerEvent event, ByteBuffer bytes) {
        if (tooSlow.get()) return;
        if (unsentBytes.get() > MAX_UNSENT_BYTES) {
            tooSlow();
            return;
        }
        if (unsent.incrementAndGet() > MAX_UNSENT) {
            unsent.decrementAndGet();
            tooSlow();
            return;
        }
        int size = bytes.remaining();
        unsentBytes.addAndGet(size);
        meters.frameOut(event, size);
        var frame = new Frame(OpCode.TEXT, bytes.slice());
        var before = held;
        held = frame;
        if (before != null) core.sendFrame(before, written(before), true);
    }

    /** The client reads too slowly: closed with {@code 1013} (once), and later frames are dropped. */
    private void tooSlow() {
        if (tooSlow.compareAndSet(false, true)) {
            meters.slowConsumer();
            close(1013, "too slow");
        }
    }

    /** Counts {@code frame} as sent (or given up) once Jetty is done with it. */
    private Callback written(Frame frame) {
        int size = frame.getPayloadLength();
        Runnable done = () -> {
            unsent.decrementAndGet();
            unsentBytes.addAndGet(-size);
        };
        return Callback.from(done, failure -> done.run());
    }

    /**
     * The frame held back goes out unbatched, and Jetty writes it with everything batched before it; with
     * nothing held, Jetty is asked to flush.
     */
    @Override
    public void flush() {
        var last = held;
        held = null;
        if (last != null) core.sendFrame(last, written(last), false);
        else core.flush(Callback.NOOP);
    }

    @Override
    public void ping() {
        core.sendFrame(new Frame(OpCode.PING), Callback.NOOP, false);
    }

    @Override
    public long bytesIn() {
        if (core instanceof WebSocketCoreSession session && session.getConnection() != null) {
            return session.getConnection().getBytesIn();
        }
        return 0;
    }

    /**
     * Closes on a thread of its own: Jetty may run the close handler on the closing thread, and the stream
     * calls this under its lock, so closing inline could re-enter the stream (and its feed) from inside it.
     */
    @Override
    public void close(int code, String reason) {
        var session = core;
        if (session == null) return;
        Thread.startVirtualThread(() -> {
            session.close(code, reason, Callback.NOOP);
            // A client that is gone (the silent one a heartbeat closes) never answers the close frame, and
            // Jetty would keep the connection until its idle timeout: cut it once the grace has passed.
            try {
                Thread.sleep(CLOSE_GRACE);
            } catch (InterruptedException e) {
                return;
            }
            if (cleanedUp.get()) return;
            // Jetty cleans up once its close frame is written, or when a client that answered it is gone. A
            // client that stopped reading never takes the close frame (queued behind what it did not read),
            // and a close code Jetty deems abnormal (1013) marks the session closed at once, so nothing
            // would call onClosed: cut the connection and clean up here.
            session.abort();
            cleanUp();
        });
    }

    /** How long a client has to answer the server's close frame before its connection is cut. */
    static final java.time.Duration CLOSE_GRACE = java.time.Duration.ofSeconds(2);
}
