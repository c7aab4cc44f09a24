package io.huddle.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP server on a free loopback port that speaks just enough RESP to pose as a Redis of another
 * version: {@code PING}, {@code CLIENT …} and {@code INFO} are answered, anything else is
 * {@code ERR unknown command}. No Redis 6 binary can be had here, so this is how a test shows what the
 * gateway does with a Redis it cannot use.
 */
public final class FakeRedis implements AutoCloseable {
    private final ServerSocket listener;
    private final String version;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private FakeRedis(ServerSocket listener, String version) {
        this.listener = listener;
        this.version = version;
    }

    /** Listens now; {@code INFO} answers {@code redis_version:<version>}. */
    public static FakeRedis ofVersion(String version) {
        try {
            var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            var fake = new FakeRedis(listener, version);
            Thread.ofVirtual().name("fake-redis").start(fake::accept);
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("redis://127.0.0.1:" + listener.getLocalPort());
    }

    private void accept() {
        while (!closed) {
            try {
                var socket = listener.accept();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            for (List<String> command; (command = read(in)) != null; ) {
                String name = command.isEmpty() ? "" : command.getFirst().toUpperCase(Locale.ROOT);
                String reply = switch (name) {
                    case "PING" -> "+PONG\r\n";
                    case "CLIENT" -> "+OK\r\n";
                    case "INFO" -> bulk("# Server\r\nredis_version:" + version + "\r\nredis_mode:standalone\r\n");
                    default -> "-ERR unknown command '" + name + "'\r\n";
                };
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(socket);
        }
    }

    private static String bulk(String text) {
        return "$" + text.getBytes(StandardCharsets.UTF_8).length + "\r\n" + text + "\r\n";
    }

    /** One command as a RESP array of bulk strings; null at the end of the stream. */
    private static List<String> read(InputStream in) throws IOException {
        String header = line(in);
        if (header == null) return null;
        if (!header.startsWith("*")) return List.of(header.split(" "));
        int count = Integer.parseInt(header.substring(1));
        var parts = new ArrayList<String>(count);
        for (int i = 0; i < count; i++) {
            int length = Integer.parseInt(line(in).substring(1));
            byte[] bytes = in.readNBytes(length);
            in.readNBytes(2);
            parts.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static String line(InputStream in) throws IOException {
        var text = new StringBuilder();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\r') {
                in.read();
                return text.toString();
            }
            text.append((char) b);
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (var socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
