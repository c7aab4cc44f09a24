package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.MetricsText;
import io.huddle.testkit.Poll;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member whose client stops reading while its session is busy: the gateway stops queueing frames for it
 * past a bound, closes its socket (1013, "too slow": it may come back with {@code since}), counts it on
 * {@code /metrics}, and everyone else goes on. Without the bound the gateway would hold every frame the
 * client does not take, for as long as the client stays connected.
 */
class SlowConsumerTest {
    /** More frames than a socket may have unsent (the bound is 4,096), each as large as content may be. */
    private static final int MESSAGES = 5_000;

    private static final String CONTENT = "x".repeat(4000);

    private Service gateway;
    private TestSocket sender;
    private Socket stalled;

    @BeforeEach
    void start() {
        String unlimited = "999999999/60s";
        gateway = Gateway.start(
                GatewayConfig.from(new Env(Map.of(
                        "PORT", "0",
                        "LOG_LEVEL", "ERROR",
                        "RATE_LIMIT_MESSAGE", unlimited,
                        "RATE_LIMIT_MESSAGE_IP", unlimited,
                        "RATE_LIMIT_BURST", unlimited))),
                InstantSource.system());
    }

    @AfterEach
    void stop() throws IOException {
        if (sender != null) sender.close();
        if (stalled != null) stalled.close();
        gateway.close();
    }

    @Test
    void a_client_that_stops_reading_is_closed_counted_and_the_others_go_on() throws Exception {
        var owner = body(send(gateway, "POST", "/api/sessions", null, "{\"name\":\"Busy\"}"));
        var code = owner.path("session").path("code").asText();
        var ownerToken = owner.path("member").path("token").asText();
        var slow =
                body(send(gateway, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"Slow\"}"));
        var slowId = slow.path("member").path("id").asText();
        stalled = openWithoutReading(
                gateway.port(), slow.path("member").path("token").asText());
        Poll.until(Duration.ofSeconds(10), "the stalled member online", () -> online(code, ownerToken, slowId));

        sender = TestSocket.open(gateway.port(), ownerToken, "");
        assertThat(sender.next().path("type").asText()).isEqualTo("welcome");
        for (int i = 0; i < MESSAGES; i++) {
            sender.send("{\"type\":\"message:send\",\"content\":\"" + CONTENT + "\",\"ref\":\"" + i + "\"}");
        }

        Poll.until(
                Duration.ofSeconds(30),
                "the stalled member's socket closed as too slow",
                () -> metric("huddle_ws_slow_consumer_closes_total") >= 1);
        Poll.until(Duration.ofSeconds(10), "the stalled member offline", () -> !online(code, ownerToken, slowId));
        assertThat(metric("huddle_ws_slow_consumer_closes_total")).isEqualTo(1);
        assertThat(metric("huddle_ws_connections")).as("open sockets").isEqualTo(1);
        assertThat(drainedToTheEnd(stalled))
                .as("the stalled connection was cut")
                .isTrue();
        sender.send("{\"type\":\"ping\",\"ref\":\"still-here\"}");
        assertThat(sender.next(f -> f.path("type").asText().equals("pong"))
                        .path("ref")
                        .asText())
                .isEqualTo("still-here");
    }

    /** Reads what the gateway had sent until the connection ends: true if it ended, false if it stayed open. */
    private static boolean drainedToTheEnd(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        var buffer = new byte[1 << 16];
        try {
            while (socket.getInputStream().read(buffer) >= 0) {}
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** Upgrades to a WebSocket with a small receive buffer and never reads a byte. */
    private static Socket openWithoutReading(int port, String token) throws IOException {
        var socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        var key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private boolean online(String code, String token, String memberId) {
        JsonNode members = body(send(gateway, "GET", "/api/sessions/" + code + "/members", token, null))
                .path("members");
        return StreamSupport.stream(members.spliterator(), false)
                .anyMatch(m -> m.path("id").asText().equals(memberId)
                        && m.path("online").asBoolean());
    }

    private double metric(String name) {
        var response = send(gateway, "GET", "/metrics", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return MetricsText.parse(response.body()).value(name);
    }
}
