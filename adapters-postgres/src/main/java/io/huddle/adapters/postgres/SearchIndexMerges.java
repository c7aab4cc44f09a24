package io.huddle.adapters.postgres;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the message search index's pending list into the index every {@link #EVERY}, on a thread of its
 * own, so that no group commit pays for it (migration V8 says why the index takes inserts through the
 * list). Every gateway and worker runs one; the statement skips while another process of the same schema
 * is merging, so they take turns rather than queue. While PostgreSQL is away (the adapters' breaker is
 * open) it does not ask, so it never competes with the recovery for the pool's connections; a database user that does not own the index (merging needs ownership, as VACUUM does) is told
 * once at WARN, and then PostgreSQL's autovacuum and the list's own limit merge it instead.
 */
final class SearchIndexMerges implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SearchIndexMerges.class);
    static final Duration EVERY = Duration.ofSeconds(1);
    private static final String MERGE = SqlFiles.load("messages/merge-search-pending.sql");
    /** PostgreSQL's SQLSTATE for a missing privilege (not the index's owner). */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** One merge attempt. */
    sealed interface Outcome {}

    /** Merged a list of this many pages (0: it was empty). */
    record Merged(int pages) implements Outcome {}

    /** Another process was merging. */
    record Skipped() implements Outcome {}

    private final Jdbi jdbi;
    private final Thread thread;

    private SearchIndexMerges(Jdbi jdbi, BooleanSupplier ready, Duration every, boolean background) {
        this.jdbi = jdbi;
        this.thread = background
                ? Thread.ofVirtual().name("postgres-search-index-merges").start(() -> run(ready, every))
                : null;
    }

    /** Merging every {@code every} while the schema is migrated and PostgreSQL available, until closed. */
    static SearchIndexMerges start(Jdbi jdbi, BooleanSupplier ready, Duration every) {
        return new SearchIndexMerges(jdbi, ready, every, true);
    }

    /** Merging only when {@link #mergeOnce()} is called (tests). */
    static SearchIndexMerges onDemand(Jdbi jdbi) {
        return new SearchIndexMerges(jdbi, () -> true, EVERY, false);
    }

    Outcome mergeOnce() {
        int pages =
                jdbi.withHandle(h -> h.createQuery(MERGE).mapTo(Integer.class).one());
        return pages < 0 ? new Skipped() : new Merged(pages);
    }

    private void run(BooleanSupplier ready, Duration every) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            if (!ready.getAsBoolean()) continue;
            try {
                mergeOnce();
            } catch (RuntimeException e) {
                if (notOwner(e)) {
                    log.warn("the database user does not own the search index messages_content_trgm, so this"
                            + " process cannot merge its pending list; PostgreSQL's autovacuum merges it"
                            + " instead (run the gateway as the user that ran the migrations)");
                    return;
                }
                log.atDebug().setCause(e).log("merging the search index's pending list failed; next tick");
            }
        }
    }

    private static boolean notOwner(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && INSUFFICIENT_PRIVILEGE.equals(sql.getSQLState()))
                return true;
        }
        return false;
    }

    @Override
    public void close() {
        if (thread == null) return;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
