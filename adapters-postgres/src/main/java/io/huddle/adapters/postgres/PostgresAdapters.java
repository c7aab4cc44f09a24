package io.huddle.adapters.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.session.SessionStore;
import io.huddle.domain.state.StateStore;
import io.huddle.domain.webhook.WebhookOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one public door of the PostgreSQL adapters: a connection pool that starts whether or not
 * PostgreSQL is there, the schema migrations (retried in the background until they succeed), the
 * health probe, the PostgreSQL implementations of the application's ports, and the merging of the search
 * index's pending list ({@link SearchIndexMerges}).
 */
public final class PostgresAdapters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresAdapters.class);
    /** How long to wait between migration attempts while PostgreSQL is unreachable. */
    static final Duration MIGRATION_RETRY = Duration.ofSeconds(3);
    /**
     * Longest wait for one statement's answer where the work grows with the data (a search, stats, a clear, the
     * purge); every other statement waits at most {@link PostgresCalls#ANSWER_TIMEOUT}.
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(15);

    private static final String POOL_NAME = "postgres";

    private static final String ADOPT_MEMBER = SqlFiles.load("members/adopt.sql");
    private static final String ADOPT_STATE = SqlFiles.load("states/adopt.sql");

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Migrations migrations;
    private final HealthProbe probe;
    private final PostgresCalls calls;
    private final SessionStore sessions;
    private final MessageLog messages;
    private final MemberLedger members;
    private final StateStore state;
    private final WebhookOutbox webhooks;
    private final SearchIndexMerges searchIndexMerges;

    private PostgresAdapters(PostgresSettings settings, MeterRegistry meters, InstantSource clock) {
        this.pool = new HikariDataSource(poolConfig(settings, meters));
        this.jdbi = Jdbi.create(pool).installPlugin(new PostgresPlugin());
        jdbi.setSqlLogger(new SlowQueryLogger(settings.slowQueryThreshold()));
        this.migrations = new Migrations(pool, jdbi, settings.schema(), MIGRATION_RETRY);
        this.probe = new PostgresProbe(jdbi, migrations::migrated);
        var breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        this.calls = new PostgresCalls(
                pool::getConnection,
                jdbi,
                PostgresCalls.breaker(breakers),
                meters,
                PostgresCalls.PROBE_EVERY,
                () -> probeDirectly(settings),
                PostgresAdapters::wakeConnectionAdder,
                check -> Thread.ofVirtual().name("postgres-outage-check").start(check));
        this.sessions = new PostgresSessionStore(calls);
        this.messages = new PostgresMessageLog(calls);
        this.members = new PostgresMemberStore(calls, clock);
        this.state = new PostgresStateStore(calls, clock);
        this.webhooks = new PostgresWebhookOutbox(calls);
        this.searchIndexMerges = SearchIndexMerges.start(
                jdbi, () -> migrations.migrated() && calls.available(), SearchIndexMerges.EVERY);
    }

    /**
     * Opens the pool and migrates the schema. When PostgreSQL is down this returns after one failed
     * attempt (bounded by the connect timeout), keeps migrating in the background, and the probe
     * reports {@code down} meanwhile. Never throws because PostgreSQL is unreachable.
     */
    public static PostgresAdapters connect(PostgresSettings settings, MeterRegistry meters) {
        return connect(settings, meters, InstantSource.system());
    }

    /**
     * As {@link #connect(PostgresSettings, MeterRegistry)}; the member and state stores judge a session's
     * expiry by {@code clock}, as the other stores do.
     */
    public static PostgresAdapters connect(PostgresSettings settings, MeterRegistry meters, InstantSource clock) {
        Objects.requireNonNull(settings);
        Objects.requireNonNull(meters);
        Objects.requireNonNull(clock);
        var adapters = new PostgresAdapters(settings, meters, clock);
        adapters.migrations.start();
        log.info("PostgreSQL adapters started (schema {}, pool max {})", settings.schema(), settings.poolMax());
        return adapters;
    }

    /**
     * {@code postgres}: asks through the pool whether the server takes writes; {@code down} when it does not,
     * and until the schema is migrated.
     */
    public HealthProbe probe() {
        return probe;
    }

    /** The system of record for sessions; its calls throw {@code StoreUnavailable} while PostgreSQL is unreachable. */
    public SessionStore sessions() {
        return sessions;
    }

    /**
     * The system of record for messages and their seq; its calls throw {@code StoreUnavailable} while
     * PostgreSQL is unreachable, and an append that throws it stored nothing (but see {@link PostgresCalls}
     * on a connection lost during COMMIT).
     */
    public MessageLog messages() {
        return messages;
    }

    /**
     * The system of record for members, their roles and token hashes; a join is stored whole or not at
     * all, and never past {@code maxMembers}. Its calls throw {@code StoreUnavailable} while PostgreSQL is
     * unreachable.
     */
    public MemberLedger members() {
        return members;
    }

    /**
     * The webhook outbox: events written by triggers in the transactions they report, on connections of a
     * process configured with webhooks ({@link PostgresSettings#outbox()}); claimed and settled by the worker.
     */
    public WebhookOutbox webhooks() {
        return webhooks;
    }

    /** The system of record for shared state: one versioned row per session, compare-and-set on the version. */
    public StateStore state() {
        return state;
    }

    /**
     * For the upgrade from versions that kept members and state only in Redis: stores the given roster's
     * members and the given state unless PostgreSQL has them already (idempotent, safe from any number of
     * processes at once). Returns how many rows it added.
     */
    public int adopt(
            io.huddle.domain.session.SessionCode code,
            java.util.Optional<io.huddle.domain.member.MemberLedger.Roster> roster,
            java.util.Optional<io.huddle.domain.state.SharedState> state) {
        return calls.inSlowTransaction(h -> {
            int added = 0;
            for (var enrolled : roster.map(r -> r.members()).orElse(java.util.List.of())) {
                var member = enrolled.member();
                added += h.createUpdate(ADOPT_MEMBER)
                        .bind("code", code.value())
                        .bind("id", member.id().value())
                        .bind("role", member.role().wireName())
                        .bind("displayName", member.displayName())
                        .bind("tokenHash", enrolled.token().hex())
                        .bind("joinedAt", PostgresMemberStore.time(member.joinedAt()))
                        .bind("lastSeenAt", PostgresMemberStore.time(member.lastSeenAt()))
                        .execute();
            }
            if (state.isPresent() && state.get().isWritten()) {
                var s = state.get();
                added += h.createUpdate(ADOPT_STATE)
                        .bind("code", code.value())
                        .bind("version", s.version())
                        .bind("data", s.data().orElseThrow().json())
                        .bind(
                                "updatedAt",
                                PostgresMemberStore.time(s.updatedAt().orElseThrow()))
                        .bind("updatedBy", s.updatedBy().orElseThrow().value())
                        .execute();
            }
            return added;
        });
    }

    /** False while the circuit breaker is open: calls fail at once until a probe finds PostgreSQL again. */
    public boolean available() {
        return calls.available();
    }

    /** Whether the schema migrations have run to the end. */
    public boolean migrated() {
        return migrations.migrated();
    }

    /** For the PostgreSQL store adapters of this package: bound parameters only. */
    Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        searchIndexMerges.close();
        calls.close();
        migrations.close();
        pool.close();
        log.info("PostgreSQL adapters closed");
    }

    /**
     * The breaker's probe, on a connection of its own rather than the pool's: while PostgreSQL is away the
     * pool's connection creator keeps retrying with a backoff that doubles up to 5 s (HikariCP's
     * {@code PoolEntryCreator}), so a probe through the pool could wait that long after PostgreSQL returned.
     *
     * <p>Throws while PostgreSQL cannot serve the gateway: it does not answer, is starting or stopping, or
     * takes no writes (a replica after a failover that left this address on the old primary: it answers
     * {@code SELECT 1} and refuses every write). A PostgreSQL that answers but refuses this new connection
     * (too many connections, class 53; a login refused, class 28) is there: the pool's open connections still
     * work, and opening the breaker for them would turn one refused connection into an outage.
     */
    private static void probeDirectly(PostgresSettings settings) {
        var properties = new java.util.Properties();
        properties.setProperty("user", settings.user());
        if (settings.password() != null) properties.setProperty("password", settings.password());
        String seconds = String.valueOf(Math.max(1, (settings.connectTimeout().toMillis() + 999) / 1000));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        // The whole login too: with the default sslmode=prefer the driver tries once with TLS and once without,
        // each waiting out the socket timeout, so against a PostgreSQL that hangs a probe took twice as long.
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("ApplicationName", "huddle-probe");
        String readOnly;
        try (var connection = java.sql.DriverManager.getConnection(settings.jdbcUrl(), properties);
                var statement = connection.createStatement();
                var answer = statement.executeQuery(READ_ONLY)) {
            answer.next();
            readOnly = answer.getString(1);
        } catch (java.sql.SQLException e) {
            if (refusedThisConnectionOnly(e.getSQLState())) return;
            throw new IllegalStateException("PostgreSQL does not answer yet", e);
        }
        if ("on".equals(readOnly)) throw new IllegalStateException("PostgreSQL refuses writes (read-only)");
    }

    /** {@code transaction_read_only}: on for a replica, and on a connection that starts read-only. */
    static final String READ_ONLY = "SELECT current_setting('transaction_read_only')";

    /** Too many connections (class 53), or this login refused (class 28): PostgreSQL is there. */
    static boolean refusedThisConnectionOnly(String state) {
        return state != null && (state.startsWith("53") || state.startsWith("28"));
    }

    /**
     * PostgreSQL answers again: the pool's connection creator may be asleep in its backoff for up to 5 s
     * more. Interrupting its thread ({@code postgres:connection-adder}, named by HikariCP after the pool)
     * ends that attempt; the next caller's request for a connection starts a new one at once. Finding no
     * such thread changes nothing: the pool then reconnects after its backoff, as before.
     */
    private static void wakeConnectionAdder() {
        for (var thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(POOL_NAME + ":connection-adder")) thread.interrupt();
        }
    }

    private static HikariConfig poolConfig(PostgresSettings settings, MeterRegistry meters) {
        long connectMillis = Math.max(250, settings.connectTimeout().toMillis());
        var config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolMax());
        config.setMinimumIdle(Math.min(settings.poolMin(), settings.poolMax()));
        config.setConnectionTimeout(connectMillis);
        config.setValidationTimeout(Math.max(250, connectMillis / 2));
        // Start with no connection rather than fail or wait: the probe reports a missing PostgreSQL.
        config.setInitializationFailTimeout(-1);
        config.setExceptionOverride(new ReadOnlyConnectionsReplaced());
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        config.addDataSourceProperty("currentSchema", settings.schema());
        String driverSeconds = String.valueOf(Math.max(1, (connectMillis + 999) / 1000));
        config.addDataSourceProperty("connectTimeout", driverSeconds);
        config.addDataSourceProperty("loginTimeout", driverSeconds);
        // The query timeout's cancel request goes over a connection of its own, from the driver's one shared
        // timer thread: against a PostgreSQL that hangs, each would hold that thread (and every other
        // statement's cancel) for the driver's default 10 s.
        config.addDataSourceProperty("cancelSignalTimeout", driverSeconds);
        config.addDataSourceProperty("ApplicationName", "huddle");
        // The webhook triggers (V7) write the outbox only on connections that carry this setting.
        if (settings.outbox()) config.addDataSourceProperty("options", "-c huddle.outbox=on");
        // Every statement's wait is bounded: a PostgreSQL that stops answering mid-statement (hung, or a
        // link that died without a reset) fails the call after this (PostgresCalls bounds most calls tighter),
        // and the breaker takes it from there.
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        return config;
    }
}
