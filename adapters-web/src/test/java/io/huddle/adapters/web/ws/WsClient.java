package io.huddle.adapters.web.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JDK WebSocket client that keeps every frame it receives, in order, and how the socket closed. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Bounds waits only so a lost frame cannot hang the build. */
    static final long WAIT_SECONDS = 15;

    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    /** Server pings received (the JDK answers each with a pong by itself). */
    final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();

    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    record Close(int code, String reason) {}

    /** Connects to {@code /ws} of {@code uri}, e.g. {@code ws://127.0.0.1:1234/ws?since=3}. */
    static WsClient connect(URI uri, Map<String, String> headers, List<String> subprotocols) {
        var client = new WsClient();
        var builder = HTTP.newWebSocketBuilder();
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(
                    subprotocols.getFirst(),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    /** The status of a refused upgrade. */
    static int refusedWith(URI uri, Map<String, String> headers) {
        return refusal(uri, headers).statusCode();
    }

    /** The answer to an upgrade that was refused (an {@code AssertionError} if it was accepted). */
    static java.net.http.HttpResponse<?> refusal(URI uri, Map<String, String> headers) {
        try {
            connect(uri, headers, List.of()).close();
            throw new AssertionError("the upgrade was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) return refused.getResponse();
            throw e;
        }
    }

    static WsClient withToken(int port, String token) {
        return withToken(port, token, "");
    }

    static WsClient withToken(int port, String token, String query) {
        return connect(uri(port, query), Map.of("Authorization", "Bearer " + token), List.of());
    }

    static URI uri(int port, String query) {
        return URI.create("ws://127.0.0.1:" + port + "/ws" + query);
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
        pings.incrementAndGet();
        return WebSocket.Listener.super.onPing(webSocket, message);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(Json.reader().readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(-1, String.valueOf(error)));
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame, whatever it is. */
    JsonNode next() {
        try {
            var frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within " + WAIT_SECONDS + " s").isNotNull();
            FrameContract.check(frame);
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame of this type; frames of other types before it are dropped. */
    JsonNode next(String type) {
        return next(frame -> frame.path("type").asText().equals(type));
    }

    JsonNode next(Predicate<JsonNode> wanted) {
        while (true) {
            var frame = next();
            if (wanted.test(frame)) return frame;
        }
    }

    /** Every frame received so far and not taken. */
    List<JsonNode> drained() {
        var all = new ArrayList<JsonNode>();
        frames.drainTo(all);
        all.forEach(FrameContract::check);
        return all;
    }

    Close awaitClose() {
        try {
            return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the socket did not close within " + WAIT_SECONDS + " s", e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        socket.abort();
    }
}
