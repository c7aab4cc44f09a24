package io.huddle.adapters.postgres;

import static io.huddle.application.contract.TestMessages.freshId;
import static io.huddle.application.contract.TestMessages.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.huddle.application.contract.TestSessions;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.health.ProbeStatus;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.session.Session;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After a failover that leaves the pool's connections open on a server that now refuses writes (the old
 * primary, a replica now), writes come back once PostgreSQL has a primary again: the connections that answer
 * "read-only transaction" are replaced instead of kept until their lifetime runs out. Played with a role of its
 * own whose connections start read-only ({@code default_transaction_read_only}) and then no longer do.
 */
class PostgresReadOnlyIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private final String role =
            "huddle_ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @AfterEach
    void dropRole() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS \"" + db.schema() + "\" CASCADE");
        db.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                + " EXECUTE format('REVOKE CREATE ON DATABASE %I FROM " + role
                + "', current_database()); END IF; END $$");
        db.execute("DROP ROLE IF EXISTS " + role);
    }

    private PostgresSettings asRole(int connections) {
        return new PostgresSettings(
                TestPostgres.server().jdbcUrl(),
                role,
                "pw",
                db.schema(),
                connections,
                connections,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2));
    }

    @Test
    void a_connection_that_answers_read_only_is_replaced_and_writes_come_back() throws Exception {
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'pw'");
        db.create();
        db.execute("ALTER SCHEMA \"" + db.schema() + "\" OWNER TO " + role);
        // The migrations' CREATE SCHEMA IF NOT EXISTS asks for it even when the schema is there.
        db.execute("DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO " + role
                + "', current_database()); END $$");
        // The schema's migration creates pg_trgm when it is missing; the role may not.
        db.execute("DO $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('huddle-extension:pg_trgm'));"
                + " CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public; END $$");
        var session = TestSessions.session(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        // Two connections: Flyway holds one for its lock while it migrates on the other.
        try (var migrated = PostgresAdapters.connect(asRole(2), new SimpleMeterRegistry())) {
            assertThat(migrated.migrated()).isTrue();
            migrated.sessions().create(session);
        }

        db.execute("ALTER ROLE " + role + " SET default_transaction_read_only = on");
        // One connection: the one the pool has is the one every call gets, unless the pool replaces it.
        try (var adapters = PostgresAdapters.connect(asRole(1), new SimpleMeterRegistry())) {
            assertThat(catchThrowable(() -> adapters.messages().appendAll(List.of(append(session, "refused")))))
                    .as("a write on the read-only connection")
                    .isInstanceOf(StoreUnavailable.class);
            // The breaker's check asks whether PostgreSQL takes writes, which a SELECT 1 would not tell.
            Poll.until(Duration.ofSeconds(5), "the breaker open", () -> !adapters.available());
            Thread.sleep(4 * PostgresCalls.PROBE_EVERY.toMillis());
            assertThat(adapters.available())
                    .as("still open while writes are refused")
                    .isFalse();
            var health = adapters.probe().check();
            assertThat(health.status()).isEqualTo(ProbeStatus.DOWN);
            assertThat(health.reason()).contains("the server refuses writes (read-only)");

            db.execute("ALTER ROLE " + role + " RESET default_transaction_read_only");

            assertThat(whenServed(() -> adapters.messages().appendAll(List.of(append(session, "accepted")))))
                    .as("a write within ten tries")
                    .isPresent();
            // Two refused writes in three calls open the breaker even so; its prober closes it again.
            assertThat(whenServed(() -> adapters.messages().span(session.code())))
                    .contains(new LogSpan(0, 1));
        }
    }

    private static MessageLog.Append append(Session session, String content) {
        return new MessageLog.Append(
                session, text(content), new MemberId("m_alice"), "Alice", freshId(), Instant.now());
    }

    /** {@code call}'s answer within ten tries, waiting {@code retryAfter} between them as a client does. */
    private static <T> Optional<T> whenServed(Supplier<T> call) throws InterruptedException {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return Optional.of(call.get());
            } catch (StoreUnavailable e) {
                Thread.sleep(e.retryAfter());
            }
        }
        return Optional.empty();
    }
}
