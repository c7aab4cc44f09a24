package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisServerVersionTest {

    private static String info(String version) {
        return "# Server\r\nredis_version:" + version + "\r\nredis_git_sha1:00000000\r\nredis_mode:standalone\r\n";
    }

    @Test
    void seven_and_newer_pass() {
        assertThat(RedisServerVersion.tooOld(info("7.0.0"))).isEmpty();
        assertThat(RedisServerVersion.tooOld(info("7.0.15"))).isEmpty();
        assertThat(RedisServerVersion.tooOld(info("7.4.1"))).isEmpty();
        assertThat(RedisServerVersion.tooOld(info("8.0.2"))).isEmpty();
    }

    @Test
    void older_ones_are_refused_naming_the_version_and_the_minimum() {
        assertThat(RedisServerVersion.tooOld(info("6.2.6")))
                .hasValue("is Redis 6.2.6; Huddle needs Redis 7.0 or newer");
        assertThat(RedisServerVersion.tooOld(info("5.0.14"))).isPresent();
    }

    @Test
    void a_reply_without_a_version_is_not_refused() {
        assertThat(RedisServerVersion.tooOld("# Server\r\nredis_mode:standalone\r\n"))
                .isEmpty();
    }
}
