package io.huddle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

class TestkitIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    @Test
    void fresh_schema_is_usable_and_dropped_by_its_after_all() throws SQLException {
        var other = TestPostgres.freshSchema().create();
        other.execute("CREATE TABLE t (id int)");
        assertThat(schemaExists(other.schema())).isTrue();

        other.afterAll(null);

        assertThat(schemaExists(other.schema())).isFalse();
    }

    @Test
    void fresh_schemas_have_different_names() {
        assertThat(TestPostgres.freshSchema().schema()).isNotEqualTo(db.schema());
    }

    @Test
    void prefix_cleanup_deletes_only_the_keys_under_that_prefix() {
        var other = TestRedis.freshPrefix();
        try (var client = RedisClient.create(other.url())) {
            for (int i = 0; i < 2500; i++) client.set(other.prefix() + ":k" + i, "v");
            client.set(other.prefix() + "x:neighbour", "v");

            assertThat(other.deleteKeys()).isEqualTo(2500);

            assertThat(client.exists(other.prefix() + ":k7")).isFalse();
            assertThat(client.get(other.prefix() + "x:neighbour")).isEqualTo("v");
            client.del(other.prefix() + "x:neighbour");
        }
    }

    @Test
    void private_redis_can_be_killed_and_started_again_on_the_same_port() {
        try (var server = PrivateRedis.start();
                var client = RedisClient.create(server.url())) {
            client.set("k", "before");

            server.kill();
            assertThat(server.running()).isFalse();
            try {
                client.ping();
                throw new AssertionError("a killed redis-server still answered");
            } catch (JedisConnectionException expected) {
                // the server is gone
            }

            server.restart();
            assertThat(client.ping()).isEqualTo("PONG");
            assertThat(Optional.ofNullable(client.get("k"))).isEmpty();
        }
    }

    @Test
    void private_redis_on_a_port_another_process_listens_on_says_the_port_was_taken() throws Exception {
        try (var other = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> PrivateRedis.startOn(other.getLocalPort(), List.of()))
                    .isInstanceOf(Ports.Taken.class);
        }
    }

    @Test
    void private_redis_on_a_port_another_redis_server_took_is_not_mistaken_for_that_server() {
        try (var other = PrivateRedis.start()) {
            assertThatThrownBy(() -> PrivateRedis.startOn(other.port(), List.of()))
                    .isInstanceOf(Ports.Taken.class);
            assertThat(other.running()).isTrue();
        }
    }

    @Test
    void a_start_whose_port_was_taken_goes_on_with_a_fresh_port_and_gives_up_after_a_few() {
        var tried = new java.util.ArrayList<Integer>();

        int started = Ports.startOnFreePort(port -> {
            tried.add(port);
            if (tried.size() < 3) throw new Ports.Taken(port, "taken in the test");
            return port;
        });

        assertThat(tried).hasSize(3).endsWith(started);
        assertThatThrownBy(() -> Ports.startOnFreePort(port -> {
                    throw new Ports.Taken(port, "always taken");
                }))
                .hasMessageContaining("taken")
                .hasCauseInstanceOf(Ports.Taken.class);
    }

    @Test
    void private_redis_runs_redis_7_or_newer_and_says_which() {
        try (var server = PrivateRedis.start();
                var client = RedisClient.create(server.url())) {
            var info = client.info("server");

            assertThat(info).contains("redis_version:" + server.version());
            assertThat(RedisServerBinary.atLeastMinimum(server.version())).isTrue();
            // The command that failed on the old embedded 6.2: it must exist now.
            client.set("k", "v");
            client.pexpire("k", 60_000);
            assertThat(client.pexpireTime("k")).isPositive();
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "DATABASE_URL", matches = ".+")
    void database_url_wins_when_it_is_set() {
        assertThat(TestPostgres.server().source()).isEqualTo("DATABASE_URL");
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "REDIS_URL", matches = ".+")
    void redis_url_wins_when_it_is_set() {
        assertThat(redis.url()).hasToString(System.getenv("REDIS_URL"));
    }

    private static boolean schemaExists(String schema) throws SQLException {
        var server = TestPostgres.server();
        try (var connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                var statement = connection.prepareStatement("SELECT count(*) FROM pg_namespace WHERE nspname = ?")) {
            statement.setString(1, schema);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1) == 1;
            }
        }
    }
}
