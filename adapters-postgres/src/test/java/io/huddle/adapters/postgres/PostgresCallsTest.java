package io.huddle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.StoreUnavailable;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

class PostgresCallsTest {
    private static RuntimeException wrapped(Throwable cause) {
        return new RuntimeException("statement failed", cause);
    }

    @Test
    void connection_failures_become_store_unavailable_with_a_retry_time_and_the_cause() {
        var refused = wrapped(new SQLException("Connection refused", "08001"));

        var translated = PostgresCalls.translated(refused);

        assertThat(translated).isInstanceOf(StoreUnavailable.class).hasCause(refused);
        assertThat(((StoreUnavailable) translated).retryAfter()).isEqualTo(PostgresCalls.RETRY_AFTER);
        assertThat(translated.getMessage()).isEqualTo("postgres is unavailable");
    }

    @Test
    void every_kind_of_unreachable_postgresql_counts() {
        assertThat(PostgresCalls.isUnavailable(wrapped(new SQLException("I/O error", "08006"))))
                .isTrue();
        assertThat(PostgresCalls.isUnavailable(wrapped(new SQLTransientConnectionException("pool timed out"))))
                .isTrue();
        assertThat(PostgresCalls.isUnavailable(new ConnectionException(new SQLException("no route"))))
                .isTrue();
        assertThat(PostgresCalls.isUnavailable(wrapped(new SQLException("terminating connection", "57P01"))))
                .isTrue();
        assertThat(PostgresCalls.isUnavailable(wrapped(new SQLException("too many clients", "53300"))))
                .isTrue();
        assertThat(PostgresCalls.isUnavailable(wrapped(new SQLException("read-only transaction", "25006"))))
                .isTrue();
    }

    @Test
    void other_failures_stay_what_they_are() {
        var unique = wrapped(new SQLException("duplicate key", "23505"));
        var syntax = wrapped(new SQLException("syntax error", "42601"));
        var bug = new IllegalStateException("broken invariant");

        assertThat(PostgresCalls.translated(unique)).isSameAs(unique);
        assertThat(PostgresCalls.translated(syntax)).isSameAs(syntax);
        assertThat(PostgresCalls.translated(bug)).isSameAs(bug);
        assertThat(PostgresCalls.isUnavailable(wrapped(new SQLException("no state"))))
                .isFalse();
    }

    @Test
    void a_call_that_finds_postgres_away_opens_the_breaker_when_a_connection_of_its_own_fails_too() {
        var attempts = new java.util.concurrent.atomic.AtomicInteger();
        var probes = new java.util.concurrent.atomic.AtomicInteger();
        org.jdbi.v3.core.ConnectionFactory refused = () -> {
            attempts.incrementAndGet();
            throw new SQLException("Connection refused", "08001");
        };
        var breaker = PostgresCalls.breaker(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults());
        var calls = new PostgresCalls(refused, org.jdbi.v3.core.Jdbi.create(refused), breaker, () -> {
            probes.incrementAndGet();
            throw new IllegalStateException("PostgreSQL does not answer yet");
        });
        // The breaker's window full of answered calls: counting alone, one failure would not open it.
        for (int i = 0; i < 10; i++) breaker.onSuccess(1, java.util.concurrent.TimeUnit.MILLISECONDS);

        assertThatThrownBy(() -> calls.withHandle(
                        h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()))
                .isInstanceOf(StoreUnavailable.class);

        assertThat(probes.get()).as("PostgreSQL asked once more, directly").isEqualTo(1);
        assertThat(calls.available()).isFalse();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> calls.useHandle(h -> h.execute("SELECT 1")))
                    .isInstanceOfSatisfying(
                            StoreUnavailable.class,
                            e -> assertThat(e.retryAfter()).isLessThanOrEqualTo(PostgresCalls.PROBE_EVERY));
        }
        assertThat(attempts.get())
                .as("no call attempted once open (the prober has not run yet)")
                .isEqualTo(1);
    }

    @Test
    void a_broken_connection_while_postgres_answers_leaves_the_breaker_closed() {
        var probes = new java.util.concurrent.atomic.AtomicInteger();
        org.jdbi.v3.core.ConnectionFactory broken = () -> {
            throw new SQLException("An I/O error occurred while sending to the backend", "08006");
        };
        var breaker = PostgresCalls.breaker(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults());
        var calls = new PostgresCalls(broken, org.jdbi.v3.core.Jdbi.create(broken), breaker, probes::incrementAndGet);
        for (int i = 0; i < 10; i++) breaker.onSuccess(1, java.util.concurrent.TimeUnit.MILLISECONDS);

        assertThatThrownBy(() -> calls.useHandle(h -> h.execute("SELECT 1"))).isInstanceOf(StoreUnavailable.class);

        assertThat(probes.get()).as("PostgreSQL asked once more, directly").isEqualTo(1);
        assertThat(calls.available()).as("the probe answered").isTrue();
        assertThat(breaker.getState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
    }

    @Test
    void the_appends_check_refuses_while_the_breaker_is_open_and_leaves_the_half_open_trials_to_calls() {
        org.jdbi.v3.core.ConnectionFactory refused = () -> {
            throw new SQLException("Connection refused", "08001");
        };
        var breaker = PostgresCalls.breaker(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults());
        var calls = new PostgresCalls(refused, org.jdbi.v3.core.Jdbi.create(refused), breaker, () -> {});

        calls.checkNotOpen(); // closed: nothing to say
        breaker.transitionToOpenState();
        assertThatThrownBy(calls::checkNotOpen).isInstanceOf(StoreUnavailable.class);

        breaker.transitionToHalfOpenState();
        for (int i = 0; i < 5; i++) calls.checkNotOpen();
        assertThat(breaker.tryAcquirePermission())
                .as("a trial call is still permitted")
                .isTrue();
    }

    /**
     * The breaker's probe opens a connection of its own: refused for itself only (too many connections, a login
     * refused), PostgreSQL is there and the pool's open connections still work, so the breaker must not open.
     */
    @Test
    void a_probe_refused_only_its_own_connection_finds_postgres_there() {
        assertThat(PostgresAdapters.refusedThisConnectionOnly("53300"))
                .as("too many connections")
                .isTrue();
        assertThat(PostgresAdapters.refusedThisConnectionOnly("28P01"))
                .as("password refused")
                .isTrue();
        assertThat(PostgresAdapters.refusedThisConnectionOnly("08001"))
                .as("unable to connect")
                .isFalse();
        assertThat(PostgresAdapters.refusedThisConnectionOnly("57P03"))
                .as("starting up")
                .isFalse();
        assertThat(PostgresAdapters.refusedThisConnectionOnly(null))
                .as("no answer")
                .isFalse();
    }
}
