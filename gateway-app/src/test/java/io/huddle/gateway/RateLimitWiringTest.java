package io.huddle.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.limit.Limit;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.settings.SettingException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitWiringTest {

    @Test
    void each_rate_limit_setting_reaches_its_own_tier() {
        var config = GatewayConfig.from(new Env(Map.of(
                "RATE_LIMIT_MESSAGE", "1/1s",
                "RATE_LIMIT_MESSAGE_IP", "2/1s",
                "RATE_LIMIT_BURST", "3/1s",
                "RATE_LIMIT_CONNECT", "4/1s",
                "RATE_LIMIT_JOIN", "5/1s",
                "RATE_LIMIT_JOIN_FAIL", "6/1s",
                "RATE_LIMIT_API", "7/1s",
                "RATE_LIMIT_STRICT", "off")));

        var tiers = Gateway.settings(config).limits();

        var second = Duration.ofSeconds(1);
        assertThat(tiers.message()).contains(new Limit(1, second));
        assertThat(tiers.messageIp()).contains(new Limit(2, second));
        assertThat(tiers.burst()).contains(new Limit(3, second));
        assertThat(tiers.connect()).contains(new Limit(4, second));
        assertThat(tiers.join()).contains(new Limit(5, second));
        assertThat(tiers.joinFail()).contains(new Limit(6, second));
        assertThat(tiers.api()).contains(new Limit(7, second));
        assertThat(tiers.strict()).isEqualTo(Optional.empty());
    }

    @Test
    void trusted_proxies_take_ipv4_and_ipv6_cidrs_and_refuse_anything_else_by_name() {
        var config = GatewayConfig.from(new Env(Map.of("HUDDLE_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8,192.168.1.1")));
        assertThat(config.trustedProxies()).containsExactly("10.0.0.0/8", "fd00::/8", "192.168.1.1");

        assertThatThrownBy(
                        () -> GatewayConfig.from(new Env(Map.of("HUDDLE_TRUSTED_PROXIES", "10.0.0.0/8,lb.internal"))))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("HUDDLE_TRUSTED_PROXIES: ")
                .hasMessageContaining("lb.internal");
    }
}
