package io.huddle.application.realtime;

import java.util.ArrayList;
import java.util.List;

/** A socket in a test: what it was sent, in order, shared events unwrapped; pings, bytes in and the close. */
final class RecordingSink implements Sink {
    final List<ServerEvent> sent = new ArrayList<>();
    final List<Broadcast> shared = new ArrayList<>();
    int pings;
    long bytesIn;
    Integer closedWith;
    /** Run at each flush, when the frames sent so far would reach the client. */
    Runnable onFlush = () -> {};
    /** Run at the close, when the close frame would be on its way to the client. */
    Runnable onClose = () -> {};

    @Override
    public synchronized void send(Broadcast frame) {
        shared.add(frame);
        sent.add(frame.event());
    }

    @Override
    public synchronized void send(ServerEvent own) {
        sent.add(own);
    }

    @Override
    public void flush() {
        onFlush.run();
    }

    @Override
    public void ping() {
        pings++;
    }

    @Override
    public long bytesIn() {
        return bytesIn;
    }

    @Override
    public void close(int code, String reason) {
        onClose.run();
        if (closedWith == null) closedWith = code;
    }

    synchronized <T extends ServerEvent> List<T> of(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
