package io.huddle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestSessions;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.SearchQuery;
import io.huddle.domain.session.Session;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The search index's pending list on real PostgreSQL (migration V8): a message is found by search the
 * moment it is stored, while its index entries still wait in the list; the list is merged by a process no
 * sender waits on; and two processes never merge at once. The list's size is read with pgstattuple's
 * {@code pgstatginindex}.
 */
class SearchIndexMergesIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private static PostgresAdapters adapters;

    @BeforeAll
    static void connect() {
        adapters = PostgresAdapters.connect(TestSettings.pooled(db, 4), new SimpleMeterRegistry());
        assertThat(adapters.migrated()).isTrue();
        adapters.jdbi().useTransaction(h -> {
            h.createQuery("SELECT pg_advisory_xact_lock(hashtext('huddle-extension:pgstattuple'))")
                    .mapTo(String.class)
                    .one();
            h.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple WITH SCHEMA public");
        });
    }

    @AfterAll
    static void close() {
        adapters.close();
    }

    @Test
    void a_stored_message_is_found_at_once_while_its_entries_wait_in_the_pending_list_and_after_the_merge()
            throws Exception {
        var session = session();
        var merges = SearchIndexMerges.onDemand(adapters.jdbi());
        // Another process's merge in progress, as far as this schema's merges know: the adapters' own
        // background merger skips its turns while this lock is held, so the list keeps what is added now.
        try (var otherProcess = new HeldMergeLock()) {
            addMessages(session, 200, "pending-list walrus");
            assertThat(pendingPages()).isPositive();
            assertThat(search(session, "E 17 PENDING-LIST"))
                    .extracting(Message::content)
                    .containsExactly("message 17 pending-list walrus");
            assertThat(merges.mergeOnce()).isEqualTo(new SearchIndexMerges.Skipped());
            assertThat(pendingPages()).isPositive();
        }
        assertThat(mergedOnce(merges)).isInstanceOf(SearchIndexMerges.Merged.class);
        assertThat(pendingPages()).isZero();
        assertThat(search(session, "E 17 PENDING-LIST"))
                .extracting(Message::content)
                .containsExactly("message 17 pending-list walrus");
        assertThat(mergedOnce(merges)).isEqualTo(new SearchIndexMerges.Merged(0));
    }

    /**
     * A merge of the test's own once the lock is free: the adapters' background merger takes the same lock
     * every second, and a turn of the test's that met it is skipped, so it is tried again (up to 10 s).
     */
    private static SearchIndexMerges.Outcome mergedOnce(SearchIndexMerges merges) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (true) {
            var outcome = merges.mergeOnce();
            if (!(outcome instanceof SearchIndexMerges.Skipped) || System.nanoTime() > deadline) return outcome;
            Thread.sleep(50);
        }
    }

    @Test
    void the_adapters_merge_the_list_in_the_background_without_being_asked() throws Exception {
        var session = session();
        try (var otherProcess = new HeldMergeLock()) {
            addMessages(session, 200, "background heron");
            assertThat(pendingPages()).isPositive();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pendingPages() > 0 && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(pendingPages())
                .as("pending pages %s after the adapters' merger had 30 s", SearchIndexMerges.EVERY)
                .isZero();
        assertThat(search(session, "199 background"))
                .extracting(Message::content)
                .containsExactly("message 199 background heron");
    }

    private static Session session() {
        var session = TestSessions.session(Instant.now());
        adapters.sessions().create(session);
        return session;
    }

    private static java.util.List<Message> search(Session session, String text) {
        return adapters.messages().search(session.code(), new SearchQuery(text, SearchQuery.MAX_LIMIT));
    }

    private static void addMessages(Session session, int count, String words) {
        adapters.jdbi()
                .useHandle(h -> h.createUpdate("""
                                INSERT INTO messages (session_id, seq, id, sender_id, sender_name, kind, content, sent_at)
                                SELECT s.id, g, 'msg_' || s.id || '_' || g, 'm_x', 'X', 'text',
                                       'message ' || g || ' ' || :words, now()
                                FROM sessions s, generate_series(1, :count) g
                                WHERE s.code = :code""")
                        .bind("code", session.code().value())
                        .bind("count", count)
                        .bind("words", words)
                        .execute());
    }

    private static long pendingPages() {
        return adapters.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT pending_pages FROM public.pgstatginindex('messages_content_trgm'::regclass)")
                        .mapTo(Long.class)
                        .one());
    }

    /** The merge lock of this schema, held by another connection in an open transaction until closed. */
    private static final class HeldMergeLock implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);
        private final Thread holder;

        HeldMergeLock() throws InterruptedException {
            var held = new CountDownLatch(1);
            holder = Thread.ofPlatform().start(() -> {
                try {
                    adapters.jdbi().useTransaction((Handle h) -> {
                        h.createQuery(
                                        "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.messages_content_trgm'))")
                                .mapTo(String.class)
                                .one();
                        held.countDown();
                        release.await();
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(held.await(10, TimeUnit.SECONDS))
                    .as("the merge lock was taken")
                    .isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            holder.join(Duration.ofSeconds(10));
        }
    }
}
