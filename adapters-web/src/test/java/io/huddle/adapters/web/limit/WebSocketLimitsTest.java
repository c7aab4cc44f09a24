package io.huddle.adapters.web.limit;

import static io.huddle.adapters.web.limit.LimitedGateway.code;
import static io.huddle.adapters.web.limit.LimitedGateway.rateLimitHeaders;
import static io.huddle.adapters.web.limit.LimitedGateway.token;
import static io.huddle.adapters.web.limit.RequestLimitsTest.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.huddle.adapters.web.HttpRoutes;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.Verdict;
import io.huddle.domain.member.MemberToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seams the WebSocket endpoint calls: upgrades limited by {@code connect}, frames by the member's tiers. */
class WebSocketLimitsTest {
    private final AtomicInteger opened = new AtomicInteger();
    private LimitedGateway api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    /** A stand-in for the WebSocket endpoint that guards its upgrades as the real one does. */
    private HttpRoutes socketEndpoint() {
        return routes -> {
            routes.wsBeforeUpgrade("/limited-ws", ctx -> api.limits.guardUpgrade(ctx));
            routes.ws("/limited-ws", ws -> ws.onConnect(ctx -> opened.incrementAndGet()));
        };
    }

    private WebSocket connect() {
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/limited-ws"), new WebSocket.Listener() {})
                .join();
    }

    @Test
    void an_upgrade_over_the_connect_limit_is_answered_429_before_any_socket_opens() {
        api = new LimitedGateway(only(Map.of("connect", new Limit(2, Duration.ofSeconds(60)))), socketEndpoint());
        connect().abort();
        connect().abort();

        var failure = catchThrowable(this::connect);

        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        var response = ((WebSocketHandshakeException) failure.getCause()).getResponse();
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("60");
        assertThat(response.headers().firstValue("RateLimit-Remaining")).contains("0");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(opened).hasValue(2);
    }

    @Test
    void a_frame_counts_against_the_same_burst_as_the_members_http_requests() {
        api = new LimitedGateway(only(Map.of("burst", new Limit(3, Duration.ofSeconds(1)))), socketEndpoint());
        var session = api.created();
        var hash = MemberToken.parse(token(session)).orElseThrow().hash();
        assertThat(rateLimitHeaders(api.get("/api/sessions/" + code(session), token(session))))
                .containsEntry("remaining", 2L);

        assertThat(api.limits.checkFrame(hash, "127.0.0.1", false))
                .hasValueSatisfying(v -> assertThat(v.decision().remaining()).isEqualTo(1));
        assertThat(api.limits.checkFrame(hash, "127.0.0.1", true))
                .hasValueSatisfying(v -> assertThat(v.allowed()).isTrue());
        Verdict over = api.limits.checkFrame(hash, "127.0.0.1", false).orElseThrow();

        assertThat(over.allowed()).isFalse();
        assertThat(over.tier()).isEqualTo("burst");
        assertThat(RequestLimits.retryAfterSeconds(over)).isEqualTo(1);
        assertThat(api.get("/api/sessions/" + code(session), token(session)).statusCode())
                .isEqualTo(429);
    }

    @Test
    void message_frames_count_the_message_tiers_and_other_frames_do_not() {
        api = new LimitedGateway(only(Map.of(
                "message", new Limit(2, Duration.ofSeconds(60)),
                "message-ip", new Limit(3, Duration.ofSeconds(60)))));
        var alice = MemberToken.parse(token(api.created())).orElseThrow().hash();
        var bob = MemberToken.parse(token(api.created())).orElseThrow().hash();

        assertThat(api.limits.checkFrame(alice, "10.0.0.1", false))
                .as("no tier for other frames")
                .isEmpty();
        assertThat(api.limits.checkFrame(alice, "10.0.0.1", true).orElseThrow().allowed())
                .isTrue();
        assertThat(api.limits.checkFrame(alice, "10.0.0.1", true).orElseThrow().allowed())
                .isTrue();
        var byMember = api.limits.checkFrame(alice, "10.0.0.1", true).orElseThrow();
        assertThat(byMember.tier()).isEqualTo("message");
        assertThat(RequestLimits.retryAfterSeconds(byMember)).isEqualTo(60);
        assertThat(api.limits.checkFrame(bob, "10.0.0.1", true).orElseThrow().allowed())
                .isTrue();
        var byIp = api.limits.checkFrame(bob, "10.0.0.1", true).orElseThrow();
        assertThat(byIp.allowed()).isFalse();
        assertThat(byIp.tier()).isEqualTo("message-ip");
        assertThat(api.limits.checkFrame(bob, "10.0.0.2", true).orElseThrow().allowed())
                .isTrue();
    }

    @Test
    void connect_off_lets_every_upgrade_through_without_a_check() {
        api = new LimitedGateway(only(Map.of()), socketEndpoint());

        for (int i = 0; i < 10; i++) connect().abort();

        assertThat(api.limits.checkConnect("127.0.0.1")).isEmpty();
    }
}
