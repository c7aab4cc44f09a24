package io.huddle.adapters.postgres;

import io.huddle.application.port.StoreUnavailable;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs the stores' statements and turns "PostgreSQL cannot answer" into {@link StoreUnavailable}, in
 * one place for every PostgreSQL store. Anything else (a constraint, a bug in a statement) stays the
 * exception it is, since retrying would not help.
 *
 * <p>Counted as unavailable: the pool timing out for a connection ({@link SQLTransientConnectionException}),
 * Jdbi failing to open one ({@link ConnectionException}), SQLState class 08 (connection exception:
 * refused, broken mid-statement), 57P01 to 57P03 (the server or an administrator ended the backend,
 * or the server is starting or stopping), 53300 (too many connections) and 25006 (a read-only
 * transaction, as on a primary that just became a replica).
 *
 * <p>A failure during a transaction rolls it back, so a refused write did not happen; the one
 * exception no client can avoid is a connection lost while COMMIT is under way, where the write may
 * have committed. Sends carry a client message id for that case: the retry finds the first.
 */
final class PostgresCalls {
    /** What callers are told to wait: about one pool connection timeout, the time a reconnect takes. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    static final String STORE = "postgres";

    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "25006");

    private PostgresCalls() {}

    static <T> T withHandle(Jdbi jdbi, HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    static void useHandle(Jdbi jdbi, HandleConsumer<RuntimeException> consumer) {
        try {
            jdbi.useHandle(consumer);
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    /** One transaction (READ COMMITTED, the server's default), committed when {@code callback} returns. */
    static <T> T inTransaction(Jdbi jdbi, HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.inTransaction(callback);
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    /** {@code failure} as {@link StoreUnavailable} when it means PostgreSQL cannot answer; else itself. */
    static RuntimeException translated(RuntimeException failure) {
        if (failure instanceof StoreUnavailable) return failure;
        return isUnavailable(failure) ? new StoreUnavailable(STORE, RETRY_AFTER, failure) : failure;
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
