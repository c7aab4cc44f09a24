package io.huddle.adapters.postgres;

import static io.huddle.application.contract.TestMessages.freshId;
import static io.huddle.application.contract.TestMessages.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.huddle.application.contract.TestSessions;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.SearchQuery;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionStore;
import io.huddle.testkit.Poll;
import io.huddle.testkit.Ports;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TcpProxy;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stores say {@link StoreUnavailable} when PostgreSQL cannot be reached: before the first
 * connection (nothing listens) and after the connections broke (a proxy in between is cut and gone).
 */
class PostgresUnavailableIT {
    private static final SplittableRandom RANDOM = new SplittableRandom();

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private static PostgresSettings via(int port) {
        var server = TestPostgres.server();
        return new PostgresSettings(
                server.jdbcUrlVia("127.0.0.1", port),
                server.user(),
                server.password(),
                db.schema(),
                2,
                1,
                Duration.ofSeconds(5),
                Duration.ofMillis(500));
    }

    @Test
    void with_nothing_listening_every_store_call_is_store_unavailable() {
        try (var adapters = PostgresAdapters.connect(via(Ports.free()), new SimpleMeterRegistry())) {
            var code = TestSessions.freshCode();
            var session = TestSessions.session(Instant.now());

            assertThat(catchThrowable(() -> adapters.sessions().find(code))).isInstanceOf(StoreUnavailable.class);
            assertThat(catchThrowable(() -> adapters.sessions().create(session)))
                    .isInstanceOf(StoreUnavailable.class);
            assertThat(catchThrowable(() -> adapters.messages().span(code))).isInstanceOf(StoreUnavailable.class);
            assertThat(catchThrowable(() -> adapters.messages().page(code, HistoryQuery.latest(50))))
                    .isInstanceOf(StoreUnavailable.class);
            assertThat(catchThrowable(() -> adapters.messages()
                            .append(session, text("hi"), new MemberId("m_x"), "X", freshId(), Instant.now())))
                    .isInstanceOf(StoreUnavailable.class)
                    .satisfies(
                            e -> assertThat(((StoreUnavailable) e).retryAfter()).isPositive());
        }
    }

    @Test
    void after_the_connections_break_an_append_is_store_unavailable_and_stored_nothing() throws Exception {
        throughProxy(p -> {
            var sender = new MemberId("m_alice");
            p.adapters().messages().append(p.session(), text("one"), sender, "Alice", freshId(), Instant.now());

            p.proxy().close();
            var failure = catchThrowable(() -> p.adapters()
                    .messages()
                    .append(p.session(), text("two"), sender, "Alice", freshId(), Instant.now()));

            assertThat(failure).isInstanceOf(StoreUnavailable.class);
            try (var restored = p.reopen()) {
                assertThat(restored.port()).isEqualTo(p.port());
                assertThat(spanWhenReachable(p.adapters(), p.session())).isEqualTo(new LogSpan(0, 1));
            }
        });
    }

    /**
     * One failed call is enough when PostgreSQL is gone: the breaker asks PostgreSQL directly and opens,
     * although its window holds ten answered calls, so the sends after it are refused at once instead of each
     * waiting out the pool's connection timeout. It closes again once PostgreSQL is back.
     */
    @Test
    void after_postgres_goes_away_one_failed_call_opens_the_breaker() throws Exception {
        throughProxy(p -> {
            for (int i = 0; i < 10; i++)
                assertThat(p.adapters().sessions().find(p.session().code())).isPresent();

            p.proxy().close();
            assertThat(catchThrowable(
                            () -> p.adapters().sessions().find(p.session().code())))
                    .isInstanceOf(StoreUnavailable.class);

            assertThat(eventually(() -> !p.adapters().available()))
                    .as("the breaker open after one failed call")
                    .isTrue();
            try (var restored = p.reopen()) {
                assertThat(eventually(p.adapters()::available))
                        .as("closed again once PostgreSQL answers")
                        .isTrue();
                assertThat(spanWhenReachable(p.adapters(), p.session())).isEqualTo(new LogSpan(0, 0));
            }
        });
    }

    /**
     * A PostgreSQL that stops answering (the proxy forwards nothing, connections stay open): the message
     * writer's append is refused before clients give up on a frame (10 s), not after the 15 s socket timeout
     * every other statement has, and the breaker opens, so the appends after it are refused at once.
     */
    @Test
    void an_append_to_a_postgres_that_hangs_is_refused_before_clients_give_up() throws Exception {
        throughProxy(p -> {
            var sender = new MemberId("m_alice");
            p.adapters().messages().append(p.session(), text("one"), sender, "Alice", freshId(), Instant.now());

            var hung = new MessageLog.Append(p.session(), text("two"), sender, "Alice", freshId(), Instant.now());
            refusedWhileHung(p, () -> p.adapters().messages().appendAll(List.of(hung)));
        });
    }

