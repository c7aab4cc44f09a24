package io.huddle.adapters.postgres;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.huddle.domain.StoreUnavailable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Runs the stores' statements behind one circuit breaker and turns "PostgreSQL cannot answer" into
 * {@link StoreUnavailable}, in one place for every PostgreSQL store. Anything else (a constraint, a bug in a statement) stays the
 * exception it is, since retrying would not help.
 *
 * <p>Counted as unavailable: the pool timing out for a connection ({@link SQLTransientConnectionException}),
 * Jdbi failing to open one ({@link ConnectionException}), SQLState class 08 (connection exception:
 * refused, broken mid-statement), 57P01 to 57P03 (the server or an administrator ended the backend,
 * or the server is starting or stopping), 53300 (too many connections) and 25006 (a read-only
 * transaction, as on a primary that just became a replica).
 *
 * <p>A statement PostgreSQL has not answered within {@link #CANCEL_AFTER} is cancelled by PostgreSQL itself
 * (SQLState 57014, also {@link StoreUnavailable}, but not counted by the breaker: PostgreSQL answered), so it
 * is rolled back and its outcome is known; the connection stays in the pool. A failure during a
 * transaction rolls it back, so a refused write did not happen; the one exception no client can avoid is a
 * connection lost (or given up on after {@link #ANSWER_TIMEOUT}, when not even the cancel was answered)
 * while the statement or its COMMIT is under way, where the write may have committed. Sends carry a client
 * message id for that case: the retry finds the first.
 *
 * <p>While the breaker is open no caller waits for PostgreSQL: a prober of its own ({@link #probeEvery})
 * asks PostgreSQL on a virtual thread (over a connection of its own: does it take writes?) and closes the
 * breaker as soon as it does, so calls are
 * served again within one probe interval of PostgreSQL coming back, and {@code retryAfter} says the time
 * until that next probe (at most {@link #OPEN_FOR}, the breaker's own fallback if the prober could not run).
 *
 * <p>The breaker does not wait for its failure rate to find an outage: a call that finds PostgreSQL
 * unreachable while the breaker is closed, or that has waited {@link #STUCK_AFTER} for it, has the same probe
 * ask PostgreSQL at once, over a connection of its own, and the breaker opens when that fails too
 * ({@link #checkForOutage}). Counting alone, half of the
 * last ten calls must fail first, and with the message writer's one batch at a time, each waiting out the
 * pool's connection timeout, every send waited up to 4 s for its refusal for the first 6 s of an outage. A
 * failure of one connection (a backend ended, a connection a firewall dropped) leaves the breaker closed:
 * the probe answers.
 */
final class PostgresCalls {
    /**
     * How long PostgreSQL works on a statement before it cancels it (the JDBC query timeout: the driver sends
     * a cancel request), for every statement but those whose work grows with the data ({@link #withSlowHandle},
     * {@link #inSlowTransaction}: a search, the stats, a clear, the purge), which have {@link #SLOW_CANCEL_AFTER}.
     * A statement stuck behind a lock (an operator's {@code ALTER TABLE}, a long transaction) would otherwise
     * hold a send, a join or a history page for as long as the lock is held: past the 10 s after which clients
     * (ours included) take a socket whose frame went unanswered for dead, and past what an HTTP client waits.
     * Cancelled by the server, the statement is rolled back: the caller hears {@code storage_unavailable} and
     * nothing was written, and the connection stays usable. A healthy point statement, or the append of a whole
     * group, takes milliseconds.
     */
    static final Duration CANCEL_AFTER = Duration.ofSeconds(4);

    /**
     * The longest a call waits for any answer, the cancel's included: a PostgreSQL that hangs (or a link that
     * died without a reset) answers nothing, so the driver gives up on the connection after this and the call's
     * outage check ({@link #checkForOutage}) opens the breaker for the calls after it. The slow calls wait up to
     * {@link PostgresAdapters#SOCKET_TIMEOUT}.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    /** {@link #CANCEL_AFTER} for the calls whose work grows with the data: just under their socket timeout. */
    static final Duration SLOW_CANCEL_AFTER = PostgresAdapters.SOCKET_TIMEOUT.minusSeconds(1);

    /**
     * How long a point call may wait before the breaker's question is asked about it ({@link #watchStuckCalls}):
     * a healthy point statement, or a group's append, takes milliseconds. Asked now rather than when the call
     * gives up ({@link #ANSWER_TIMEOUT}), an outage that leaves connections hanging (a link gone without a reset,
     * a frozen server) opens the breaker about a second plus the probe's connect timeout in, not five seconds
     * plus it, and the sends and joins after that are refused at once.
     */
    static final Duration STUCK_AFTER = Duration.ofSeconds(1);

    /** SQLState of a statement cancelled (here: by its query timeout). */
    static final String CANCELLED = "57014";

    /** What callers are told to wait: about one pool connection timeout, the time a reconnect takes. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    /**
     * How long the breaker stays open before letting a few calls try PostgreSQL again, if no probe closed it:
     * a fallback for a prober that could not run, long because those trial calls go through the pool. While
     * PostgreSQL is still away each of them waits out the pool's connection timeout (2 s), and one of them in
     * the message writer holds every send of the gateway that long: with 5 s here, a 2 s stall every 7 s of an
     * outage.
     */
    static final Duration OPEN_FOR = Duration.ofSeconds(30);

    /** How often the prober tries PostgreSQL while the breaker is open. */
    static final Duration PROBE_EVERY = Duration.ofMillis(250);

    static final String STORE = "postgres";

    private static final Set<String> UNAVAILABLE_STATES =
            Set.of("57P01", "57P02", "57P03", "53300", ReadOnlyConnectionsReplaced.READ_ONLY_TRANSACTION);

    /** Statement buckets: a healthy PostgreSQL answers a point query or a commit in a few milliseconds. */
    static final Duration[] SLO = {
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2)
    };

    private final ConnectionFactory connections;
    private final Jdbi jdbi;
    private final CircuitBreaker breaker;
    private final Timer succeeded;
    private final Timer failed;
    private final Duration probeEvery;
    private final AtomicLong openedAt = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();
    /** Whether a check for an outage is under way ({@link #checkForOutage}); one at a time. */
    private final AtomicBoolean checking = new AtomicBoolean();
    /** When the last check for an outage began (System.nanoTime), so that checks come one probe interval apart. */
    private final AtomicLong checkedAt = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
    /** The point calls under way, for {@link #watchStuckCalls}. */
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

    /** A point call under way: since when, and whether an outage check was asked for it already. */
    private static final class Pending {
        final long since = System.nanoTime();
        volatile boolean asked;
    }

    /** How many times the breaker changed state: an outage check acts only on the state it began in. */
    private final AtomicLong transitions = new AtomicLong();
    /** Where a check for an outage runs: off the failed caller's thread, which has its answer to give. */
    private final Executor outageChecks;

    private volatile boolean closed;
    /** The prober's question: succeeds once PostgreSQL answers. */
    private final Runnable probe;
    /** Run when the prober found PostgreSQL back, before the breaker closes (see PostgresAdapters). */
    private final Runnable back;

    /**
     * For tests of the breaker: default meters, {@code probe} as the prober's and the outage check's question,
     * and the outage check run on the failed caller's thread, so that the breaker's state after a call is its
     * outcome.
     */
    PostgresCalls(ConnectionFactory connections, Jdbi jdbi, CircuitBreaker breaker, Runnable probe) {
        this(connections, jdbi, breaker, new SimpleMeterRegistry(), PROBE_EVERY, probe, () -> {}, Runnable::run);
    }

    /**
     * Every call timed into {@code huddle_store_call_seconds{store="postgres",outcome}}.
     *
     * @param connections the pool's connections, for {@link #withConnection}
     * @param probe asks PostgreSQL once, throwing while it cannot answer
     * @param back runs when a probe answered, before the breaker closes
     * @param outageChecks runs {@link #checkForOutage}'s probe
     */
    PostgresCalls(
            ConnectionFactory connections,
            Jdbi jdbi,
            CircuitBreaker breaker,
            MeterRegistry meters,
            Duration probeEvery,
            Runnable probe,
            Runnable back,
            Executor outageChecks) {
        this.connections = connections;
        this.outageChecks = outageChecks;
        this.probe = probe;
        this.back = back;
        this.jdbi = jdbi;
        this.breaker = breaker;
        this.succeeded = timer(meters, "success");
        this.failed = timer(meters, "failure");
        this.probeEvery = probeEvery;
        breaker.getEventPublisher().onStateTransition(event -> {
            transitions.incrementAndGet();
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt.set(System.nanoTime());
                startProbing();
            }
        });
        watchStuckCalls();
    }

    private static Timer timer(MeterRegistry meters, String outcome) {
        return Timer.builder("huddle.store.call")
                .description("Calls to a store through its port, by outcome (failure: the store could not answer"
                        + " or refused the call)")
                .tag("store", STORE)
                .tag("outcome", outcome)
                .serviceLevelObjectives(SLO)
                .register(meters);
    }

    /** Whether calls are let through now (the breaker is not open). */
    boolean available() {
        var state = breaker.getState();
        return state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN;
    }

    /** Stops the prober (the pool is closing). */
    void close() {
        closed = true;
    }

    /**
     * Every {@link #probeEvery}, a point call waiting longer than {@link #STUCK_AFTER} has the outage check asked
     * once ({@link #checkForOutage}): PostgreSQL answering it (the call is only slow, or waits for a lock) leaves
     * the breaker closed. Until {@link #close}.
     */
    private void watchStuckCalls() {
        Thread.ofVirtual().name("postgres-stuck-calls").start(() -> {
            try {
                while (!closed) {
                    Thread.sleep(probeEvery);
                    long now = System.nanoTime();
                    for (var call : pending) {
                        if (!call.asked && now - call.since > STUCK_AFTER.toNanos()) {
                            call.asked = true;
                            checkForOutage();
                            break;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** One prober at a time: the probe every {@link #probeEvery} until it answers, then the breaker closes. */
    private void startProbing() {
        if (!probing.compareAndSet(false, true)) return;
        Thread.ofVirtual().name("postgres-breaker-probe").start(() -> {
            try {
                while (!closed && breaker.getState() == CircuitBreaker.State.OPEN) {
                    Thread.sleep(probeEvery);
                    try {
                        probe.run();
                        back.run();
                        if (breaker.getState() == CircuitBreaker.State.OPEN) breaker.transitionToClosedState();
                    } catch (RuntimeException e) {
                        // Still down: the next probe tries again.
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                probing.set(false);
            }
        });
    }

    /**
     * Throws {@link StoreUnavailable} while the breaker is open, as a call would, but takes none of the
     * half-open state's trial calls: a read of the breaker's state, no round trip.
     */
    void checkNotOpen() {
        var state = breaker.getState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            throw new StoreUnavailable(STORE, retryAfter());
        }
    }

    /** The time until the breaker may close: the next probe, or its own wait if no probe closes it first. */
    Duration retryAfter() {
        long openFor = System.nanoTime() - openedAt.get();
        long untilHalfOpen = Math.max(0, OPEN_FOR.toNanos() - openFor);
        long untilProbe = probeEvery.toNanos() - (openFor % Math.max(1, probeEvery.toNanos()));
        return Duration.ofNanos(Math.min(untilHalfOpen, untilProbe));
    }

    /**
     * Opens when half of the last 10 calls (at least 3) found PostgreSQL unavailable, or at once when the
     * outage check confirms a failed call ({@link #checkForOutage}); only such failures count, since a
     * constraint violation or a cancelled statement is PostgreSQL answering. While open, calls fail at once
     * with {@link StoreUnavailable} instead of each waiting out a connection timeout.
     */
    static CircuitBreaker breaker(CircuitBreakerRegistry registry) {
        return registry.circuitBreaker(
                STORE,
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(10)
                        .minimumNumberOfCalls(3)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(OPEN_FOR)
                        .permittedNumberOfCallsInHalfOpenState(2)
                        .recordException(PostgresCalls::isUnavailable)
                        .build());
    }

    /** A statement on plain JDBC whose connection throws; see {@link #withConnection}. */
    @FunctionalInterface
    interface ConnectionCall<T> {
        T call(Connection connection) throws SQLException;
    }

    /**
     * {@code call} on a connection of the pool, in autocommit, behind the breaker: for the hot path, which
     * needs none of Jdbi's per-handle work (opening a handle copies its configuration and runs its plugins,
     * 2 % of a gateway's CPU at 1,000 messages a second when the group commit went through it). No answer is
     * waited for longer than {@link #ANSWER_TIMEOUT}; {@code call} bounds its statements with
     * {@link #cancelledAfterItsTime}.
     */
    <T> T withConnection(ConnectionCall<T> call) {
        return watched(() -> {
            try (var connection = connections.openConnection()) {
                answerWithin(connection);
                return call.call(connection);
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        });
    }

    /**
     * A point statement (or a few) on a handle: each cancelled by PostgreSQL after {@link #CANCEL_AFTER}, and no
     * answer waited for longer than {@link #ANSWER_TIMEOUT}.
     */
    <T> T withHandle(HandleCallback<T, RuntimeException> callback) {
        return watched(() -> jdbi.withHandle(h -> {
            answerWithin(h.getConnection());
            h.getConfig(SqlStatements.class).setQueryTimeout(seconds(CANCEL_AFTER));
            return callback.withHandle(h);
        }));
    }

    void useHandle(HandleConsumer<RuntimeException> consumer) {
        withHandle(h -> {
            consumer.useHandle(h);
            return null;
        });
    }

    /**
     * For statements whose work grows with the data (a search over a long log, the first tally of its stats, a
     * clear, the purge of ended sessions): each cancelled after {@link #SLOW_CANCEL_AFTER}, and an answer waited
     * for up to the driver's socket timeout ({@link PostgresAdapters#SOCKET_TIMEOUT}).
     */
    <T> T withSlowHandle(HandleCallback<T, RuntimeException> callback) {
        return guarded(() -> jdbi.withHandle(h -> {
            h.getConfig(SqlStatements.class).setQueryTimeout(seconds(SLOW_CANCEL_AFTER));
            return callback.withHandle(h);
        }));
    }

    /**
     * One transaction (READ COMMITTED, the server's default), committed when {@code callback} returns, for work
     * that grows with the data (see {@link #withSlowHandle}).
     */
    <T> T inSlowTransaction(HandleCallback<T, RuntimeException> callback) {
        return withSlowHandle(h -> h.inTransaction(callback));
    }

    /** Has PostgreSQL cancel {@code statement} after {@link #CANCEL_AFTER}, as every point statement is. */
    static void cancelledAfterItsTime(Statement statement) throws SQLException {
        statement.setQueryTimeout(seconds(CANCEL_AFTER));
    }

    private static int seconds(Duration timeout) {
        return (int) timeout.toSeconds();
    }

    /**
     * Bounds the wait for each answer on {@code connection} at {@link #ANSWER_TIMEOUT}; the pool puts its own
     * timeout back when the connection returns. A timed-out read closes the connection, and the call fails as
     * "unavailable" (SQLState 08006). Sets a field of the driver's socket, no system call.
     */
    private static void answerWithin(Connection connection) {
        try {
            connection.setNetworkTimeout(Runnable::run, (int) ANSWER_TIMEOUT.toMillis());
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /** {@link #guarded}, and watched while under way ({@link #watchStuckCalls}): for the point calls. */
    private <T> T watched(Supplier<T> call) {
        var mine = new Pending();
        pending.add(mine);
        try {
            return guarded(call);
        } finally {
            pending.remove(mine);
        }
    }

    private <T> T guarded(Supplier<T> call) {
        if (!breaker.tryAcquirePermission()) throw new StoreUnavailable(STORE, retryAfter());
        long start = breaker.getCurrentTimestamp();
        long started = System.nanoTime();
        try {
            T result = call.get();
            breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
            succeeded.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return result;
        } catch (RuntimeException e) {
            breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            failed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (isUnavailable(e)) checkForOutage();
            throw translated(e);
        } catch (Error e) {
            // Says nothing of PostgreSQL (a StackOverflowError, say), but its permission goes back: half-open, the
            // breaker waits for its trial calls' outcomes, and one that never came kept it refusing every call.
            breaker.releasePermission();
            throw e;
        }
    }

    /**
     * A call found PostgreSQL unreachable, or has waited {@link #STUCK_AFTER} for it, and the breaker is still
     * closed: asks PostgreSQL once over a connection of its own (the prober's question) and opens the breaker
     * if that fails too, so the calls
     * after it fail at once instead of each waiting for a connection. One check at a time, one per probe
     * interval at most: a burst of failed calls opens no burst of connections.
     */
    private void checkForOutage() {
        if (closed || breaker.getState() != CircuitBreaker.State.CLOSED) return;
        long now = System.nanoTime();
        if (now - checkedAt.get() < probeEvery.toNanos() || !checking.compareAndSet(false, true)) return;
        checkedAt.set(now);
        // The probe may take up to its connect timeout; if the breaker opened and closed again meanwhile
        // (PostgreSQL came back), this check's failure is older news than that and must not reopen it.
        long asOf = transitions.get();
        try {
            outageChecks.execute(() -> {
                try {
                    probe.run();
                } catch (RuntimeException stillAway) {
                    if (breaker.getState() == CircuitBreaker.State.CLOSED && transitions.get() == asOf) {
                        breaker.transitionToOpenState();
                    }
                } finally {
                    checking.set(false);
                }
            });
        } catch (RuntimeException notRun) {
            // No thread for the check (the process is stopping): the failure rate opens the breaker as before.
            checking.set(false);
        }
    }

    /**
     * {@code failure} as {@link StoreUnavailable} when it means PostgreSQL cannot answer, or did not finish the
     * statement in its time (cancelled); else itself.
     */
    static RuntimeException translated(RuntimeException failure) {
        if (failure instanceof StoreUnavailable) return failure;
        return isUnavailable(failure) || isCancelled(failure)
                ? new StoreUnavailable(STORE, RETRY_AFTER, failure)
                : failure;
    }

    /** Whether PostgreSQL cancelled the statement ({@link #CANCEL_AFTER}): it answered, so the breaker does not count it. */
    static boolean isCancelled(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && CANCELLED.equals(sql.getSQLState())) return true;
        }
        return false;
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException sql && isUnavailableState(sql.getSQLState())) return true;
        }
        return false;
    }

    private static boolean isUnavailableState(String state) {
        return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
    }
}
