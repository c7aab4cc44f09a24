package io.huddle.adapters.postgres;

import static io.huddle.application.contract.TestMessages.freshId;
import static io.huddle.application.contract.TestMessages.text;
import static io.huddle.application.contract.TestSessions.member;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestSessions;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageLog.Appended;
import io.huddle.domain.session.Session;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A clear while people keep sending: the clear of a long history takes as long as its delete (about a second
 * for 400,000 messages), and a send must not wait for it, nor must the sends of other sessions that share its
 * group commit. The test makes the delete wait as long as it likes by holding one of the rows it deletes.
 */
class PostgresClearIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private static final int HISTORY = 1_000;

    /** A thread per task: the common pool has a single thread on a 2-core machine, which a waiting clear takes. */
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private static PostgresAdapters adapters;

    @BeforeAll
    static void connect() {
        adapters = PostgresAdapters.connect(TestSettings.pooled(db, 6), new SimpleMeterRegistry());
        assertThat(adapters.migrated()).isTrue();
    }

    @AfterAll
    static void close() {
        THREADS.close();
        adapters.close();
    }

    /** A live session with {@code count} messages, written in bulk in the shape huddle_append writes. */
    private static Session withHistory(int count) {
        var session = TestSessions.session(Instant.now());
        adapters.sessions().create(session);
        BulkLog.write(adapters.jdbi(), session.code(), 0, count, "'m_1'", "'old ' || seq");
        return session;
    }

    /** Whether the clear's delete is waiting for a row the backend {@code holder} holds. */
    private static boolean clearWaitingFor(long holder) {
        return adapters.jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT count(*) FROM pg_stat_activity"
                                                + " WHERE :holder = ANY(pg_blocking_pids(pid)) AND query LIKE '%DELETE FROM messages%'")
                                .bind("holder", (int) holder)
                                .mapTo(Long.class)
                                .one())
                > 0;
    }

    @Test
    void a_message_sent_while_the_history_is_being_deleted_is_stored_at_once_and_stays() throws Exception {
        var session = withHistory(HISTORY);
        var sender = member("Alice", Role.MEMBER, Instant.now());
        CompletableFuture<Void> clearing;
        Appended sent;
        try (Handle holder = adapters.jdbi().open()) {
            holder.begin();
            long holderPid = holder.createQuery("SELECT pg_backend_pid()")
                    .mapTo(Long.class)
                    .one();
            holder.createQuery("SELECT seq FROM messages WHERE seq = :seq"
                            + " AND session_id = (SELECT id FROM sessions WHERE code = :code) FOR UPDATE")
                    .bind("seq", HISTORY / 2)
                    .bind("code", session.code().value())
                    .mapTo(Long.class)
                    .one();
            clearing = CompletableFuture.runAsync(() -> adapters.messages().clear(session.code()), THREADS);
            while (!clearWaitingFor(holderPid)) {
                assertThat(clearing).isNotDone();
                Thread.sleep(20);
            }

            // The clear is in its delete, for as long as this test holds the row. A deadline only so that a
            // send that waits for the clear fails the test instead of hanging it.
            sent = CompletableFuture.supplyAsync(
                            () -> adapters.messages()
                                    .append(
                                            session,
                                            text("sent during the clear"),
                                            sender.id(),
                                            "Alice",
                                            freshId(),
                                            Instant.now()),
                            THREADS)
                    .get(30, TimeUnit.SECONDS);

            assertThat(sent).isInstanceOf(Appended.Stored.class);
            assertThat(clearing).isNotDone();
            holder.rollback();
        }
        clearing.get(30, TimeUnit.SECONDS);

        // The message sent during the clear came after it: it stays, with the next seq.
        var history = adapters.messages().page(session.code(), HistoryQuery.latest(50));
        assertThat(history.messages()).extracting(Message::content).containsExactly("sent during the clear");
        assertThat(history.messages()).extracting(Message::seq).containsExactly((long) HISTORY + 1);
        assertThat(adapters.messages().span(session.code())).isEqualTo(new LogSpan(HISTORY, HISTORY + 1));
    }

    @Test
    void two_clears_of_one_session_at_once_both_succeed() throws Exception {
        var session = withHistory(HISTORY);

        var first = CompletableFuture.runAsync(() -> adapters.messages().clear(session.code()), THREADS);
        var second = CompletableFuture.runAsync(() -> adapters.messages().clear(session.code()), THREADS);
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);

        assertThat(adapters.messages()
                        .page(session.code(), HistoryQuery.latest(50))
                        .messages())
                .isEmpty();
        assertThat(adapters.messages().span(session.code())).isEqualTo(new LogSpan(HISTORY, HISTORY));
    }
}
