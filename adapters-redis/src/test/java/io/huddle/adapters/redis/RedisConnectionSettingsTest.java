package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisConnectionSettingsTest {

    @Test
    void password_database_and_timeouts_come_from_the_url_and_settings() {
        var settings = new RedisSettings(
                URI.create("redis://:s3cret@cache.internal:6380/3"),
                List.of(),
                "huddle",
                "gw-1",
                Duration.ofMillis(750),
                16);

        var connection = RedisConnectionSettings.from(settings);

        assertThat(connection.address().getHost()).isEqualTo("cache.internal");
        assertThat(connection.address().getPort()).isEqualTo(6380);
        assertThat(connection.clientConfig().getPassword()).isEqualTo("s3cret");
        assertThat(connection.clientConfig().getDatabase()).isEqualTo(3);
        assertThat(connection.clientConfig().getConnectionTimeoutMillis()).isEqualTo(750);
        assertThat(connection.clientConfig().getSocketTimeoutMillis()).isEqualTo(750);
        assertThat(connection.clientConfig().getSslOptions()).isNull();
        assertThat(connection.clientConfig().getClientName()).isEqualTo("huddle:gw-1");
        assertThat(connection.poolMax()).isEqualTo(16);
    }

    @Test
    void rediss_means_tls() {
        var settings = RedisSettings.standalone(URI.create("rediss://cache.internal:6380"), "huddle", "gw-1");

        var config = RedisConnectionSettings.from(settings).clientConfig();

        // Jedis opens a TLS socket when SSL options are set (the ssl flag is deprecated).
        assertThat(config.getSslOptions()).isNotNull();
    }

    @Test
    void a_connection_of_its_own_gets_a_name_of_its_own() {
        var connection = RedisConnectionSettings.from(
                RedisSettings.standalone(URI.create("redis://127.0.0.1:6379"), "huddle", "gw-1"));

        assertThat(connection.clientConfigNamed("x").getClientName()).isEqualTo("x");
        assertThat(connection.clientConfigNamed("x").getSocketTimeoutMillis())
                .isEqualTo(connection.clientConfig().getSocketTimeoutMillis());
    }

    @Test
    void a_cluster_is_refused_with_a_clear_message() {
        var settings = new RedisSettings(
                URI.create("redis://127.0.0.1:6379"),
                List.of("10.0.0.1:7000"),
                "huddle",
                "gw-1",
                Duration.ofSeconds(2),
                8);

        assertThatThrownBy(() -> RedisConnectionSettings.from(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cluster");
    }
}
