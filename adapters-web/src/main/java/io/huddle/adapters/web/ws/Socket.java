package io.huddle.adapters.web.ws;

import io.huddle.application.realtime.Broadcast;
import io.huddle.application.realtime.ConnectionStream;
import io.huddle.application.realtime.Connections;
import io.huddle.application.realtime.RealtimeMeters;
import io.huddle.application.realtime.ServerEvent;
import io.huddle.application.realtime.Sink;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket at the edge: a thin translator between Jetty and the socket's {@link ConnectionStream}.
 * Text in is parsed into a request; events out are written as text frames, a shared event's bytes
 * written once for every socket ({@link Broadcast#encoded}), frames queued with Jetty's batching and
 * flushed together. A client that reads slower than {@link #MAX_UNSENT} frames is closed with
 * {@code 1013} (it may recover with {@code since}).
 */
final class Socket implements Sink {
    private static final Logger log = LoggerFactory.getLogger(Socket.class);
    /** Frames written but not yet sent; past it the client is too slow. */
    static final int MAX_UNSENT = 4096;

    private final Session jetty;
    private final CoreSession core;
    private final RealtimeMeters meters;
    private final Runnable onCleanedUp;
    private final AtomicInteger unsent = new AtomicInteger();
    private final org.eclipse.jetty.util.Callback written =
            org.eclipse.jetty.util.Callback.from(unsent::decrementAndGet, failure -> unsent.decrementAndGet());
    private volatile ConnectionStream stream;

    Socket(Session jetty, RealtimeMeters meters, Runnable onCleanedUp) {
        this.jetty = jetty;
        this.core = ((WebSocketSession) jetty).getCoreSession();
        this.meters = meters;
        this.onCleanedUp = onCleanedUp;
    }

    /**
     * Opens the stream (waits on the stores; Jetty's open callback thread). Synchronized with
     * {@link #shutDown}: the welcome goes out before the stream is known here, and a stop in between must
     * still unregister the socket before the client sees its close.
     */
    synchronized void open(Connections connections, Connections.Request request) {
        try {
            switch (connections.open(request, this)) {
                case Connections.Opened opened -> stream = opened.stream();
                case Connections.Refused refused -> close(refused.code(), refused.reason());
            }
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("opening a socket failed");
            close(1011, "internal error");
        }
    }

    /** A text frame arrived (Jetty's reading thread; one at a time per socket). */
    void received(String text) {
        var open = stream;
        if (open != null) open.frame(ClientFrames.parse(text));
    }

    /**
     * The connection closed, whoever closed it. Jetty may report that on the thread of a write that
     * failed, which can be a delivery holding its session feed's lock; the stream's cleanup (leaving the
     * feed, presence) then runs on a thread of its own, so it never waits for a lock its own thread holds
     * or takes locks in the reverse order.
     */
    void closed() {
        Thread.startVirtualThread(this::cleanUp);
    }

    private void cleanUp() {
        var open = stream;
        try {
            if (open != null) open.closed();
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("cleaning up a closed socket failed");
        } finally {
            onCleanedUp.run();
        }
    }

    /** The gateway is stopping: close with 1001 and unregister now, without waiting for the client's close. */
    synchronized void shutDown() {
        var open = stream;
        if (open != null) {
            open.shutDown();
            open.closed();
        } else {
            close(1001, "server shutting down");
        }
    }

    // --- Sink

    @Override
    public void send(Broadcast shared) {
        write(shared.encoded(Frames::encode));
    }

    @Override
    public void send(ServerEvent own) {
        write(Frames.encode(own));
    }

    private void write(ByteBuffer bytes) {
        if (unsent.incrementAndGet() > MAX_UNSENT) {
            unsent.decrementAndGet();
            meters.slowConsumer();
            close(1013, "too slow");
            return;
        }
        core.sendFrame(new Frame(OpCode.TEXT, bytes.slice()), written, true);
    }

    @Override
    public void flush() {
        core.flush(org.eclipse.jetty.util.Callback.NOOP);
    }

    @Override
    public void ping() {
        core.sendFrame(new Frame(OpCode.PING), org.eclipse.jetty.util.Callback.NOOP, false);
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
        Thread.startVirtualThread(() -> {
            jetty.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
            // A client that is gone (the silent one a heartbeat closes) never answers the close frame, and
            // Jetty would keep the connection until its idle timeout: cut it once the grace has passed.
            try {
                Thread.sleep(CLOSE_GRACE);
            } catch (InterruptedException e) {
                return;
            }
            if (core.isInputOpen()) jetty.disconnect();
        });
    }

    /** How long a client has to answer the server's close frame before its connection is cut. */
    static final java.time.Duration CLOSE_GRACE = java.time.Duration.ofSeconds(2);
}
