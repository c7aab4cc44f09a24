package io.huddle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void postgresql_url_becomes_a_jdbc_url_with_its_user_and_password() {
        var server = PostgresServer.fromDatabaseUrl("postgresql://app:s3cret@db.internal:6543/huddle?sslmode=require");

        assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/huddle?sslmode=require");
        assertThat(server.user()).isEqualTo("app");
        assertThat(server.password()).isEqualTo("s3cret");
    }

    @Test
    void postgresql_url_without_password_means_an_empty_one() {
        var server = PostgresServer.fromDatabaseUrl("postgresql://postgres@127.0.0.1:5432/test");

        assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(server.user()).isEqualTo("postgres");
        assertThat(server.password()).isEmpty();
    }

    @Test
    void jdbc_url_is_kept_and_its_user_and_password_parameters_are_read() {
        var server = PostgresServer.fromDatabaseUrl("jdbc:postgresql://localhost/test?user=bob&password=pw");

        assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/test?user=bob&password=pw");
        assertThat(server.user()).isEqualTo("bob");
        assertThat(server.password()).isEqualTo("pw");
    }

    @Test
    void other_schemes_are_refused() {
        assertThatThrownBy(() -> PostgresServer.fromDatabaseUrl("mysql://root@localhost/test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DATABASE_URL");
    }

    @Test
    void password_never_shows_in_its_string_form() {
        assertThat(PostgresServer.fromDatabaseUrl("postgresql://app:s3cret@h/db")
                        .toString())
                .doesNotContain("s3cret");
    }
}
