package io.huddle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestSessions;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionStore;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The worker's statements on real PostgreSQL: what they delete, and that they walk their indexes. */
class PostgresMaintenanceIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private static PostgresAdapters adapters;

    @BeforeAll
    static void connect() {
        adapters = PostgresAdapters.connect(TestSettings.pooled(db, 4), new SimpleMeterRegistry());
        assertThat(adapters.migrated()).isTrue();
    }

    @AfterAll
    static void close() {
        adapters.close();
    }

    private static long messagesOf(Session session) {
        return adapters.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM messages m JOIN sessions s ON s.id = m.session_id WHERE s.code = :code")
                        .bind("code", session.code().value())
                        .mapTo(Long.class)
                        .one());
    }

    private static void addMessages(Session session, int count) {
        adapters.jdbi()
                .useHandle(h -> h.createUpdate("""
                                INSERT INTO messages (session_id, seq, id, sender_id, sender_name, kind, content, sent_at)
                                SELECT s.id, g, 'msg_' || s.id || '_' || g, 'm_x', 'X', 'text', 'message ' || g, now()
                                FROM sessions s, generate_series(1, :count) g
                                WHERE s.code = :code""")
                        .bind("code", session.code().value())
                        .bind("count", count)
                        .execute());
    }

    @Test
    void purging_deletes_a_long_history_in_steps_and_keeps_the_messages_of_other_sessions() {
        var store = adapters.sessions();
        var start = Instant.parse("2001-01-01T00:00:00Z");
        var old = TestSessions.session(TestSessions.freshOwner(), start, Duration.ofHours(1), 10);
        var kept = TestSessions.session(TestSessions.freshOwner(), start, Duration.ofHours(1), 10);
        store.create(old);
        store.create(kept);
        int history = PostgresSessionStore.MESSAGES_PER_DELETE * 2 + 7;
        addMessages(old, history);
        addMessages(kept, 3);
        store.end(old.code(), new Ending(start.plusSeconds(60), EndReason.EXPIRED));
        var cutoff = start.plus(Duration.ofDays(30));

        int purged = store.purgeEnded(cutoff, new SessionStore.Claim(cutoff, Duration.ofSeconds(30), 100));

        assertThat(purged).isEqualTo(1);
        assertThat(store.find(old.code())).isEmpty();
        assertThat(messagesOf(old)).isZero();
        assertThat(store.find(kept.code())).isPresent();
        assertThat(messagesOf(kept)).isEqualTo(3);
    }

    private static String plan(String statement, Object... bindings) {
        return adapters.jdbi().inTransaction(h -> {
            // Enough rows that a sequential scan is not simply cheaper than any index.
            h.execute("SET LOCAL enable_seqscan = off");
            var query = h.createQuery("EXPLAIN " + statement);
            for (int i = 0; i < bindings.length; i += 2) query.bind((String) bindings[i], bindings[i + 1]);
            return String.join("\n", query.mapTo(String.class).list());
        });
    }

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2030-01-01T00:00:00Z");

    @Test
    void the_expiry_claim_walks_the_live_expiry_index() {
        assertThat(plan(
                        PostgresSessionStore.maintenanceSql("claim-expired"),
                        "now",
                        NOW,
                        "until",
                        NOW.plusSeconds(30),
                        "limit",
                        500))
                .contains("sessions_live_expiry");
    }

    @Test
    void the_inactivity_claim_walks_the_live_activity_index() {
        assertThat(plan(
                        PostgresSessionStore.maintenanceSql("claim-inactive"),
                        "idleSince",
                        NOW.minusMinutes(15),
                        "now",
                        NOW,
                        "until",
                        NOW.plusSeconds(30),
                        "limit",
                        500))
                .contains("sessions_live_activity");
    }

    @Test
    void the_purge_claim_walks_the_ended_index_and_messages_go_by_their_primary_key() {
        assertThat(plan(
                        PostgresSessionStore.maintenanceSql("claim-purgeable"),
                        "endedBefore",
                        NOW.minusDays(30),
                        "now",
                        NOW,
                        "until",
                        NOW.plusSeconds(30),
                        "limit",
                        500))
                .contains("sessions_ended_at");
        var messages = adapters.jdbi().inTransaction(h -> {
            h.execute("SET LOCAL enable_seqscan = off");
            return String.join(
                    "\n",
                    h.createQuery("EXPLAIN " + PostgresSessionStore.maintenanceSql("purge-messages"))
                            .bindArray("ids", Long.class, List.of(1L, 2L))
                            .bind("limit", 5000)
                            .mapTo(String.class)
                            .list());
        });
        assertThat(messages).contains("messages_pkey");
    }
}
