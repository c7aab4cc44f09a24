package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.MetricsText;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real-time series of an embedded gateway, moved by real sockets and read from its {@code /metrics}:
 * connections, opened and closed by close code, frames in and out by type, bytes out, send latency,
 * deliveries, the local fan-out lag, frames refused by tier, and that no label carries a session code,
 * member id or token. (The cross-instance series, pub/sub, stores and fallbacks: {@code GatewayMetricsIT}.)
 */
class RealtimeMetricsTest {
    private Service gateway;
    private final List<TestSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        gateway = Gateway.start(
                GatewayConfig.from(new Env(Map.of(
                        "PORT", "0",
                        "LOG_LEVEL", "WARN",
                        // A member may send 20 frames and requests a minute: the 21st is refused by burst.
                        "RATE_LIMIT_BURST", "20/60s"))),
                InstantSource.system());
    }

    @AfterEach
    void stop() {
        sockets.forEach(TestSocket::close);
        gateway.close();
    }

    private MetricsText metrics() {
        var response = send(gateway, "GET", "/metrics", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return MetricsText.parse(response.body());
    }

    record Member(String code, String id, String token) {}

    private static Member member(JsonNode body) {
        return new Member(
                body.path("session").path("code").asText(),
                body.path("member").path("id").asText(),
                body.path("member").path("token").asText());
    }

    private Member joined(String code, String name) {
        var response =
                send(gateway, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"" + name + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return member(body(response));
    }

    private TestSocket welcomed(Member who) {
        var socket = TestSocket.open(gateway.port(), who.token(), "");
        sockets.add(socket);
        assertThat(socket.next().path("type").asText()).isEqualTo("welcome");
        return socket;
    }

    @Test
    void every_labelled_series_is_on_metrics_at_zero_before_its_first_event() {
        var before = metrics();

        for (var code :
                List.of("1000", "1001", "1006", "1008", "1009", "1011", "1013", "4001", "4004", "4008", "4009")) {
            assertThat(before.has("huddle_ws_closed_total", "code", code))
                    .as(code)
                    .isTrue();
        }
        assertThat(before.labelValues("huddle_ws_frames_in_total", "type"))
                .containsExactlyInAnyOrder(
                        "message:send",
                        "typing:start",
                        "typing:stop",
                        "state:update",
                        "history:fetch",
                        "ping",
                        "leave",
                        "unreadable");
        assertThat(before.labelValues("huddle_ws_frames_out_total", "type"))
                .containsExactlyInAnyOrder(
                        "welcome",
                        "message:new",
                        "message:ack",
                        "presence",
                        "typing",
                        "state:updated",
                        "state:ack",
                        "history",
                        "pong",
                        "session:terminated",
                        "session:warning",
                        "error");
        assertThat(before.labelValues("huddle_ratelimit_rejections_total", "tier"))
                .containsExactlyInAnyOrder(
                        "message", "message-ip", "burst", "connect", "join", "join-fail", "api", "strict", "server");
        assertThat(before.labelValues("huddle_fanout_lag_seconds_count", "path"))
                .containsExactlyInAnyOrder("local", "bus", "history");
        assertThat(before.labelValues("huddle_fanout_gap_fills_total", "source"))
                .containsExactlyInAnyOrder("recent", "log");
        assertThat(before.labelValues("huddle_fallback_active", "dependency")).contains("redis", "postgres");
        assertThat(before.value("huddle_fallback_active")).isZero();
        assertThat(before.value("huddle_ws_connections")).isZero();
        assertThat(before.has("huddle_message_send_seconds_bucket", "le", "0.1"))
                .isTrue();
        assertThat(before.has("huddle_fanout_lag_seconds_bucket", "path", "bus", "le", "0.25"))
                .isTrue();
    }

    @Test
    void sockets_frames_sends_and_deliveries_move_their_series() {
        var owner = member(body(send(gateway, "POST", "/api/sessions", null, "{\"name\":\"Metrics\"}")));
        var alice = joined(owner.code(), "Alice");
        var kicked = joined(owner.code(), "Kicked");
        var chatty = joined(owner.code(), "Chatty");

        var ownerSocket = welcomed(owner);
        var aliceSocket = welcomed(alice);
        var kickedSocket = welcomed(kicked);
        assertThat(metrics().value("huddle_ws_connections")).isEqualTo(3);

        aliceSocket.send("{\"type\":\"message:send\",\"content\":\"hello\",\"ref\":\"s1\"}");
        aliceSocket.next("message:ack");
        assertThat(metrics().value("huddle_message_send_seconds_count"))
                .as("a client holding its ack finds its send timed")
                .isEqualTo(1);
        ownerSocket.next("message:new");
        assertThat(metrics().value("huddle_fanout_lag_seconds_count", "path", "local"))
                .as("a client holding a message finds its fan-out measured")
                .isEqualTo(1);
        aliceSocket.send("{\"type\":\"ping\",\"ref\":\"p1\"}");
        aliceSocket.next("pong");
        aliceSocket.send("{not json");
        aliceSocket.next("error");

        var kick = send(
                gateway, "DELETE", "/api/sessions/" + owner.code() + "/members/" + kicked.id(), owner.token(), null);
        assertThat(kick.statusCode()).isEqualTo(204);
        assertThat(kickedSocket.awaitClose()).isEqualTo(4009);
        assertThat(metrics().value("huddle_ws_closed_total", "code", "4009"))
                .as("a client holding its close code finds it counted")
                .isEqualTo(1);

        var chattySocket = welcomed(chatty);
        for (int i = 0; i < 25; i++) chattySocket.send("{\"type\":\"ping\",\"ref\":\"c" + i + "\"}");
        var refused = chattySocket.next("error");
        assertThat(refused.path("code").asText()).isEqualTo("rate_limited");
        assertThat(refused.path("tier").asText()).isEqualTo("burst");

        aliceSocket.send("{\"type\":\"leave\"}");
        assertThat(aliceSocket.awaitClose()).isEqualTo(1000);

        // Counted before the close frame went out: no wait.
        var after = metrics();
        assertThat(after.value("huddle_ws_opened_total")).isEqualTo(4);
        assertThat(after.value("huddle_ws_connections")).isEqualTo(2);
        assertThat(after.value("huddle_ws_closed_total", "code", "4009")).isEqualTo(1);
        assertThat(after.value("huddle_ws_closed_total", "code", "1000")).isEqualTo(1);
        assertThat(after.value("huddle_ws_frames_in_total", "type", "message:send"))
                .isEqualTo(1);
        assertThat(after.value("huddle_ws_frames_in_total", "type", "ping")).isGreaterThanOrEqualTo(21);
        assertThat(after.value("huddle_ws_frames_in_total", "type", "unreadable"))
                .isEqualTo(1);
        assertThat(after.value("huddle_ws_frames_in_total", "type", "leave")).isEqualTo(1);
        assertThat(after.value("huddle_ws_frames_out_total", "type", "welcome")).isEqualTo(4);
        assertThat(after.value("huddle_ws_frames_out_total", "type", "message:ack"))
                .isEqualTo(1);
        assertThat(after.value("huddle_ws_frames_out_total", "type", "message:new"))
                .as("to the owner and the member later kicked")
                .isEqualTo(2);
        assertThat(after.value("huddle_ws_frames_out_total", "type", "pong")).isGreaterThanOrEqualTo(1);
        assertThat(after.value("huddle_ws_frames_out_total", "type", "error")).isGreaterThanOrEqualTo(2);
        assertThat(after.value("huddle_ws_frames_out_total", "type", "presence"))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.value("huddle_ws_sent_bytes_total")).isGreaterThan(1000);
        assertThat(after.value("huddle_message_send_seconds_count")).isEqualTo(1);
        assertThat(after.value("huddle_message_send_seconds_bucket", "le", "+Inf"))
                .isEqualTo(1);
        assertThat(after.value("huddle_fanout_deliveries_total")).isGreaterThanOrEqualTo(3);
        assertThat(after.value("huddle_fanout_rounds_total")).isGreaterThanOrEqualTo(1);
        assertThat(after.value("huddle_fanout_lag_seconds_count", "path", "local"))
                .isEqualTo(1);
        assertThat(after.value("huddle_ws_frames_limited_total", "tier", "burst"))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.value("huddle_ratelimit_rejections_total", "tier", "burst"))
                .isGreaterThanOrEqualTo(1);

        // Low cardinality: nothing of a session, a member or a token is ever a label value.
        var raw = send(gateway, "GET", "/metrics", null, null).body();
        for (var secret : List.of(owner.code(), alice.id(), kicked.id(), alice.token(), owner.token())) {
            assertThat(raw).doesNotContain(secret);
        }
        assertThat(Pattern.compile("\"m_[A-Za-z0-9_-]+\"|\"hm_").matcher(raw).find())
                .isFalse();
    }
}
