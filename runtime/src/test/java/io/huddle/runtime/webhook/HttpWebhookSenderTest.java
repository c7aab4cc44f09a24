package io.huddle.runtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.huddle.domain.webhook.WebhookDelivery;
import io.huddle.domain.webhook.WebhookSender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpWebhookSenderTest {
    private static final byte[] SECRET = "a-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-03T10:30:45.123Z");
    private static final WebhookDelivery DELIVERY =
            new WebhookDelivery("evt_1", "member.left", "{\"id\":\"evt_1\",\"type\":\"member.left\",\"é\":1}");

    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final AtomicInteger status = new AtomicInteger(204);
    private HttpServer server;

    private URI serve(long delayMillis) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/hook", exchange -> {
            exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.getFirst()));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private HttpWebhookSender sender(Duration timeout) {
        return new HttpWebhookSender(timeout, SECRET, InstantSource.fixed(NOW));
    }

    @Test
    void a_delivery_carries_its_id_type_timestamp_and_a_signature_the_documented_recipe_verifies() throws Exception {
        var sent = sender(Duration.ofSeconds(2)).send(serve(0), DELIVERY);

        assertThat(sent).isEqualTo(new WebhookSender.Sent.Taken());
        assertThat(seen.get("body")).isEqualTo(DELIVERY.body());
        assertThat(seen).containsEntry("huddle-event-id", "evt_1").containsEntry("huddle-event-type", "member.left");
        assertThat(seen.get("content-type")).startsWith("application/json");
        String timestamp = seen.get("huddle-timestamp");
        assertThat(timestamp).isEqualTo(Long.toString(NOW.getEpochSecond()));
        // The recipe of docs/api.md, step by step, with the JDK alone.
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        var expected = "v1="
                + java.util.HexFormat.of()
                        .formatHex(mac.doFinal((timestamp + "." + seen.get("body")).getBytes(StandardCharsets.UTF_8)));
        assertThat(seen.get("huddle-signature")).isEqualTo(expected);
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void a_receiver_that_answers_2xx_and_then_trickles_its_body_does_not_hold_the_sender() throws Exception {
        var stop = new java.util.concurrent.CountDownLatch(1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked: a body of no stated length, never finished
            try (var body = exchange.getResponseBody()) {
                while (!stop.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    body.write('.');
                    body.flush();
                }
            } catch (IOException | InterruptedException e) {
                // The sender closed the connection: what the fix does.
            }
        });
        server.start();
        var url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        try {
            // Without the fix the sender reads the body to its end, which never comes: the test times out.
            assertThat(sender(Duration.ofSeconds(2)).send(url, DELIVERY)).isEqualTo(new WebhookSender.Sent.Taken());
        } finally {
            stop.countDown();
        }
    }

    @Test
    void another_status_a_slow_answer_or_no_receiver_is_refused() throws Exception {
        var url = serve(0);
        status.set(500);
        assertThat(sender(Duration.ofSeconds(2)).send(url, DELIVERY))
                .isEqualTo(new WebhookSender.Sent.Refused("status 500"));
        status.set(302);
        assertThat(sender(Duration.ofSeconds(2)).send(url, DELIVERY)).isInstanceOf(WebhookSender.Sent.Refused.class);
        server.stop(0);
        server = null;
        assertThat(sender(Duration.ofSeconds(2)).send(url, DELIVERY)).isInstanceOf(WebhookSender.Sent.Refused.class);

        status.set(204);
        assertThat(sender(Duration.ofMillis(200)).send(serve(1500), DELIVERY))
                .isInstanceOf(WebhookSender.Sent.Refused.class);
    }
}