    /**
     * Not only the append: a join (any point statement of an HTTP request) to a PostgreSQL that stops answering
     * is refused after {@link PostgresCalls#ANSWER_TIMEOUT}, not the 15 s socket timeout, and opens the breaker.
     */
    @Test
    void a_join_to_a_postgres_that_hangs_is_refused_within_seconds() throws Exception {
        throughProxy(p -> {
            var member = Member.joining(MemberId.generate(RANDOM), "Bob", Role.MEMBER, Instant.now());
            refusedWhileHung(
                    p,
                    () -> p.adapters()
                            .members()
                            .join(
                                    p.session(),
                                    member,
                                    MemberToken.generate(RANDOM).hash()));
        });
    }

    /**
     * A hang is found while the first call still waits for it: asked about after {@link PostgresCalls#STUCK_AFTER},
     * PostgreSQL does not answer the breaker's probe either, and the breaker opens before that call gives up
     * ({@link PostgresCalls#ANSWER_TIMEOUT}), so the calls made meanwhile are refused at once, not each after
     * its own wait.
     */
    @Test
    void a_hang_opens_the_breaker_while_the_first_call_still_waits() throws Exception {
        throughProxy(p -> {
            p.proxy().hang();
            var member = Member.joining(MemberId.generate(RANDOM), "Bob", Role.MEMBER, Instant.now());
            var first = CompletableFuture.supplyAsync(() -> catchThrowable(() -> p.adapters()
                    .members()
                    .join(p.session(), member, MemberToken.generate(RANDOM).hash())));

            Poll.until(
                    Duration.ofSeconds(4),
                    "the breaker open",
                    () -> !p.adapters().available());
            assertThat(first).as("the first call still waiting").isNotDone();
            var next = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    Duration.ofMillis(500),
                    () -> catchThrowable(
                            () -> p.adapters().sessions().find(p.session().code())));
            assertThat(next).isInstanceOf(StoreUnavailable.class);
            assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(StoreUnavailable.class);

            p.proxy().resume();
            assertThat(eventually(p.adapters()::available))
                    .as("closed again once PostgreSQL answers")
                    .isTrue();
        });
    }

    /**
     * {@code call} made while PostgreSQL hangs (the proxy forwards nothing): refused before a client gives up on
     * it (10 s) because its answer timed out (not for want of a pooled connection), the breaker open after it,
     * and closed again once PostgreSQL answers.
     */
    private static void refusedWhileHung(Proxied p, org.assertj.core.api.ThrowableAssert.ThrowingCallable call)
            throws InterruptedException {
        p.proxy().hang();
        var failure = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> catchThrowable(call));

        assertThat(failure).isInstanceOf(StoreUnavailable.class).hasRootCauseInstanceOf(SocketTimeoutException.class);
        assertThat(eventually(() -> !p.adapters().available()))
                .as("the breaker open")
                .isTrue();
        p.proxy().resume();
        assertThat(eventually(p.adapters()::available))
                .as("closed again once PostgreSQL answers")
                .isTrue();
    }

    /**
     * A join stuck behind a lock (an operator's {@code ALTER TABLE}, a long transaction) is cancelled by
     * PostgreSQL after {@link PostgresCalls#CANCEL_AFTER}: the caller hears {@link StoreUnavailable}, nothing was
     * stored (it would be, once the lock went, had the gateway only stopped waiting), the breaker stays closed
     * (PostgreSQL answered) and the connection serves the next call.
     */
    @Test
    void a_join_stuck_behind_a_lock_is_cancelled_and_stores_nothing() throws Exception {
        try (var adapters = PostgresAdapters.connect(direct(), new SimpleMeterRegistry())) {
            var session = stored(adapters);
            var member = Member.joining(MemberId.generate(RANDOM), "Bob", Role.MEMBER, Instant.now());
            Throwable failure;
            try (var lock = locking("members")) {
                failure = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                        Duration.ofSeconds(10),
                        () -> catchThrowable(() -> adapters.members()
                                .join(
                                        session,
                                        member,
                                        MemberToken.generate(RANDOM).hash())));
            }

            assertThat(failure)
                    .isInstanceOf(StoreUnavailable.class)
                    .satisfies(e -> assertThat(PostgresCalls.isCancelled(e))
                            .as("cancelled")
                            .isTrue());
            assertThat(adapters.available()).as("the breaker closed").isTrue();
            Thread.sleep(500); // time for a statement that went on running to commit, as it would without the cancel
            assertThat(adapters.members().find(session.code(), member.id())).isEmpty();
            assertThat(adapters.members()
                            .join(session, member, MemberToken.generate(RANDOM).hash()))
                    .isEqualTo(new MemberStore.Joined.Added(1));
        }
    }

    /**
     * A search's work grows with the log, so it is not cancelled after {@link PostgresCalls#CANCEL_AFTER}: one
     * that waits longer than that for a lock still gets its answer.
     */
    @Test
    void a_search_waits_past_the_point_statements_bound() throws Exception {
        try (var adapters = PostgresAdapters.connect(direct(), new SimpleMeterRegistry())) {
            var session = stored(adapters);
            var sender = new MemberId("m_alice");
            adapters.messages().append(session, text("needle"), sender, "Alice", freshId(), Instant.now());

            CompletableFuture<List<Message>> search;
            try (var lock = locking("messages")) {
                search = CompletableFuture.supplyAsync(
                        () -> adapters.messages().search(session.code(), new SearchQuery("needle", 10)));
                Thread.sleep(PostgresCalls.ANSWER_TIMEOUT.plusSeconds(1));
                assertThat(search).as("waiting for the lock").isNotDone();
            }

            assertThat(search.get(10, TimeUnit.SECONDS))
                    .extracting(Message::content)
                    .containsExactly("needle");
        }
    }

    /** Straight to the tests' PostgreSQL, no proxy. */
    private static PostgresSettings direct() {
        var server = TestPostgres.server();
        return new PostgresSettings(
                server.jdbcUrl(),
                server.user(),
                server.password(),
                db.schema(),
                2,
                1,
                Duration.ofSeconds(5),
                Duration.ofMillis(500));
    }

    private static Session stored(PostgresAdapters adapters) {
        assertThat(adapters.migrated()).isTrue();
        var session = TestSessions.session(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        assertThat(adapters.sessions().create(session)).isInstanceOf(SessionStore.Created.Stored.class);
        return session;
    }

    /** A transaction of its own that holds {@code table} locked against every other use until closed. */
    private static Connection locking(String table) throws SQLException {
        var server = TestPostgres.server();
        var connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            statement.execute("SET search_path TO \"" + db.schema() + "\"");
            statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }

    /** Adapters that reach PostgreSQL through a proxy of their own, and a session stored through it. */
    record Proxied(TcpProxy proxy, int port, PostgresAdapters adapters, Session session) {
        /** A new proxy on the same port (after {@code proxy()} was closed). */
        TcpProxy reopen() {
            var server = TestPostgres.server();
            return TcpProxy.start(port, server.host(), server.port());
        }
    }

    interface ProxiedTest {
        void run(Proxied proxied) throws Exception;
    }

    private static void throughProxy(ProxiedTest test) throws Exception {
        var server = TestPostgres.server();
        // Bound by the proxy itself (port 0): a port found free first could be taken before the proxy binds it.
        var proxy = TcpProxy.start(0, server.host(), server.port());
        int port = proxy.port();
        try (var adapters = PostgresAdapters.connect(via(port), new SimpleMeterRegistry())) {
            assertThat(adapters.migrated()).isTrue();
            var session = TestSessions.session(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            assertThat(adapters.sessions().create(session)).isInstanceOf(SessionStore.Created.Stored.class);
            test.run(new Proxied(proxy, port, adapters, session));
        } finally {
            proxy.close();
        }
    }

    /** Whether {@code condition} holds within 5 s (the breaker's check runs on a thread of its own). */
    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /**
     * The span once the pool has replaced its broken connections (each broken one fails one call),
     * waiting {@code retryAfter} between tries as a client does (the breaker may have opened).
     */
    private static LogSpan spanWhenReachable(PostgresAdapters adapters, io.huddle.domain.session.Session session) {
        StoreUnavailable last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return adapters.messages().span(session.code());
            } catch (StoreUnavailable e) {
                last = e;
                try {
                    Thread.sleep(e.retryAfter());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }

    @Test
    void statements_that_postgres_refuses_do_not_open_the_breaker() {
        try (var adapters = PostgresAdapters.connect(via(TestPostgres.server().port()), new SimpleMeterRegistry())) {
            var session = TestSessions.session(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            adapters.sessions().create(session);
            // A taken code is PostgreSQL answering (a unique violation), not PostgreSQL being away.
            for (int i = 0; i < 12; i++) {
                assertThat(adapters.sessions().create(session)).isInstanceOf(SessionStore.Created.CodeTaken.class);
            }
            assertThat(adapters.sessions().find(session.code())).isPresent();
        }
    }

    @Test
    void while_postgres_is_away_the_breaker_opens_and_calls_fail_at_once() {
        var meters = new SimpleMeterRegistry();
        try (var adapters = PostgresAdapters.connect(via(Ports.free()), meters)) {
            var code = TestSessions.freshCode();
            for (int i = 0; i < 5; i++) {
                assertThat(catchThrowable(() -> adapters.sessions().find(code))).isInstanceOf(StoreUnavailable.class);
            }

            var failure = catchThrowable(() -> adapters.sessions().find(code));

            assertThat(failure)
                    .isInstanceOfSatisfying(
                            StoreUnavailable.class,
                            e -> assertThat(e.retryAfter()).isLessThanOrEqualTo(PostgresCalls.PROBE_EVERY));
            assertThat(adapters.available()).isFalse();
            var open = meters.find("resilience4j.circuitbreaker.state")
                    .tags("name", "postgres", "state", "open")
                    .gauge();
            assertThat(open).isNotNull();
            assertThat(open.value()).isEqualTo(1.0);
        }
    }
}
