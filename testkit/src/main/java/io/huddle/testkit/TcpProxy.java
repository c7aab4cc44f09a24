package io.huddle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small TCP forwarder on a local port, for fault tests: it can appear late (a dependency that comes
 * up after the code under test started), can cut every open connection (a network failure) and can hang
 * (a server that stops answering: connections stay open and nothing comes through). No Toxiproxy can be had
 * here, so this stands in for it.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** While set, nothing is forwarded either way, on the open connections and on new ones. */
    private final Object gate = new Object();

    private boolean hung;

    private TcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on {@code port} of the loopback address and forwards every connection to {@code host:targetPort}. */
    public static TcpProxy start(int port, String host, int targetPort) {
        try {
            var listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            var proxy = new TcpProxy(listener, new InetSocketAddress(host, targetPort));
            Thread.ofVirtual().name("tcp-proxy-" + port).start(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every connection made through the proxy so far; new ones are still accepted. */
    public void cutConnections() {
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /**
     * Stops forwarding: every connection, open or new, stays open and carries nothing, as with a server that
     * hangs (stopped, or a network that drops packets without resetting). {@link #resume()} lets through what
     * waited.
     */
    public void hang() {
        synchronized (gate) {
            hung = true;
        }
    }

    /** Forwards again, starting with what arrived while hung. */
    public void resume() {
        synchronized (gate) {
            hung = false;
            gate.notifyAll();
        }
    }

    @Override
    public void close() {
        resume();
        closed = true;
        closeQuietly(listener);
        cutConnections();
    }

    private void accept() {
        while (!closed) {
            try {
                var client = listener.accept();
                Thread.ofVirtual().start(() -> connect(client));
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void connect(Socket client) {
        open.add(client);
        try {
            var upstream = new Socket();
            open.add(upstream);
            upstream.connect(target, 2000);
            Thread.ofVirtual().start(() -> pump(client, upstream));
            pump(upstream, client);
        } catch (IOException e) {
            cutPair(client, null);
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            var buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                awaitNotHung();
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // One side went away: the finally below closes the other.
        } finally {
            cutPair(from, to);
        }
    }

    private void awaitNotHung() throws IOException {
        synchronized (gate) {
            while (hung) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while hung", e);
                }
            }
        }
    }

    private void cutPair(Socket a, Socket b) {
        closeQuietly(a);
        open.remove(a);
        if (b != null) {
            closeQuietly(b);
            open.remove(b);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed or broken: either way it is gone, which is what was asked.
        }
    }
}
