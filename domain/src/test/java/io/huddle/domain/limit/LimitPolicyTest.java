package io.huddle.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.limit.LimitPolicy.Action;
import io.huddle.domain.limit.LimitPolicy.Requester;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.OwnerId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LimitPolicyTest {
    private static final Limit MESSAGE = new Limit(10, Duration.ofSeconds(60));
    private static final Limit MESSAGE_IP = new Limit(20, Duration.ofSeconds(60));
    private static final Limit BURST = new Limit(10, Duration.ofSeconds(1));
    private static final Limit CONNECT = new Limit(5, Duration.ofSeconds(60));
    private static final Limit JOIN = new Limit(5, Duration.ofMinutes(15));
    private static final Limit JOIN_FAIL = new Limit(600, Duration.ofSeconds(60));
    private static final Limit API = new Limit(100, Duration.ofMinutes(15));
    private static final Limit STRICT = new Limit(20, Duration.ofMinutes(15));
    private static final LimitPolicy.Tiers ALL = new LimitPolicy.Tiers(
            Optional.of(MESSAGE),
            Optional.of(MESSAGE_IP),
            Optional.of(BURST),
            Optional.of(CONNECT),
            Optional.of(JOIN),
            Optional.of(JOIN_FAIL),
            Optional.of(API),
            Optional.of(STRICT));

    private final LimitPolicy policy = new LimitPolicy(ALL);
    private final TokenHash token =
            MemberToken.generate(new SplittableRandom(1)).hash();
    private final Requester member = new Requester.Member(token);
    private final String memberKey = "member:" + token.hex();

    @Test
    void ipv6_clients_are_counted_by_their_64_network_so_a_client_cannot_rotate_addresses_for_fresh_counts() {
        var oneNetwork = List.of("2001:db8:1:2:0:0:0:1", "2001:db8:1:2:ffff:ffff:ffff:fffe", "2001:0db8:0001:0002::9");
        for (var address : oneNetwork) {
            assertThat(policy.checks(new Action.Connect(address)))
                    .as(address)
                    .containsExactly(new LimitCheck("connect", "ip:2001:db8:1:2::/64", CONNECT));
        }
        assertThat(policy.checks(new Action.Connect("2001:db8:1:3:0:0:0:1")))
                .containsExactly(new LimitCheck("connect", "ip:2001:db8:1:3::/64", CONNECT));
        assertThat(policy.checks(new Action.Connect("::1")))
                .containsExactly(new LimitCheck("connect", "ip:0:0:0:0::/64", CONNECT));
        assertThat(policy.checks(new Action.Connect("203.0.113.7")))
                .containsExactly(new LimitCheck("connect", "ip:203.0.113.7", CONNECT));
    }

    @Test
    void a_server_request_counts_by_its_key_and_by_ip_without_a_valid_one() {
        var server = new Limit(6000, Duration.ofSeconds(60));
        var policy = new LimitPolicy(new LimitPolicy.Tiers(
                Optional.of(MESSAGE),
                Optional.of(MESSAGE_IP),
                Optional.of(BURST),
                Optional.of(CONNECT),
                Optional.of(JOIN),
                Optional.of(JOIN_FAIL),
                Optional.of(API),
                Optional.of(STRICT),
                Optional.of(server)));

        assertThat(policy.checks(new Action.ServerRequest(
                        "10.0.0.1", new Requester.Server(new io.huddle.domain.server.ServerKeyName("billing")))))
                .containsExactly(new LimitCheck("server", "server:billing", server));
        assertThat(policy.checks(new Action.ServerRequest("10.0.0.1", new Requester.Anonymous())))
                .containsExactly(new LimitCheck("server", "ip:10.0.0.1", server));
        assertThat(this.policy.checks(new Action.ServerRequest("10.0.0.1", new Requester.Anonymous())))
                .as("the tier is off unless set")
                .isEmpty();
    }

    @Test
    void an_api_request_counts_by_ip_and_a_member_also_by_its_burst() {
        assertThat(policy.checks(new Action.ApiRequest("10.0.0.1", member)))
                .containsExactly(new LimitCheck("api", "ip:10.0.0.1", API), new LimitCheck("burst", memberKey, BURST));
        assertThat(policy.checks(new Action.ApiRequest("10.0.0.1", new Requester.Anonymous())))
                .containsExactly(new LimitCheck("api", "ip:10.0.0.1", API));
        assertThat(policy.checks(new Action.ApiRequest("10.0.0.1", new Requester.User(new OwnerId("u1")))))
                .containsExactly(new LimitCheck("api", "ip:10.0.0.1", API));
    }

    @Test
    void a_strict_request_counts_by_user_or_member_and_by_ip_only_without_either() {
        assertThat(policy.checks(new Action.StrictRequest("10.0.0.1", new Requester.User(new OwnerId("u1")))))
                .containsExactly(new LimitCheck("strict", "user:u1", STRICT));
        assertThat(policy.checks(new Action.StrictRequest("10.0.0.1", member)))
                .containsExactly(
                        new LimitCheck("strict", memberKey, STRICT), new LimitCheck("burst", memberKey, BURST));
        assertThat(policy.checks(new Action.StrictRequest("10.0.0.1", new Requester.Anonymous())))
                .containsExactly(new LimitCheck("strict", "ip:10.0.0.1", STRICT));
    }

    @Test
    void a_join_counts_by_ip_and_is_gated_by_the_global_failures_which_it_does_not_count() {
        assertThat(policy.checks(new Action.Join("::1")))
                .containsExactly(
                        new LimitCheck("join", "ip:0:0:0:0::/64", JOIN),
                        LimitCheck.checkOnly("join-fail", "everyone", JOIN_FAIL));
        assertThat(policy.checks(new Action.JoinFailed()))
                .containsExactly(new LimitCheck("join-fail", "everyone", JOIN_FAIL));
    }

    @Test
    void a_join_attempt_before_its_body_is_read_is_only_gated_by_the_global_failures_and_counted_by_nothing() {
        assertThat(policy.checks(new Action.JoinAttempt()))
                .containsExactly(LimitCheck.checkOnly("join-fail", "everyone", JOIN_FAIL));
    }

    @Test
    void a_message_counts_by_member_by_ip_and_by_burst() {
        assertThat(policy.checks(new Action.SendMessage("10.0.0.1", member)))
                .containsExactly(
                        new LimitCheck("message", memberKey, MESSAGE),
                        new LimitCheck("message-ip", "ip:10.0.0.1", MESSAGE_IP),
                        new LimitCheck("burst", memberKey, BURST));
        assertThat(policy.checks(new Action.SendMessage("10.0.0.1", new Requester.Anonymous())))
                .containsExactly(new LimitCheck("message-ip", "ip:10.0.0.1", MESSAGE_IP));
    }

    @Test
    void websocket_connects_count_by_ip_and_frames_by_burst_plus_the_message_tiers_for_messages() {
        assertThat(policy.checks(new Action.Connect("10.0.0.1")))
                .containsExactly(new LimitCheck("connect", "ip:10.0.0.1", CONNECT));
        assertThat(policy.checks(new Action.Frame(token, "10.0.0.1", false)))
                .containsExactly(new LimitCheck("burst", memberKey, BURST));
        assertThat(policy.checks(new Action.Frame(token, "10.0.0.1", true)))
                .containsExactly(
                        new LimitCheck("message", memberKey, MESSAGE),
                        new LimitCheck("message-ip", "ip:10.0.0.1", MESSAGE_IP),
                        new LimitCheck("burst", memberKey, BURST));
    }

    @Test
    void a_message_over_http_and_over_a_websocket_count_against_the_same_keys() {
        assertThat(policy.checks(new Action.SendMessage("10.0.0.1", member)))
                .isEqualTo(policy.checks(new Action.Frame(token, "10.0.0.1", true)));
    }

    @Test
    void tiers_that_are_off_are_left_out_and_with_all_off_nothing_is_checked() {
        var onlyBurst = new LimitPolicy(new LimitPolicy.Tiers(
                Optional.empty(),
                Optional.empty(),
                Optional.of(BURST),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
        assertThat(onlyBurst.checks(new Action.SendMessage("10.0.0.1", member)))
                .containsExactly(new LimitCheck("burst", memberKey, BURST));
        assertThat(onlyBurst.checks(new Action.Join("10.0.0.1"))).isEmpty();

        var off = new LimitPolicy(LimitPolicy.Tiers.off());
        List<Action> every = List.of(
                new Action.ApiRequest("10.0.0.1", member),
                new Action.StrictRequest("10.0.0.1", member),
                new Action.JoinAttempt(),
                new Action.Join("10.0.0.1"),
                new Action.JoinFailed(),
                new Action.SendMessage("10.0.0.1", member),
                new Action.Connect("10.0.0.1"),
                new Action.Frame(token, "10.0.0.1", true));
        every.forEach(action -> assertThat(off.checks(action)).isEmpty());
    }

    @Test
    void a_request_without_a_client_ip_is_a_bug() {
        assertThatThrownBy(() -> policy.checks(new Action.Connect(""))).isInstanceOf(IllegalArgumentException.class);
    }
}
