package io.huddle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.SessionStoreContract;
import io.huddle.application.contract.TestSessions;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionStore;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL session store passes the contract every {@link SessionStore} passes, on a fresh schema. */
class PostgresSessionStoreIT extends SessionStoreContract {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private static PostgresAdapters adapters;

    @BeforeAll
    static void connect() {
        adapters = PostgresAdapters.connect(TestSettings.pooled(db, 8), new SimpleMeterRegistry());
        assertThat(adapters.migrated()).isTrue();
    }

    @AfterAll
    static void close() {
        adapters.close();
    }

    @Override
    protected SessionStore store() {
        return adapters.sessions();
    }

    @Test
    void instants_finer_than_a_millisecond_are_stored_truncated() {
        var base = TestSessions.session(t0);
        var micros = Instant.parse("2030-01-02T03:04:05.123456789Z");
        var session = new Session(
                base.code(),
                base.ownerId(),
                base.name(),
                base.maxMembers(),
                micros,
                micros.plus(Duration.ofHours(1)),
                micros,
                base.ending());

        adapters.sessions().create(session);

        var found = adapters.sessions().find(session.code()).orElseThrow();
        assertThat(found.createdAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05.123Z"));
        assertThat(found.lastActivityAt()).isEqualTo(found.createdAt());
    }

    @Test
    void the_owner_listing_walks_the_owner_index_in_order_without_sorting() {
        // In a transaction, or SET LOCAL would not last until the EXPLAIN.
        var plan = adapters.jdbi().inTransaction(h -> {
            // Enough rows that a sequential scan is not simply cheaper than any index.
            h.execute("SET LOCAL enable_seqscan = off");
            // Fresh statistics: the schema holds whatever the other tests left, and estimates from a
            // stale sample can make the partial expiry index look like one row.
            h.execute("ANALYZE sessions");
            return h.createQuery("EXPLAIN " + PostgresSessionStore.listByOwnerSql())
                    .bind("ownerId", "someone")
                    .bind("afterCreatedAt", OffsetDateTime.parse("2030-01-01T00:00:00Z"))
                    .bind("afterCode", "ABCDEF")
                    .bind("status", "ACTIVE")
                    // A time at which every stored session is live, so "active" selects many rows
                    // and the owner is what narrows the listing (as in production).
                    .bind("now", OffsetDateTime.parse("1970-01-01T00:00:00Z"))
                    .bind("limit", 11)
                    .mapTo(String.class)
                    .list();
        });

        assertThat(String.join("\n", plan)).contains("sessions_owner_created").doesNotContain("Sort");
    }
}
