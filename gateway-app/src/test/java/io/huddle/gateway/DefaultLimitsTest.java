package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default limits (PROTOCOL.md section 7) as a room behind one address meets them: an embedded
 * gateway with no {@code RATE_LIMIT_*} set, on a clock the test moves, everyone on 127.0.0.1.
 */
class DefaultLimitsTest {
    private final MovingClock clock = new MovingClock();
    private Service gateway;

    @BeforeEach
    void start() {
        gateway = Gateway.start(GatewayConfig.from(new Env(Map.of("PORT", "0"))), clock);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void sixty_people_behind_one_address_join_in_fifteen_minutes_and_failed_requests_cost_them_nothing() {
        var owner = body(send(gateway, "POST", "/api/sessions", null, "{\"maxMembers\":100}"));
        var members = "/api/sessions/" + owner.path("session").path("code").asText() + "/members";
        assertThat(send(gateway, "POST", members, null, "{}").statusCode()).isEqualTo(400);
        assertThat(send(gateway, "POST", members, null, "{\"displayName\":\"\"}")
                        .statusCode())
                .isEqualTo(400);

        for (int i = 1; i <= 60; i++) {
            var joined = send(gateway, "POST", members, null, "{\"displayName\":\"Student " + i + "\"}");
            assertThat(joined.statusCode()).as("join %d: %s", i, joined.body()).isEqualTo(201);
            clock.advance(Duration.ofSeconds(10));
        }
        var sixtyFirst = send(gateway, "POST", members, null, "{\"displayName\":\"Late\"}");

        assertRefusedBy("join", sixtyFirst);
    }

    @Test
    void a_member_sends_sixty_messages_a_minute_and_the_sixty_first_is_refused_by_message() {
        var owner = body(send(gateway, "POST", "/api/sessions", null, "{}"));
        var messages = "/api/sessions/" + owner.path("session").path("code").asText() + "/messages";
        var token = owner.path("member").path("token").asText();

        for (int i = 1; i <= 60; i++) {
            assertThat(send(gateway, "POST", messages, token, "{\"content\":\"m" + i + "\"}")
                            .statusCode())
                    .as("message %d", i)
                    .isEqualTo(201);
            clock.advance(Duration.ofMillis(500));
        }

        assertRefusedBy("message", send(gateway, "POST", messages, token, "{\"content\":\"one more\"}"));
    }

    @Test
    void ten_members_behind_one_address_chat_six_hundred_messages_a_minute_then_message_ip_refuses() {
        var owner = body(send(gateway, "POST", "/api/sessions", null, "{}"));
        var code = owner.path("session").path("code").asText();
        var tokens = new ArrayList<String>();
        for (int i = 0; i < 11; i++) {
            var joined = body(send(
                    gateway, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"P" + i + "\"}"));
            tokens.add(joined.path("member").path("token").asText());
        }
        var messages = "/api/sessions/" + code + "/messages";

        for (int round = 1; round <= 60; round++) {
            for (var token : tokens.subList(0, 10)) {
                var sent = send(gateway, "POST", messages, token, "{\"content\":\"r" + round + "\"}");
                assertThat(sent.statusCode())
                        .as("round %d: %s", round, sent.body())
                        .isEqualTo(201);
                clock.advance(Duration.ofMillis(20));
            }
        }

        assertRefusedBy("message-ip", send(gateway, "POST", messages, tokens.get(10), "{\"content\":\"hi\"}"));
    }

    @Test
    void a_whiteboard_at_thirty_updates_a_second_is_never_refused_but_fifty_one_in_one_second_are() {
        var owner = body(send(gateway, "POST", "/api/sessions", null, "{}"));
        var state = "/api/sessions/" + owner.path("session").path("code").asText() + "/state";
        var token = owner.path("member").path("token").asText();

        for (int i = 0; i < 90; i++) {
            assertThat(send(gateway, "PUT", state, token, "{\"data\":{\"stroke\":" + i + "}}")
                            .statusCode())
                    .as("update %d", i)
                    .isEqualTo(200);
            clock.advance(Duration.ofMillis(34));
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            assertThat(send(gateway, "PUT", state, token, "{\"data\":{\"burst\":" + i + "}}")
                            .statusCode())
                    .isEqualTo(200);
        }

        assertRefusedBy("burst", send(gateway, "PUT", state, token, "{\"data\":{\"burst\":50}}"));
    }

    @Test
    void sixty_sockets_a_minute_open_from_one_address_and_the_sixty_first_upgrade_is_refused_by_connect() {
        var owner = body(send(gateway, "POST", "/api/sessions", null, "{}"));
        var token = owner.path("member").path("token").asText();

        for (int i = 1; i <= 60; i++) {
            assertThat(upgrade(gateway.port(), token).status())
                    .as("upgrade %d", i)
                    .isEqualTo(101);
        }
        var refused = upgrade(gateway.port(), token);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("\"code\":\"rate_limited\"").contains("\"tier\":\"connect\"");
    }

    @Test
    void a_thousand_other_api_requests_from_one_address_in_fifteen_minutes_then_api_refuses() {
        for (int i = 1; i <= 1000; i++) {
            assertThat(send(gateway, "GET", "/api/sessions", null, null).statusCode())
                    .as("request %d", i)
                    .isEqualTo(401);
        }

        assertRefusedBy("api", send(gateway, "GET", "/api/sessions", null, null));
    }

    @Test
    void sixty_sessions_created_in_fifteen_minutes_then_strict_refuses() {
        for (int i = 1; i <= 60; i++) {
            assertThat(send(gateway, "POST", "/api/sessions", null, "{}").statusCode())
                    .as("create %d", i)
                    .isEqualTo(201);
        }

        assertRefusedBy("strict", send(gateway, "POST", "/api/sessions", null, "{}"));
    }

    private static void assertRefusedBy(String tier, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        JsonNode problem = body(response);
        assertThat(problem.path("code").asText()).isEqualTo("rate_limited");
        assertThat(problem.path("tier").asText()).isEqualTo(tier);
        assertThat(problem.path("retryAfter").asLong()).isPositive();
        assertThat(response.headers().firstValue("Retry-After"))
                .contains(Long.toString(problem.path("retryAfter").asLong()));
    }

    record Answer(int status, String body) {}

    /** A WebSocket upgrade written by hand, so a refusal's body can be read; the socket is closed at once. */
    static Answer upgrade(int port, String token) {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            int length = 0;
            boolean chunked = false;
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                var header = line.toLowerCase(Locale.ROOT);
                if (header.startsWith("content-length:"))
                    length = Integer.parseInt(header.substring(15).strip());
                if (header.startsWith("transfer-encoding:") && header.contains("chunked")) chunked = true;
            }
            if (status == 101) return new Answer(status, "");
            var body = new StringBuilder();
            if (chunked) {
                for (int size; (size = Integer.parseInt(in.readLine().strip(), 16)) > 0; ) {
                    body.append(read(in, size));
                    in.readLine();
                }
            } else {
                body.append(read(in, length));
            }
            return new Answer(status, body.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(BufferedReader in, int chars) throws IOException {
        var buffer = new char[chars];
        int read = 0;
        while (read < chars) {
            int n = in.read(buffer, read, chars - read);
            if (n < 0) break;
            read += n;
        }
        return new String(buffer, 0, read);
    }

    /** Moves only when the test moves it. */
    static final class MovingClock implements InstantSource {
        private final AtomicReference<Instant> now =
                new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MILLIS));

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }
    }
}
