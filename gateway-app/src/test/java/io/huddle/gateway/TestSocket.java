package io.huddle.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JDK WebSocket client on {@code /ws} that keeps every frame it receives, in order, and how it closed. */
final class TestSocket implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bounds waits only so a lost frame cannot hang the build. */
    static final long WAIT_SECONDS = 20;

    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Connects with the token in the Authorization header; {@code query} e.g. {@code "?since=3"} or {@code ""}. */
    static TestSocket open(int port, String token, String query) {
        var client = new TestSocket();
        client.socket = HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws" + query), client)
                .join();
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    synchronized void send(String text) {
        socket.sendText(text, true).join();
    }

    JsonNode next() {
        try {
            var frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within " + WAIT_SECONDS + " s").isNotNull();
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

    int awaitClose() {
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
