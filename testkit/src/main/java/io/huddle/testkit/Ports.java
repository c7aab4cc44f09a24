package io.huddle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.IntFunction;

/**
 * Free local TCP ports, for servers the tests start themselves. A server that can bind port 0 and say which
 * port it got should do that instead: a port found free here is only free until someone binds it, and
 * another process (another build on the machine, a client's outgoing connection) may do so first.
 */
public final class Ports {
    /** How many fresh ports {@link #startOnFreePort} tries before it gives up. */
    static final int TRIES = 5;

    private Ports() {}

    /** A port nothing listens on right now (another process may still take it before you do). */
    public static int free() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts what must be told its port before it binds (an external process: redis-server, nginx) on a free
     * port, and when that port was taken meanwhile ({@code start} throws {@link Taken}) on a fresh one, up to
     * {@link #TRIES} times. {@code start} leaves nothing running when it throws.
     */
    public static <T> T startOnFreePort(IntFunction<T> start) {
        Taken last = null;
        for (int i = 0; i < TRIES; i++) {
            try {
                return start.apply(free());
            } catch (Taken e) {
                last = e;
            }
        }
        throw new IllegalStateException("every free port found was taken before it could be bound", last);
    }

    /** A start failed because its port was no longer free: worth trying again on another one. */
    public static final class Taken extends RuntimeException {
        public Taken(int port, String detail) {
            super("port " + port + " was taken before it could be bound: " + detail);
        }
    }
}
