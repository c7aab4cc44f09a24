package io.huddle.adapters.postgres;

import io.huddle.testkit.PostgresSchema;
import java.time.Duration;

/** The settings the adapter tests connect with: the test class's schema, a small pool, generous timeouts. */
final class TestSettings {
    private TestSettings() {}

    static PostgresSettings pooled(PostgresSchema db, int poolMax) {
        return new PostgresSettings(
                db.jdbcUrl(),
                db.user(),
                db.password(),
                db.schema(),
                poolMax,
                1,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2));
    }
}
