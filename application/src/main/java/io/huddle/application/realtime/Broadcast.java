package io.huddle.application.realtime;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One server event on its way to every socket of a session on this gateway: the same instance reaches
 * each of them, and the edge encodes it once ({@link #encoded}), so a message to a hundred sockets is
 * written as JSON once and its bytes sent a hundred times.
 */
public final class Broadcast {
    private final ServerEvent event;
    private final AtomicReference<Object> encoded = new AtomicReference<>();

    public Broadcast(ServerEvent event) {
        this.event = Objects.requireNonNull(event);
    }

    public ServerEvent event() {
        return event;
    }

    /**
     * The event as {@code encoder} writes it, computed by the first caller and reused by every later one.
     * Callers must always pass the same encoder (the edge has one).
     */
    @SuppressWarnings("unchecked")
    public <T> T encoded(Function<ServerEvent, T> encoder) {
        Object done = encoded.get();
        if (done != null) return (T) done;
        T fresh = encoder.apply(event);
        return encoded.compareAndSet(null, fresh) ? fresh : (T) encoded.get();
    }

    @Override
    public String toString() {
        return "Broadcast[" + event.getClass().getSimpleName() + "]";
    }
}
