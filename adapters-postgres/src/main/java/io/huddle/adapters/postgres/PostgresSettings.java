package io.huddle.adapters.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * Where PostgreSQL is and how to pool connections to it. {@code schema} is {@code public} in
 * production and a fresh one per test class. {@code outbox}: this process's changes are reported to the
 * webhook outbox (the triggers of V7 write on its connections).
 */
public record PostgresSettings(
        String jdbcUrl,
        String user,
        String password,
        String schema,
        int poolMax,
        int poolMin,
        Duration slowQueryThreshold,
        Duration connectTimeout,
        boolean outbox) {
    /** Without the webhook outbox. */
    public PostgresSettings(
            String jdbcUrl,
            String user,
            String password,
            String schema,
            int poolMax,
            int poolMin,
            Duration slowQueryThreshold,
            Duration connectTimeout) {
        this(jdbcUrl, user, password, schema, poolMax, poolMin, slowQueryThreshold, connectTimeout, false);
    }

    /** The same, with changes reported to the webhook outbox ({@code HUDDLE_WEBHOOK_URL} is set). */
    public PostgresSettings withOutbox(boolean on) {
        return new PostgresSettings(
                jdbcUrl, user, password, schema, poolMax, poolMin, slowQueryThreshold, connectTimeout, on);
    }

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
