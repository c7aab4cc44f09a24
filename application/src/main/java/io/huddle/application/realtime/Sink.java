package io.huddle.application.realtime;

/**
 * Where a {@link ConnectionStream} writes: one socket. Calls come from the stream under its lock, so
 * they must not block: a write is queued and sent when the socket can take it, and {@link #flush} sends
 * what was queued since the last flush in as few writes as the transport allows.
 */
public interface Sink {

    /** An event shared by every socket of the session; the bytes are written once for all of them. */
    void send(Broadcast shared);

    /** A frame for this socket alone (a welcome, an ack, a reply, an error). */
    void send(ServerEvent own);

    /** Sends what {@code send} queued. */
    void flush();

    /** A protocol-level ping; the client's pong shows in {@link #bytesIn}. */
    void ping();

    /** How many bytes the client has sent so far, frames and pongs alike: its sign of life. */
    long bytesIn();

    /** Closes the socket with {@code code}; nothing is sent after it. */
    void close(int code, String reason);
}
