package io.huddle.adapters.postgres;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code postgres}: whether the server takes writes, asked through the pool within 1.5 s; down too while the
 * schema is not migrated.
 */
final class PostgresProbe implements HealthProbe {
    static final Duration LIMIT = Duration.ofMillis(1500);

    private final Jdbi jdbi;
    private final BooleanSupplier migrated;

    PostgresProbe(Jdbi jdbi, BooleanSupplier migrated) {
        this.jdbi = jdbi;
        this.migrated = migrated;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public ProbeResult check() {
        long started = System.nanoTime();
        // transaction_read_only rather than SELECT 1: a replica (after a failover that left this address on the
        // old primary) answers a read and refuses every write the gateway makes.
        var task = new FutureTask<>(() -> jdbi.withHandle(h ->
                h.createQuery(PostgresAdapters.READ_ONLY).mapTo(String.class).one()));
        Thread.ofVirtual().name("postgres-probe").start(task);
        try {
            var readOnly = task.get(LIMIT.toNanos(), TimeUnit.NANOSECONDS);
            var latency = since(started);
            if ("on".equals(readOnly)) return ProbeResult.down(latency, "the server refuses writes (read-only)");
            return migrated.getAsBoolean()
                    ? ProbeResult.up(latency)
                    : ProbeResult.down(latency, "schema not migrated yet");
        } catch (TimeoutException e) {
            task.cancel(true);
            return ProbeResult.down(since(started), "no answer within " + LIMIT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return ProbeResult.down(since(started), reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.down(since(started), "interrupted");
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Names the failure by its kind only: driver messages can carry the host, user or database. */
    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return "connection failed";
        }
        return "query failed";
    }
}
