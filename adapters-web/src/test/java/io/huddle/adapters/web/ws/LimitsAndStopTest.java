package io.huddle.adapters.web.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rate limits' seam (429 before the upgrade, rate_limited frames) and the 1001 of a stopping gateway. */
class LimitsAndStopTest {

    @Test
    void an_upgrade_the_gate_refuses_is_429_before_any_socket_opens() {
        FrameGate refusing = upgrade -> new FrameGate.Refused(Duration.ofMillis(2500));
        try (var gateway = new WsFixture(WsFixture.Options.defaults().withGate(refusing))) {
            var owner = gateway.created();

            int status = WsClient.refusedWith(
                    WsClient.uri(gateway.port, ""), Map.of("Authorization", "Bearer " + owner.token()));

            assertThat(status).isEqualTo(429);
            assertThat(gateway.presence.online(new SessionCode(owner.code()))).isEmpty();
        }
    }

    @Test
    void a_frame_the_gate_refuses_gets_rate_limited_with_retry_after_and_the_socket_stays_open() {
        FrameGate sendsLimited = upgrade -> new FrameGate.Admitted((member, type) ->
                type.equals("message:send") ? Optional.of(Duration.ofMillis(1200)) : Optional.empty());
        try (var gateway = new WsFixture(WsFixture.Options.defaults().withGate(sendsLimited))) {
            var owner = gateway.created();
            var client = gateway.open(owner);

            client.send("{\"type\":\"message:send\",\"content\":\"hi\",\"ref\":\"l\"}");
            var limited = client.next("error");
            client.send("{\"type\":\"ping\",\"ref\":\"open\"}");

            assertThat(limited.toString())
                    .isEqualTo(
                            "{\"type\":\"error\",\"ref\":\"l\",\"code\":\"rate_limited\",\"message\":\"Too many frames; retry later.\",\"retryAfter\":2}");
            assertThat(client.next("pong").path("ref").asText()).isEqualTo("open");
            assertThat(gateway.log.span(new SessionCode(owner.code())).lastSeq())
                    .isZero();
            client.close();
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
