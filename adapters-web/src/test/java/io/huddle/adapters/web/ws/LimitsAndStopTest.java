package io.huddle.adapters.web.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rate limits on /ws (429 before the upgrade, rate_limited frames) and the 1001 of a stopping gateway. */
class LimitsAndStopTest {

    private static final Optional<Limit> OFF = Optional.empty();

    @Test
    void an_upgrade_over_the_connect_limit_is_429_before_any_socket_opens() {
        var connectOnce = new LimitPolicy.Tiers(
                OFF, OFF, OFF, Optional.of(new Limit(1, Duration.ofSeconds(60))), OFF, OFF, OFF, OFF);
        try (var gateway = new WsFixture(WsFixture.Options.defaults().withLimits(connectOnce))) {
            var owner = gateway.created();
            var admitted = gateway.open(owner);

            var refused = WsClient.refusal(
                    WsClient.uri(gateway.port, ""),
                    Map.of("Authorization", "Bearer " + owner.token(), "X-Correlation-Id", "upgrade-1"));

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("60");
            assertThat(refused.headers().firstValue("RateLimit-Remaining")).contains("0");
            assertThat(refused.headers().firstValue("X-Correlation-Id")).contains("upgrade-1");
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(gateway.presence.sockets(new SessionCode(owner.code()), new MemberId(owner.memberId())))
                    .isEqualTo(1);
            admitted.close();
        }
    }

    @Test
    void with_connect_off_every_upgrade_opens_a_socket() {
        try (var gateway = new WsFixture()) {
            var owner = gateway.created();
            var clients = new java.util.ArrayList<WsClient>();
            for (int i = 0; i < 4; i++) clients.add(gateway.open(owner)); // each welcomed

            assertThat(gateway.presence.sockets(new SessionCode(owner.code()), new MemberId(owner.memberId())))
                    .isEqualTo(4);
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void a_send_over_the_message_limit_gets_rate_limited_with_its_tier_and_retry_after_and_the_socket_stays_open() {
        var oneMessage = new LimitPolicy.Tiers(
                Optional.of(new Limit(1, Duration.ofSeconds(60))), OFF, OFF, OFF, OFF, OFF, OFF, OFF);
        try (var gateway = new WsFixture(WsFixture.Options.defaults().withLimits(oneMessage))) {
            var owner = gateway.created();
            var client = gateway.open(owner);

            client.send("{\"type\":\"message:send\",\"content\":\"hi\",\"ref\":\"a\"}");
            assertThat(client.next("message:ack").path("ref").asText()).isEqualTo("a");
            client.send("{\"type\":\"message:send\",\"content\":\"again\",\"ref\":\"l\"}");
            var limited = client.next("error");
            client.send("{\"type\":\"ping\",\"ref\":\"open\"}");

            assertThat(limited.path("ref").asText()).isEqualTo("l");
            assertThat(limited.path("code").asText()).isEqualTo("rate_limited");
            assertThat(limited.path("retryAfter").asLong()).isBetween(59L, 60L);
            assertThat(client.next("pong").path("ref").asText()).isEqualTo("open");
            assertThat(gateway.log.span(new SessionCode(owner.code())).lastSeq())
                    .isEqualTo(1);
            client.close();
        }
    }

    /**
     * A member whose client stopped reading while another writes big state updates: 300 frames of 60 KB
     * (18 MB) wait for it, far under the 4,096-frame limit, and it is closed as too slow (its member goes
     * offline) instead of holding them all in the gateway's heap.
     */
    @Test
    void a_client_that_stops_reading_is_closed_once_megabytes_wait_for_it_not_only_after_4096_frames()
            throws Exception {
        try (var gateway = new WsFixture()) {
            var owner = gateway.created();
            var writer = gateway.open(owner);
            var stalled = gateway.joined(owner.code(), "Stalled", "member");
            writer.next("presence"); // joined
            try (var notReading = new java.net.Socket()) {
                notReading.setReceiveBufferSize(4096);
                notReading.connect(new java.net.InetSocketAddress("127.0.0.1", gateway.port));
                notReading
                        .getOutputStream()
                        .write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                        + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + stalled.token()
                                        + "\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                var online = writer.next("presence");
                assertThat(online.path("event").asText()).isEqualTo("online");

                String big = "x".repeat(60_000);
                for (int i = 0; i < 300; i++) {
                    writer.send("{\"type\":\"state:update\",\"data\":\"" + big + "\",\"ref\":\"" + i + "\"}");
                    writer.next("state:ack");
                }

                var offline = writer.next("presence");
                assertThat(offline.path("event").asText()).isEqualTo("offline");
                assertThat(offline.path("member").path("id").asText()).isEqualTo(stalled.memberId());
            }
            writer.close();
        }
    }

    /**
     * Every client hears its 1001 (and may reconnect elsewhere) before the gateway has unregistered any
     * socket: unregistering takes store round trips, and thousands of sockets one after the other kept the
     * last clients waiting for their close for many seconds.
     */
    @Test
    void a_stopping_gateway_sends_every_1001_before_it_unregisters_any_socket() throws Exception {
        try (var gateway = new WsFixture()) {
            var owner = gateway.created();
            var session = new SessionCode(owner.code());
            var member = new MemberId(owner.memberId());
            var clients = List.of(gateway.open(owner), gateway.open(owner), gateway.open(owner));
            gateway.holdUnregistrations();

            var drain = Thread.startVirtualThread(gateway::drain);
            for (var client : clients) assertThat(client.awaitClose().code()).isEqualTo(1001);
            assertThat(gateway.presence.sockets(session, member)).isEqualTo(3);

            gateway.releaseUnregistrations();
            drain.join(Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (gateway.presence.sockets(session, member) > 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(gateway.presence.sockets(session, member)).isZero();
        }
    }

    /**
     * While a stopping gateway unregisters its sockets its port still takes upgrades (Jetty stops accepting
     * after): a socket opened then is in none of the drain's lists, so it would be cut later without its
     * unregistration and its member would look online. It is closed with 1001 at once, never registered.
     */
    @Test
    void a_socket_opened_while_the_gateway_stops_is_sent_away_with_1001_and_never_registered() throws Exception {
        try (var gateway = new WsFixture()) {
            var owner = gateway.created();
            var session = new SessionCode(owner.code());
            var member = new MemberId(owner.memberId());
            var first = gateway.open(owner);
            gateway.holdUnregistrations();
            var drain = Thread.startVirtualThread(gateway::drain);
            assertThat(first.awaitClose().code()).isEqualTo(1001);

            var late = WsClient.withToken(gateway.port, owner.token(), "");

            assertThat(late.awaitClose().code()).isEqualTo(1001);
            assertThat(late.drained()).as("no welcome").isEmpty();
            assertThat(gateway.presence.sockets(session, member)).isEqualTo(1);
            gateway.releaseUnregistrations();
            drain.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void a_stopping_gateway_closes_its_sockets_with_1001_and_unregisters_them() {
        try (var gateway = new WsFixture()) {
            var owner = gateway.created();
            var client = gateway.open(owner);

            gateway.drain();

            assertThat(client.awaitClose().code()).isEqualTo(1001);
            assertThat(gateway.presence.sockets(new SessionCode(owner.code()), new MemberId(owner.memberId())))
                    .isZero();
        }
    }
}
