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
 * up after the code under test started) and can cut every open connection (a network failure). No
 * Toxiproxy can be had here, so this stands in for it.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

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

    @Override
    public void close() {
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
            in.transferTo(out);
        } catch (IOException e) {
            // One side went away: the finally below closes the other.
        } finally {
            cutPair(from, to);
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
