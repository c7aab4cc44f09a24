package io.huddle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestSessions;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.SearchQuery;
import io.huddle.domain.session.Session;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Search over long logs, written in bulk as the gateway writes them: a log longer than the latest messages a
 * search walks ({@link PostgresMessageLog#SEARCH_RECENT}), next to many other sessions' messages. A schema of
 * its own, so the index statistics PostgreSQL reports for it are those of these tests.
 */
class PostgresSearchIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    /** The fewest connections the migration needs; the statistics are read from every one of them. */
    private static final int POOL = 2;

    private static final int LONG_LOG = 5 * PostgresMessageLog.SEARCH_RECENT;

    private static PostgresAdapters adapters;
    private static Session long_;

    @BeforeAll
    static void fill() {
        adapters = PostgresAdapters.connect(TestSettings.pooled(db, POOL), new SimpleMeterRegistry());
        assertThat(adapters.migrated()).isTrue();
        long_ = created();
        // Other sessions of 2,000 messages: the table is mostly other sessions' rows, as in production.
        for (int i = 0; i < 40; i++) fillLog(created(), 2_000, "seq % 10 = 0");
        // The long log: "hello" every tenth message; "needle" only at seqs 3 and 7, far below the latest ones,
        // and at the last-but-one seq; "ok" only at seq 5 and at the last seq.
        fillLog(long_, LONG_LOG, "seq % 10 = 0");
        adapters.jdbi().useHandle(h -> {
            h.createUpdate("UPDATE messages SET content = 'a needle here' WHERE seq IN (3, 7, :late)"
                            + " AND session_id = (SELECT id FROM sessions WHERE code = :code)")
                    .bind("late", LONG_LOG - 1)
                    .bind("code", long_.code().value())
                    .execute();
            h.createUpdate("UPDATE messages SET content = 'ok then' WHERE seq IN (5, :last)"
                            + " AND session_id = (SELECT id FROM sessions WHERE code = :code)")
                    .bind("last", LONG_LOG)
                    .bind("code", long_.code().value())
                    .execute();
            h.createUpdate("UPDATE messages SET content = 'a zebracorn' WHERE seq = 9"
                            + " AND session_id = (SELECT id FROM sessions WHERE code = :code)")
                    .bind("code", long_.code().value())
                    .execute();
            // A deployment's table holds the messages of a great many sessions, so PostgreSQL's estimate for
            // "the messages of one session" is a few hundred rows, however long that session's log is (3,500
            // sessions and 3.1 million messages: 900). Forty sessions here would make it 2,000; told what
            // the statistics of a long-running deployment say, the planner plans as it does there.
            h.execute("ALTER TABLE messages ALTER COLUMN session_id SET (n_distinct = 100000)");
            h.execute("SELECT gin_clean_pending_list('messages_content_trgm'::regclass)");
            h.execute("ANALYZE messages");
            h.execute("ANALYZE sessions");
        });
    }

    @AfterAll
    static void close() {
        adapters.close();
    }

    private static Session created() {
        var session = TestSessions.session(Instant.now());
        adapters.sessions().create(session);
        return session;
    }

    /** {@code count} messages in the shape huddle_append writes; "hello there" where {@code hello} holds. */
    private static void fillLog(Session session, int count, String hello) {
        BulkLog.write(
                adapters.jdbi(),
                session.code(),
                0,
                count,
                "'m_' || (seq % 7)",
                "CASE WHEN " + hello + " THEN 'hello there' ELSE 'just words ' || seq END");
    }

    private static List<Long> search(String text, int limit) {
        return adapters.messages().search(long_.code(), new SearchQuery(text, limit)).stream()
                .map(Message::seq)
                .toList();
    }

    /** Index scans of the trigram index so far, as this schema's statistics have them. */
    private static long trigramIndexScans() {
        flushStatisticsOfEveryConnection(POOL);
        return adapters.jdbi()
                .withHandle(h -> h.createQuery("SELECT idx_scan FROM pg_stat_user_indexes"
                                + " WHERE schemaname = current_schema() AND indexrelname = 'messages_content_trgm'")
                        .mapTo(Long.class)
                        .one());
    }

    /** Rows of the messages table read so far, by any scan, as this schema's statistics have them. */
    private static long messagesRead() {
        flushStatisticsOfEveryConnection(POOL);
        return adapters.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables"
                                        + " WHERE schemaname = current_schema() AND relname = 'messages'")
                        .mapTo(Long.class)
                        .one());
    }

    /**
     * A backend's counts reach the statistics when it goes idle after asking for it: every connection of the
     * pool asks, all held at once so that each is a different one.
     */
    private static void flushStatisticsOfEveryConnection(int left) {
        if (left == 0) return;
        adapters.jdbi().useHandle(h -> {
            h.execute("SELECT pg_stat_force_next_flush()");
            flushStatisticsOfEveryConnection(left - 1);
        });
    }

    @Test
    void stats_of_a_long_log_asked_again_read_only_the_messages_stored_since_the_last_time() {
        long before = messagesRead();
        var first = adapters.messages().stats(long_.code());
        long firstRead = messagesRead() - before;

        var again = adapters.messages().stats(long_.code());
        long againRead = messagesRead() - before - firstRead;

        assertThat(first.count()).isEqualTo(LONG_LOG);
        assertThat(first.senders()).isEqualTo(7);
        assertThat(again).isEqualTo(first);
        // The first call tallies the whole log; the second has nothing new to read (it read the whole log
        // every time before: 1 to 2.4 s for 400,000 messages).
        assertThat(firstRead).isGreaterThanOrEqualTo(LONG_LOG);
        assertThat(againRead).isLessThan(10);
    }

    @Test
    void a_search_finds_matches_both_among_the_latest_messages_and_far_below_them_newest_first() {
        assertThat(search("needle", 20)).containsExactly((long) LONG_LOG - 1, 7L, 3L);
        assertThat(search("NEEDLE", 2)).containsExactly((long) LONG_LOG - 1, 7L);
        assertThat(search("ok", 20)).containsExactly((long) LONG_LOG, 5L);
        assertThat(search("nowhere", 20)).isEmpty();
    }

    @Test
    void a_word_of_the_latest_messages_is_found_there_newest_first() {
        assertThat(search("hello", 3))
                .containsExactly((long) LONG_LOG - 10, (long) LONG_LOG - 20, (long) LONG_LOG - 30);
    }

    @Test
    void a_rare_word_far_below_the_latest_messages_is_found_without_reading_the_whole_log() {
        long before = messagesRead();

        assertThat(search("zebracorn", 20)).containsExactly(9L);

        // The latest messages, then the trigram index's few candidates; not the 50,000 messages of the log
        // (which the single statement walked: 400,000 messages and 2.7 s for a rare phrase in a long session).
        assertThat(messagesRead() - before).isLessThan(PostgresMessageLog.SEARCH_RECENT + 100);
    }

    @Test
    void a_word_of_the_latest_messages_is_found_by_reading_a_few_of_them() {
        long before = messagesRead();

        assertThat(search("hello", 20)).hasSize(20);

        assertThat(messagesRead() - before).isLessThan(1_000);
    }

    @Test
    void a_search_after_a_clear_finds_only_what_came_after_it() {
        var session = created();
        fillLog(session, LONG_LOG, "seq % 1000 = 0");
        adapters.messages().clear(session.code());
        fillLogAbove(session, LONG_LOG, 30);

        assertThat(adapters.messages().search(session.code(), new SearchQuery("hello", 20)).stream()
                        .map(Message::seq))
                .containsExactly((long) LONG_LOG + 30, (long) LONG_LOG + 20, (long) LONG_LOG + 10);
    }

    /** {@code count} more messages above {@code from}, "hello there" every tenth. */
    private static void fillLogAbove(Session session, int from, int count) {
        BulkLog.write(
                adapters.jdbi(),
                session.code(),
                from,
                count,
                "'m_1'",
                "CASE WHEN (seq - " + from + ") % 10 = 0 THEN 'hello there' ELSE 'later words' END");
    }

    @Test
    void a_text_without_a_trigram_never_reads_the_trigram_index_whatever_plan_postgresql_keeps() {
        // What a pooled connection ends up with after a few executions of one statement (PostgreSQL switches
        // to a generic plan when its estimate looks no worse), here from the first: with 3 million messages
        // that plan read the whole trigram index, every session's messages, for a two-letter text (7.5 s).
        setOnEveryConnection("plan_cache_mode = force_generic_plan", POOL);
        try {
            long before = trigramIndexScans();

            for (int i = 0; i < 10; i++) {
                assertThat(search("ok", 20)).containsExactly((long) LONG_LOG, 5L);
                assertThat(search("?!", 20)).isEmpty();
            }

            assertThat(trigramIndexScans() - before).isZero();
        } finally {
            setOnEveryConnection("plan_cache_mode = default", POOL);
        }
    }

    private static void setOnEveryConnection(String setting, int left) {
        if (left == 0) return;
        adapters.jdbi().useHandle(h -> {
            h.execute("SET " + setting);
            setOnEveryConnection(setting, left - 1);
        });
    }

    @Test
    void pg_trgm_finds_a_trigram_only_in_three_letters_or_digits_in_a_row() {
        assertThat(PostgresMessageLog.hasTrigram("abc")).isTrue();
        assertThat(PostgresMessageLog.hasTrigram("a 42b")).isTrue();
        assertThat(PostgresMessageLog.hasTrigram("ok")).isFalse();
        assertThat(PostgresMessageLog.hasTrigram("?!?")).isFalse();
        assertThat(PostgresMessageLog.hasTrigram("a b c d")).isFalse();
        assertThat(PostgresMessageLog.hasTrigram("日本語")).isTrue();
    }
}
