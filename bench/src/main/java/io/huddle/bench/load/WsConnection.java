package io.huddle.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One member's WebSocket to a gateway (PROTOCOL.md section 5), on a plain socket that can be bound to a
 * chosen source address before it connects (which {@code java.net.http} cannot do): the token as the
 * subprotocols {@code huddle.v1, bearer.…}, no compression, opened once the {@code welcome} frame arrived.
 * After that one virtual thread per connection reads frames and answers the server's pings, so an idle
 * connection stays open across heartbeats.
 */
final class WsConnection {
    /** What the scenarios hear from a connection; called on its reader thread. */
    interface Listener {
        default void onNew(String content) {}

        default void onAck(String ref, boolean ok, String code) {}

        default void onClose(int code) {}

        default void onEvent(String type) {}
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "ws-closer");
        thread.setDaemon(true);
        return thread;
    });
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Listener listener;
    private final RateLimits rateLimits;
    private final ReentrantLock writing = new ReentrantLock();
    private volatile boolean open = true;
    private volatile boolean closeSent;
    private int welcomeMessages;

    private WsConnection(Socket socket, InputStream in, OutputStream out, Listener listener, RateLimits rateLimits) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.listener = listener;
        this.rateLimits = rateLimits;
    }

    /**
     * Connects, upgrades and waits for the welcome, all within {@code timeout}; {@code source} is the local
     * address to bind (null: the system's choice). Throws with the harness's codes: {@code http_<status>}
     * for a refused upgrade, {@code close_<code>} for a close before the welcome, {@code welcome_timeout}.
     * Every refusal by a rate limit (the upgrade's {@code 429}, a {@code rate_limited} error frame) goes to
     * {@code rateLimits} with its tier.
     */
    static WsConnection open(
            URI base, String token, InetAddress source, Duration timeout, Listener listener, RateLimits rateLimits)
            throws IOException {
        boolean tls = base.getScheme().equals("https") || base.getScheme().equals("wss");
        String host = base.getHost();
        int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
        int millis = Math.toIntExact(timeout.toMillis());
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            if (source != null) socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            if (tls) {
                var ssl = (SSLSocket)
                        ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
                ssl.startHandshake();
                socket = ssl;
            }
            var connection = new WsConnection(
                    socket,
                    new BufferedInputStream(socket.getInputStream(), 2048),
                    socket.getOutputStream(),
                    listener,
                    rateLimits);
            connection.upgrade(base, host, port, token);
            connection.awaitWelcome();
            socket.setSoTimeout(0);
            Thread.ofVirtual().start(connection::readUntilClosed);
            return connection;
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new Failures.Coded("welcome_timeout", "no welcome within " + timeout);
        } catch (ClosedByServer e) {
            socket.close();
            throw new Failures.Coded("close_" + e.code, "closed with " + e.code + " before the welcome");
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** How many messages the welcome frame held. */
    int welcomeMessages() {
        return welcomeMessages;
    }

    boolean isOpen() {
        return open;
    }

    /** A {@code message:send} frame with {@code ref}. */
    void send(String ref, String content) throws IOException {
        write(WsFrames.text(
                "{\"type\":\"message:send\",\"ref\":" + quoted(ref) + ",\"content\":" + quoted(content) + "}", mask()));
    }

    /** Starts the closing handshake (1000); the socket goes once the server answers, or after a grace period. */
    void close() {
        if (!open || closeSent) return;
        closeSent = true;
        try {
            write(WsFrames.close(1000, mask()));
        } catch (IOException e) {
            terminate();
            return;
        }
        CLOSER.schedule(this::terminate, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops the TCP connection without a closing handshake. */
    void terminate() {
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            // Closing: nothing more to do with it.
        }
    }

    private void upgrade(URI base, String host, int port, String token) throws IOException {
        var key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String secKey = Base64.getEncoder().encodeToString(key);
        String path = (base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "")) + "/ws";
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + secKey + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: huddle.v1, bearer." + token + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        var head = readHead();
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) throw new IOException("not HTTP: " + lines[0]);
        String accept = header(lines, "sec-websocket-accept");
        if (!status[1].equals("101")) {
            if (status[1].equals("429")) {
                // The problem body names the refusing tier (PROTOCOL.md section 7).
                String tier = tier(readBody(header(lines, "content-length")));
                rateLimits.refused(tier, "a WebSocket upgrade");
                throw new Failures.Coded("http_429", tier, "upgrade refused: " + lines[0]);
            }
            throw new Failures.Coded("http_" + status[1], "upgrade refused: " + lines[0]);
        }
        if (!WsFrames.accept(secKey).equals(accept))
            throw new Failures.Coded("bad_accept", "wrong Sec-WebSocket-Accept");
    }

    private static String header(String[] lines, String name) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0
                    && lines[i].substring(0, colon)
                            .trim()
                            .toLowerCase(Locale.ROOT)
                            .equals(name)) {
                return lines[i].substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The body of a refused upgrade, when it says its length and is small; else nothing. */
    private byte[] readBody(String contentLength) {
        try {
            int length = Integer.parseInt(contentLength);
            if (length <= 0 || length > 16384) return new byte[0];
            return in.readNBytes(length);
        } catch (NumberFormatException | IOException e) {
            return new byte[0];
        }
    }

    /** The {@code tier} of a problem body or an error frame; null when it names none. */
    private static String tier(byte[] json) {
        try {
            var node = JSON.readTree(json);
            return node != null && node.hasNonNull("tier") ? node.get("tier").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String readHead() throws IOException {
        var head = new ByteArrayOutputStream(256);
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) { // the blank line after the headers
            int b = in.read();
            if (b < 0) throw new EOFException("closed during the upgrade");
            head.write(b);
            last4 = last4 << 8 | b;
            if (head.size() > 16384) throw new IOException("upgrade response too long");
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private void awaitWelcome() throws IOException {
        while (true) {
            var frame = JSON.readTree(nextMessage());
            String type = frame.path("type").asText("");
            if (type.equals("welcome")) {
                welcomeMessages = frame.path("messages").size();
                return;
            }
            listener.onEvent("before_welcome:" + type);
        }
    }

    private void readUntilClosed() {
        int code = 1006;
        try {
            while (true) dispatch(nextMessage());
        } catch (ClosedByServer e) {
            code = e.code;
        } catch (IOException | RuntimeException e) {
            // The connection dropped (or this side terminated it): 1006, as a browser reports it.
        }
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            // Closed already.
        }
        listener.onClose(code);
    }

    private void dispatch(byte[] text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (IOException e) {
            listener.onEvent("bad_frame");
            return;
        }
        String type = frame.path("type").asText("");
        switch (type) {
            case "message:new" ->
                listener.onNew(frame.path("message").path("content").asText(null));
            case "message:ack" -> listener.onAck(frame.path("ref").asText(null), true, null);
            case "error" -> {
                if (code(frame).equals("rate_limited")) {
                    rateLimits.refused(
                            frame.hasNonNull("tier") ? frame.get("tier").asText() : null,
                            frame.hasNonNull("ref") ? "a message:send" : "a frame");
                }
                if (frame.hasNonNull("ref")) listener.onAck(frame.get("ref").asText(), false, code(frame));
                else listener.onEvent("error:" + code(frame));
            }
            default -> listener.onEvent(type);
        }
    }

    private static String code(JsonNode frame) {
        return frame.hasNonNull("code") ? frame.get("code").asText() : "error";
    }

    /** The next text message (reassembled if fragmented); answers pings and the close handshake on the way. */
    private byte[] nextMessage() throws IOException {
        ByteArrayOutputStream fragments = null;
        while (true) {
            var frame = WsFrames.read(in);
            switch (frame.opcode()) {
                case WsFrames.PING -> write(WsFrames.encode(WsFrames.PONG, frame.payload(), mask()));
                case WsFrames.PONG -> {}
                case WsFrames.CLOSE -> {
                    int code = WsFrames.closeCode(frame.payload());
                    open = false;
                    if (!closeSent) {
                        closeSent = true;
                        try {
                            write(WsFrames.encode(WsFrames.CLOSE, frame.payload(), mask()));
                        } catch (IOException e) {
                            // The server may have closed its side already.
                        }
                    }
                    throw new ClosedByServer(code);
                }
                case WsFrames.TEXT, WsFrames.BINARY -> {
                    if (frame.fin()) {
                        if (frame.opcode() == WsFrames.TEXT) return frame.payload();
                        listener.onEvent("binary");
                    } else {
                        fragments = new ByteArrayOutputStream();
                        fragments.write(frame.payload());
                    }
                }
                case WsFrames.CONTINUATION -> {
                    if (fragments == null) throw new IOException("continuation without a first frame");
                    fragments.write(frame.payload());
                    if (frame.fin()) return fragments.toByteArray();
                }
                default -> throw new IOException("opcode " + frame.opcode());
            }
        }
    }

    private void write(byte[] frame) throws IOException {
        writing.lock();
        try {
            out.write(frame);
            out.flush();
        } finally {
            writing.unlock();
        }
    }

    private static byte[] mask() {
        var mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        return mask;
    }

    /** A JSON string literal. */
    static String quoted(String value) {
        var out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    /** The server's close frame ended the connection. */
    private static final class ClosedByServer extends IOException {
        private final int code;

        ClosedByServer(int code) {
            super("closed by the server with " + code);
            this.code = code;
        }
    }
}
