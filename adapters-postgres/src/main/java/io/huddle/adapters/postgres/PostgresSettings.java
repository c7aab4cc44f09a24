package io.huddle.adapters.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * Where PostgreSQL is and how to pool connections to it. {@code schema} is {@code public} in
 * production and a fresh one per test class.
 */
public record PostgresSettings(
        String jdbcUrl,
        String user,
        String password,
        String schema,
        int poolMax,
        int poolMin,
        Duration slowQueryThreshold,
        Duration connectTimeout) {
    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl);
        Objects.requireNonNull(user);
        Objects.requireNonNull(password);
        Objects.requireNonNull(schema);
        Objects.requireNonNull(slowQueryThreshold);
        Objects.requireNonNull(connectTimeout);
    }

    public static PostgresSettings of(String jdbcUrl, String user, String password, String schema) {
        return new PostgresSettings(
                jdbcUrl, user, password, schema, 20, 2, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return "PostgresSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", schema=" + schema + ", poolMax=" + poolMax
                + "]";
    }
}
