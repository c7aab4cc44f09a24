package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

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
    void cluster_nodes_are_the_seeds_and_the_url_gives_their_password_and_tls() {
        var settings = new RedisSettings(
                URI.create("rediss://:s3cret@cache.internal:6380"),
                List.of("10.0.0.1:7000", "10.0.0.2:7001", "[::1]:7002"),
                "huddle",
                "gw-1",
                Duration.ofSeconds(2),
                8);

        var connection = RedisConnectionSettings.from(settings);

        assertThat(connection.clustered()).isTrue();
        assertThat(connection.clusterNodes())
                .containsExactlyInAnyOrder(
                        new HostAndPort("10.0.0.1", 7000),
                        new HostAndPort("10.0.0.2", 7001),
                        new HostAndPort("::1", 7002));
        assertThat(connection.clientConfig().getPassword()).isEqualTo("s3cret");
        assertThat(connection.clientConfig().getSslOptions()).isNotNull();
    }

    @Test
    void a_cluster_with_a_database_other_than_0_is_refused_with_a_clear_message() {
        var settings = new RedisSettings(
                URI.create("redis://127.0.0.1:6379/2"),
                List.of("10.0.0.1:7000"),
                "huddle",
                "gw-1",
                Duration.ofSeconds(2),
                8);

        assertThatThrownBy(() -> RedisConnectionSettings.from(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database 0");
    }

    @Test
    void a_cluster_node_without_a_port_is_refused() {
        var settings = new RedisSettings(
                URI.create("redis://127.0.0.1:6379"), List.of("10.0.0.1"), "huddle", "gw-1", Duration.ofSeconds(2), 8);

        assertThatThrownBy(() -> RedisConnectionSettings.from(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port");
    }
}
