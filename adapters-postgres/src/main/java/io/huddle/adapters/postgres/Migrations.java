package io.huddle.adapters.postgres;

import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the latest migration in {@code classpath:db/migration}: once at start-up, then
 * in the background until it succeeds. Several instances may start at once: schema creation is
 * serialised by an advisory lock, and Flyway locks its schema history table while it migrates.
 */
final class Migrations implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private final Flyway flyway;
    private final Jdbi jdbi;
    private final String schema;
    private final Duration retryEvery;
    private volatile boolean migrated;
    private volatile Thread retrying;

    Migrations(DataSource dataSource, Jdbi jdbi, String schema, Duration retryEvery) {
        this.jdbi = jdbi;
        this.schema = schema;
        this.retryEvery = retryEvery;
        this.flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(false)
                .locations("classpath:db/migration")
                .load();
    }

    boolean migrated() {
        return migrated;
    }

    /** Tries once now; when that fails, keeps trying on a virtual thread. */
    void start() {
        if (attempt()) return;
        log.warn(
                "PostgreSQL unavailable: schema {} not migrated yet, retrying every {} s",
                schema,
                retryEvery.toSeconds());
        retrying = Thread.ofVirtual().name("postgres-migrations").start(this::retryUntilMigrated);
    }

    @Override
    public void close() {
        var thread = retrying;
        if (thread == null) return;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void retryUntilMigrated() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(retryEvery);
            } catch (InterruptedException e) {
                return;
            }
            if (attempt()) return;
        }
    }

    private boolean attempt() {
        try {
            createSchema();
            var result = flyway.migrate();
            migrated = true;
            log.info(
                    "PostgreSQL schema {} is up to date ({} migration(s) applied now)",
                    schema,
                    result.migrationsExecuted);
            return true;
        } catch (RuntimeException e) {
            // The message may name the host; the class is enough to tell refused from broken.
            log.debug("Migration attempt failed: {}", e.getClass().getName());
            return false;
        }
    }

    /**
     * {@code CREATE SCHEMA IF NOT EXISTS} alone races when two instances start together (both see no
     * schema, one insert into pg_namespace fails), so the creation runs under a transaction-scoped
     * advisory lock named after the schema.
     */
    private void createSchema() {
        jdbi.useTransaction(handle -> {
            handle.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
                    .bind("key", "huddle-schema:" + schema)
                    .mapTo(String.class)
                    .one();
            handle.execute("CREATE SCHEMA IF NOT EXISTS " + quoted(schema));
        });
    }

    static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
