package io.huddle.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.limit.Limit;
import io.huddle.domain.server.ServerKeyName;
import io.huddle.runtime.settings.Env;
import io.huddle.runtime.settings.SettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static Map<String, String> connected() {
        var env = new HashMap<String, String>();
        env.put("REDIS_URL", "redis://127.0.0.1:6379");
        env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test");
        return env;
    }

    @Test
    void embedded_mode_defaults_to_open_auth_and_any_origin() {
        var config = GatewayConfig.from(new Env(Map.of()));
        assertThat(config.authMode()).isEqualTo(GatewayConfig.AuthMode.OPEN);
        assertThat(config.allowedOrigins()).containsExactly("*");
        assertThat(config.codeLength()).isEqualTo(6);
        assertThat(config.maxSocketsPerMember()).isEqualTo(5);
    }

    @Test
    void allowed_origins_are_star_or_scheme_host_and_port() {
        var config = GatewayConfig.from(new Env(Map.of(
                "HUDDLE_ALLOWED_ORIGINS",
                "https://app.example.com, http://localhost:5173,http://127.0.0.1:4200, http://[::1]:3000, *")));
        assertThat(config.allowedOrigins())
                .containsExactly(
                        "https://app.example.com",
                        "http://localhost:5173",
                        "http://127.0.0.1:4200",
                        "http://[::1]:3000",
                        "*");
    }

    @Test
    void an_allowed_origin_that_is_no_origin_is_refused_naming_the_setting_and_what_it_accepts() {
        for (String origin : List.of(
                "not-an-origin",
                "app.example.com",
                "ftp://app.example.com",
                "https://app.example.com/",
                "https://app.example.com/app",
                "https://app.example.com?x=1",
                "https://app.example.com#top",
                "https://user:pw@app.example.com",
                "https://app.example.com:",
                "https://app.example.com:0",
                "https://app.example.com:99999",
                "https://App.Example.com",
                "HTTPS://app.example.com",
                "https://",
                "https://*.example.com")) {
            assertThatThrownBy(() -> GatewayConfig.from(
                            new Env(Map.of("HUDDLE_ALLOWED_ORIGINS", "https://ok.example.com," + origin))))
                    .as(origin)
                    .isInstanceOf(SettingException.class)
                    .hasMessage("HUDDLE_ALLOWED_ORIGINS: \"" + origin + "\" is not an origin; use comma-separated"
                            + " entries, each * or scheme://host[:port] (http or https, lower case, no path or"
                            + " trailing slash, no credentials), e.g. https://app.example.com");
        }
    }

    @Test
    void webhook_url_and_secret_are_checked_by_the_gateway_as_by_the_worker() {
        var good = new HashMap<String, String>();
        good.put("HUDDLE_WEBHOOK_URL", "https://backend.example.com/huddle-events");
        good.put("HUDDLE_WEBHOOK_SECRET", SECRET);
        GatewayConfig.from(new Env(good));

        assertThatThrownBy(() -> GatewayConfig.from(
                        new Env(Map.of("HUDDLE_WEBHOOK_URL", "ftp://x", "HUDDLE_WEBHOOK_SECRET", SECRET))))
                .isInstanceOf(SettingException.class)
                .hasMessage("HUDDLE_WEBHOOK_URL: the value is not an http(s) URL without credentials");
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of(
                        "HUDDLE_WEBHOOK_URL",
                        "https://user:password@backend.example.com/h",
                        "HUDDLE_WEBHOOK_SECRET",
                        SECRET))))
                .hasMessage("HUDDLE_WEBHOOK_URL: the value is not an http(s) URL without credentials");
        assertThatThrownBy(() ->
                        GatewayConfig.from(new Env(Map.of("HUDDLE_WEBHOOK_URL", "https://backend.example.com/h"))))
                .hasMessage("HUDDLE_WEBHOOK_SECRET: is required with HUDDLE_WEBHOOK_URL (at least 32 bytes)");
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("HUDDLE_WEBHOOK_SECRET", SECRET))))
                .hasMessage("HUDDLE_WEBHOOK_SECRET: is set, but HUDDLE_WEBHOOK_URL is not");
    }

    @Test
    void rate_limits_default_to_protocol_section_7_sized_for_a_room_behind_one_address() {
        var limits = GatewayConfig.from(new Env(Map.of())).rateLimits();
        var minute = Duration.ofSeconds(60);
        var quarter = Duration.ofMinutes(15);

        assertThat(limits.message()).contains(new Limit(60, minute));
        assertThat(limits.messageIp()).contains(new Limit(600, minute));
        assertThat(limits.burst()).contains(new Limit(50, Duration.ofSeconds(1)));
        assertThat(limits.connect()).contains(new Limit(60, minute));
        assertThat(limits.join()).contains(new Limit(60, quarter));
        assertThat(limits.joinFail()).contains(new Limit(600, minute));
        assertThat(limits.api()).contains(new Limit(1000, quarter));
        assertThat(limits.strict()).contains(new Limit(60, quarter));
        assertThat(limits.server()).contains(new Limit(6000, minute));
    }

    private static final String KEY = "hk_" + "k".repeat(40);

    @Test
    void server_keys_are_read_as_name_secret_pairs_and_verified_by_their_hash() {
        var keys = GatewayConfig.from(
                        new Env(Map.of("HUDDLE_SERVER_KEYS", "billing:" + KEY + ", ops:hk_" + "o".repeat(32))))
                .serverKeys();

        assertThat(keys.verify(KEY)).contains(new ServerKeyName("billing"));
        assertThat(keys.verify("hk_" + "o".repeat(32))).contains(new ServerKeyName("ops"));
        assertThat(keys.verify("hk_" + "x".repeat(40))).isEmpty();
        assertThat(keys.toString()).doesNotContain(KEY);
    }

    @Test
    void server_keys_are_read_from_a_file_given_as_at_path(@TempDir Path dir) throws Exception {
        var file = dir.resolve("keys");
        Files.writeString(file, "# the billing backend\nbilling:" + KEY + "\n\n");

        var keys = GatewayConfig.from(new Env(Map.of("HUDDLE_SERVER_KEYS", "@" + file)))
                .serverKeys();

        assertThat(keys.verify(KEY)).contains(new ServerKeyName("billing"));
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("HUDDLE_SERVER_KEYS", "@" + dir.resolve("none")))))
                .hasMessageStartingWith("HUDDLE_SERVER_KEYS: ");
    }

    @Test
    void no_server_keys_verify_nothing() {
        assertThat(GatewayConfig.from(new Env(Map.of())).serverKeys().verify(KEY))
                .isEmpty();
    }

    @Test
    void a_bad_server_key_setting_stops_start_up_in_one_line_without_echoing_a_secret() {
        var shortSecret = "hk_short-secret";
        for (var bad : List.of(
                "billing:" + shortSecret,
                "billing " + KEY,
                "bad name!:" + KEY,
                "billing:" + KEY + ",billing:" + KEY,
                "billing:" + KEY.substring(3))) {
            assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("HUDDLE_SERVER_KEYS", bad))))
                    .as(bad)
                    .isInstanceOf(SettingException.class)
                    .hasMessageStartingWith("HUDDLE_SERVER_KEYS: ")
                    .hasMessageNotContaining(KEY)
                    .hasMessageNotContaining(KEY.substring(3))
                    .hasMessageNotContaining(shortSecret)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void connected_mode_defaults_to_jwt_and_refuses_to_start_without_a_key() {
        assertThatThrownBy(() -> GatewayConfig.from(new Env(connected())))
                .hasMessageStartingWith("HUDDLE_AUTH_MODE: jwt needs HUDDLE_JWT_SECRET");
        var env = connected();
        env.put("HUDDLE_JWT_SECRET", SECRET);
        var config = GatewayConfig.from(new Env(env));
        assertThat(config.authMode()).isEqualTo(GatewayConfig.AuthMode.JWT);
        assertThat(config.allowedOrigins()).isEqualTo(List.of());
        assertThat(config.toString()).doesNotContain(SECRET);
    }

    @Test
    void a_short_secret_is_refused_without_echoing_it() {
        var env = connected();
        env.put("HUDDLE_JWT_SECRET", "short-secret");
        assertThatThrownBy(() -> GatewayConfig.from(new Env(env)))
                .hasMessageStartingWith("HUDDLE_JWT_SECRET: must be at least 32 bytes")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void rate_limit_tiers_can_be_set_or_turned_off() {
        var config = GatewayConfig.from(new Env(Map.of("RATE_LIMIT_MESSAGE", "5/10s", "RATE_LIMIT_API", "off")));
        assertThat(config.rateLimits().message()).contains(new Limit(5, Duration.ofSeconds(10)));
        assertThat(config.rateLimits().api()).isEmpty();
        assertThat(config.rateLimits().burst()).contains(new Limit(50, Duration.ofSeconds(1)));
    }

    @Test
    void code_length_is_bounded() {
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("HUDDLE_CODE_LENGTH", "5"))))
                .hasMessage("HUDDLE_CODE_LENGTH: \"5\" is not a whole number from 6 to 12");
    }

    @Test
    void the_demo_is_on_in_embedded_mode_and_off_when_connected_unless_asked_for() {
        assertThat(GatewayConfig.from(new Env(Map.of())).demo()).isTrue();
        assertThat(GatewayConfig.from(new Env(Map.of("HUDDLE_DEMO", "off"))).demo())
                .isFalse();
        var env = connected();
        env.put("HUDDLE_JWT_SECRET", SECRET);
        assertThat(GatewayConfig.from(new Env(env)).demo()).isFalse();
        env.put("HUDDLE_DEMO", "ON");
        assertThat(GatewayConfig.from(new Env(env)).demo()).isTrue();
    }

    @Test
    void a_demo_setting_that_is_neither_on_nor_off_is_refused() {
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("HUDDLE_DEMO", "yes"))))
                .hasMessage("HUDDLE_DEMO: \"yes\" is not one of on, off");
    }
}
