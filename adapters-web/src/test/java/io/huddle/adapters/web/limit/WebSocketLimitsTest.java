package io.huddle.adapters.web.limit;

import static io.huddle.adapters.web.limit.LimitedGateway.code;
import static io.huddle.adapters.web.limit.LimitedGateway.rateLimitHeaders;
import static io.huddle.adapters.web.limit.LimitedGateway.token;
import static io.huddle.adapters.web.limit.RequestLimitsTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.Verdict;
import io.huddle.domain.member.MemberToken;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seam the WebSocket endpoint calls for frames: the member's tiers (its upgrades: ws.LimitsAndStopTest). */
class WebSocketLimitsTest {
    private LimitedGateway api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    @Test
    void a_frame_counts_against_the_same_burst_as_the_members_http_requests() {
        api = new LimitedGateway(only(Map.of("burst", new Limit(3, Duration.ofSeconds(1)))));
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
}
