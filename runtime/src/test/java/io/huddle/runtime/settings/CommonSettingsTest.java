package io.huddle.runtime.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.limit.Limit;
import io.huddle.runtime.logging.LogFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommonSettingsTest {

    private static CommonSettings read(Map<String, String> env) {
        return CommonSettings.from(new Env(env), 8080);
    }

    @Test
    void no_store_configured_means_embedded_mode_with_text_logs() {
        var settings = read(Map.of());
        assertThat(settings.mode()).isEqualTo(Mode.EMBEDDED);
        assertThat(settings.logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.inactivityTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.memberIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.maxSessionLifetime()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void embedded_mode_binds_loopback_and_connected_mode_every_address_unless_host_is_set() {
        var connected = Map.of("REDIS_URL", "redis://x:1", "DATABASE_URL", "postgresql://h/db");
        assertThat(read(Map.of()).host()).isEqualTo("127.0.0.1");
        assertThat(read(connected).host()).isEqualTo("0.0.0.0");
        assertThat(read(Map.of("HOST", "0.0.0.0")).host()).isEqualTo("0.0.0.0");
        assertThat(read(Map.of("HOST", "::1")).host()).isEqualTo("::1");
        var pinned = new java.util.HashMap<>(connected);
        pinned.put("HOST", "10.0.0.5");
        assertThat(read(pinned).host()).isEqualTo("10.0.0.5");
    }

    @Test
    void a_host_that_cannot_be_an_address_is_refused_by_name() {
        assertThatThrownBy(() -> read(Map.of("HOST", "http://0.0.0.0/")))
                .hasMessageStartingWith("HOST: ")
                .hasMessageContaining("is not an address to listen on");
    }

    @Test
    void a_host_is_an_ipv4_or_ipv6_address_or_a_name_that_resolves() {
        for (String host : List.of(
                "0.0.0.0",
                "127.0.0.1",
                "10.0.0.5",
                "255.255.255.255",
                "::",
                "::1",
                "[::1]",
                "fe80::1",
                "2001:db8::7")) {
            assertThat(read(Map.of("HOST", host)).host()).as(host).isEqualTo(host);
        }
        var names = Map.of("localhost", true, "gw-1.internal", true, "huddle_gateway", true);
        for (String host : names.keySet()) {
            assertThat(CommonSettings.from(new Env(Map.of("HOST", host)), 8080, names::get)
                            .host())
                    .isEqualTo(host);
        }
    }

    @Test
    void a_host_that_is_no_address_is_refused_naming_host_and_what_it_accepts() {
        for (String host : List.of(
                "not..a..host",
                "999.1.1.1",
                "10.0.0",
                "1.2.3.4.5",
                "010.0.0.1",
                "-gw.example",
                "gw example",
                "1:2:3",
                "::g",
                "[::1",
                "http://0.0.0.0/")) {
            assertThatThrownBy(() -> CommonSettings.from(new Env(Map.of("HOST", host)), 8080, name -> true))
                    .as(host)
                    .isInstanceOf(SettingException.class)
                    .hasMessage("HOST: \"" + host + "\" is not an address to listen on; use an IPv4 or IPv6"
                            + " address (e.g. 0.0.0.0, 127.0.0.1, ::) or a host name that resolves");
        }
    }

    @Test
    void a_host_name_that_does_not_resolve_is_refused_naming_host() {
        assertThatThrownBy(() -> CommonSettings.from(new Env(Map.of("HOST", "gw-9.internal")), 8080, name -> false))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("HOST: \"gw-9.internal\" does not resolve; use an IPv4 or IPv6 address");
    }

    @Test
    void both_stores_configured_means_connected_mode_with_json_logs() {
        var settings = read(Map.of(
                "REDIS_URL", "redis://:s3cret@cache:6380/2",
                "DATABASE_URL", "postgresql://app:pa%40ss@db:5433/huddle?sslmode=require"));
        assertThat(settings.mode()).isEqualTo(Mode.CONNECTED);
        assertThat(settings.logFormat()).isEqualTo(LogFormat.JSON);
        var pg = settings.postgres().orElseThrow();
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/huddle?sslmode=require");
        assertThat(pg.user()).isEqualTo("app");
        assertThat(pg.password()).isEqualTo("pa@ss");
        assertThat(settings.redis().orElseThrow().url().getPort()).isEqualTo(6380);
        assertThat(settings.redis().orElseThrow().safeDescription()).doesNotContain("s3cret");
    }

    @Test
    void a_jdbc_url_is_accepted_with_its_credentials_and_schema_taken_apart() {
        var settings = read(Map.of(
                "REDIS_URL", "redis://localhost:6379",
                "DATABASE_URL", "jdbc:postgresql://h/db?user=app&password=pw&currentSchema=tenant_7&sslmode=require"));
        var pg = settings.postgres().orElseThrow();
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require");
        assertThat(pg.user()).isEqualTo("app");
        assertThat(pg.password()).isEqualTo("pw");
        assertThat(pg.schema()).isEqualTo("tenant_7");
    }

    @Test
    void the_schema_defaults_to_public_and_must_be_an_identifier() {
        var plain = read(Map.of("REDIS_URL", "redis://x:1", "DATABASE_URL", "postgresql://h/db"));
        assertThat(plain.postgres().orElseThrow().schema()).isEqualTo("public");
        assertThatThrownBy(() -> read(
                        Map.of("REDIS_URL", "redis://x:1", "DATABASE_URL", "postgresql://h/db?currentSchema=a;drop")))
                .hasMessageStartingWith("DATABASE_URL: the value names a currentSchema");
    }

    @Test
    void the_redis_key_prefix_defaults_to_huddle_and_is_checked() {
        var env = Map.of("REDIS_URL", "redis://x:1", "DATABASE_URL", "postgresql://h/db");
        assertThat(read(env).redis().orElseThrow().keyPrefix()).isEqualTo("huddle");
        var custom = new java.util.HashMap<>(env);
        custom.put("HUDDLE_REDIS_KEY_PREFIX", "staging");
        assertThat(read(custom).redis().orElseThrow().keyPrefix()).isEqualTo("staging");
        custom.put("HUDDLE_REDIS_KEY_PREFIX", "a:b");
        assertThatThrownBy(() -> read(custom)).hasMessageStartingWith("HUDDLE_REDIS_KEY_PREFIX: ");
    }

    @Test
    void one_store_without_the_other_is_refused_naming_the_missing_one() {
        assertThatThrownBy(() -> read(Map.of("REDIS_URL", "redis://localhost:6379")))
                .hasMessageStartingWith("DATABASE_URL: ");
    }

    @Test
    void a_bad_duration_names_the_setting_and_what_it_accepts() {
        assertThatThrownBy(() -> read(Map.of("HUDDLE_INACTIVITY_TIMEOUT", "abc")))
                .isInstanceOf(SettingException.class)
                .hasMessage("HUDDLE_INACTIVITY_TIMEOUT: \"abc\" is not a duration; use e.g. 15m, 60s, 500ms");
    }

    @Test
    void the_inactivity_warning_is_checked_when_set_and_its_default_never_held_against_a_short_timeout() {
        assertThatThrownBy(() -> read(Map.of("HUDDLE_INACTIVITY_WARNING", "abc")))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("HUDDLE_INACTIVITY_WARNING: \"abc\" is not a duration");
        assertThatThrownBy(() -> read(Map.of("HUDDLE_INACTIVITY_WARNING", "0s")))
                .hasMessage("HUDDLE_INACTIVITY_WARNING: must be more than 0");
        assertThatThrownBy(() -> read(Map.of("HUDDLE_INACTIVITY_TIMEOUT", "30s", "HUDDLE_INACTIVITY_WARNING", "30s")))
                .hasMessage("HUDDLE_INACTIVITY_WARNING: must be shorter than HUDDLE_INACTIVITY_TIMEOUT (30s)");
        assertThat(read(Map.of("HUDDLE_INACTIVITY_TIMEOUT", "30s")).inactivityTimeout())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(read(Map.of("HUDDLE_INACTIVITY_WARNING", "2m")).inactivityTimeout())
                .isEqualTo(Duration.ofMinutes(15));
    }

    /**
     * A duration the gateway cannot work with is refused at start, by name. Before: a Redis timeout of 0 was taken
     * by the client as "wait for ever" (a Redis that hangs held every caller), one of 30 days failed at connect
     * with a bare ArithmeticException, and timeouts or a retention past the range of a date or of PostgreSQL's
     * timestamps failed every maintenance round.
     */
    @Test
    void a_duration_the_gateway_cannot_work_with_is_refused_by_name() {
        var stores = Map.of("REDIS_URL", "redis://localhost:6379", "DATABASE_URL", "postgresql://localhost/huddle");
        for (var bad : List.of("0", "5ms", "61s", "30d")) {
            var env = new java.util.HashMap<>(stores);
            env.put("REDIS_TIMEOUT", bad);
            assertThatThrownBy(() -> read(env)).as(bad).hasMessage("REDIS_TIMEOUT: must be from 10ms to 1m");
        }
        for (var name : List.of(
                "HUDDLE_INACTIVITY_TIMEOUT",
                "HUDDLE_MEMBER_IDLE_TIMEOUT",
                "HUDDLE_RETENTION",
                "HUDDLE_MAX_SESSION_LIFETIME")) {
            assertThatThrownBy(() -> read(Map.of(name, "36501d")))
                    .as(name)
                    .hasMessage(name + ": must be at most 36500d");
        }
        assertThat(read(Map.of("HUDDLE_RETENTION", "36500d")).retention()).isEqualTo(Duration.ofDays(36_500));
        assertThatThrownBy(() -> new Env(Map.of("RATE_LIMIT_JOIN", "1/999999999999d"))
                        .limit("RATE_LIMIT_JOIN", new Limit(1, Duration.ofSeconds(1))))
                .hasMessage("RATE_LIMIT_JOIN: \"1/999999999999d\" has a window longer than 365d");
        assertThat(new Env(Map.of("RATE_LIMIT_JOIN", "1/365d"))
                        .limit("RATE_LIMIT_JOIN", new Limit(1, Duration.ofSeconds(1))))
                .contains(new Limit(1, Duration.ofDays(365)));
    }

    @Test
    void durations_take_every_unit_and_plain_milliseconds() {
        var env = new Env(Map.of("A", "500ms", "B", "60s", "C", "15m", "D", "24h", "E", "7d", "F", "1500"));
        assertThat(env.duration("A", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(env.duration("B", Duration.ZERO)).isEqualTo(Duration.ofSeconds(60));
        assertThat(env.duration("C", Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
        assertThat(env.duration("D", Duration.ZERO)).isEqualTo(Duration.ofHours(24));
        assertThat(env.duration("E", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
        assertThat(env.duration("F", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void limits_parse_count_over_window_and_off() {
        var env = new Env(Map.of("A", "10/60s", "B", "100/15m", "C", "off", "D", "10 per minute", "E", "0/1s"));
        assertThat(env.limit("A", new Limit(1, Duration.ofSeconds(1)))).contains(new Limit(10, Duration.ofSeconds(60)));
        assertThat(env.limit("B", new Limit(1, Duration.ofSeconds(1))))
                .contains(new Limit(100, Duration.ofMinutes(15)));
        assertThat(env.limit("C", new Limit(1, Duration.ofSeconds(1)))).isEqualTo(Optional.empty());
        assertThat(env.limit("Z", new Limit(7, Duration.ofSeconds(3)))).contains(new Limit(7, Duration.ofSeconds(3)));
        assertThatThrownBy(() -> env.limit("D", new Limit(1, Duration.ofSeconds(1))))
                .hasMessage("D: \"10 per minute\" is not a limit; use COUNT/WINDOW, e.g. 10/60s or 100/15m, or off");
        assertThatThrownBy(() -> env.limit("E", new Limit(1, Duration.ofSeconds(1))))
                .hasMessageStartingWith("E: ");
    }

    @Test
    void a_bad_database_url_is_refused_without_echoing_its_password() {
        assertThatThrownBy(() -> read(Map.of("REDIS_URL", "redis://x:1", "DATABASE_URL", "mysql://u:hunter2@h/db")))
                .hasMessageStartingWith("DATABASE_URL: the value is not a PostgreSQL URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void a_bad_redis_url_is_refused_without_echoing_it() {
        assertThatThrownBy(() -> read(Map.of("REDIS_URL", "http://:hunter2@h", "DATABASE_URL", "postgresql://h/db")))
                .hasMessageStartingWith("REDIS_URL: the value is not a Redis URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void ports_and_levels_are_checked() {
        assertThatThrownBy(() -> read(Map.of("PORT", "70000")))
                .hasMessage("PORT: \"70000\" is not a whole number from 0 to 65535");
        assertThatThrownBy(() -> read(Map.of("LOG_LEVEL", "LOUD"))).hasMessageStartingWith("LOG_LEVEL: ");
        assertThatThrownBy(() -> read(Map.of("LOG_FORMAT", "xml")))
                .hasMessage("LOG_FORMAT: \"xml\" is not one of json, text");
        assertThat(read(Map.of("HUDDLE_MANAGEMENT_PORT", "9090")).managementPort())
                .contains(9090);
    }

    @Test
    void instance_id_defaults_to_host_name_with_a_random_suffix() {
        var first = read(Map.of("HOSTNAME", "gw-1"));
        var second = read(Map.of("HOSTNAME", "gw-1"));
        assertThat(first.instanceId()).startsWith("gw-1-");
        assertThat(first.instanceId()).isNotEqualTo(second.instanceId());
        assertThat(read(Map.of("HUDDLE_INSTANCE_ID", "edge-7")).instanceId()).isEqualTo("edge-7");
    }
}
