package io.huddle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.huddle.domain.health.ProbeStatus;
import io.huddle.testkit.Poll;
import io.huddle.testkit.Ports;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TcpProxy;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class PostgresAdaptersIT {
    /** Background retries finish well within this; it only bounds a failing test. */
    private static final Duration RECOVERY = Duration.ofSeconds(20);

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final PostgresSchema concurrent = TestPostgres.freshSchema();

    @RegisterExtension
    static final PostgresSchema late = TestPostgres.freshSchema();

    @Test
    void connect_creates_and_migrates_a_fresh_schema_and_the_probe_is_up() {
        var meters = new SimpleMeterRegistry();
        try (var adapters = PostgresAdapters.connect(settings(db, Duration.ofSeconds(1)), meters)) {
            assertThat(adapters.migrated()).isTrue();
            var result = adapters.probe().check();
            assertThat(result.status()).isEqualTo(ProbeStatus.UP);
            assertThat(result.latency()).isPresent();
            assertThat(adapters.probe().name()).isEqualTo("postgres");

            var indexes = adapters.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT indexname FROM pg_indexes WHERE schemaname = :schema AND tablename = 'sessions'")
                            .bind("schema", db.schema())
                            .mapTo(String.class)
                            .list());
            assertThat(indexes)
                    .contains(
                            "sessions_code_unique",
                            "sessions_owner_created",
                            "sessions_live_expiry",
                            "sessions_live_activity",
                            "sessions_ended_at");
        }
    }

    @Test
    void hikari_pool_metrics_are_registered() {
        var meters = new SimpleMeterRegistry();
        try (var adapters = PostgresAdapters.connect(settings(db, Duration.ofSeconds(1)), meters)) {
            assertThat(adapters.migrated()).isTrue();
            assertThat(meters.find("hikaricp.connections.active")
                            .tag("pool", "postgres")
                            .gauge())
                    .isNotNull();
        }
    }

    @Test
    void sessions_codes_are_unique_over_all_rows_and_end_reasons_are_checked() {
        try (var adapters = PostgresAdapters.connect(settings(db, Duration.ofSeconds(1)), new SimpleMeterRegistry())) {
            var insert = "INSERT INTO sessions (code, owner_id, name, max_members, created_at, expires_at,"
                    + " last_activity_at, ended_at, end_reason) VALUES (:code, 'o', 'n', 10, now(), now(), now(),"
                    + " :ended, :reason)";
            adapters.jdbi()
                    .useHandle(h -> h.createUpdate(insert)
                            .bind("code", "UNIQ01")
                            .bind("ended", java.time.OffsetDateTime.now())
                            .bind("reason", "owner")
                            .execute());

            var duplicate = org.assertj.core.api.Assertions.catchThrowable(() -> adapters.jdbi()
                    .useHandle(h -> h.createUpdate(insert)
                            .bind("code", "UNIQ01")
                            .bindNull("ended", java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                            .bindNull("reason", java.sql.Types.VARCHAR)
                            .execute()));
            var badReason = org.assertj.core.api.Assertions.catchThrowable(() -> adapters.jdbi()
                    .useHandle(h -> h.createUpdate(insert)
                            .bind("code", "UNIQ02")
                            .bind("ended", java.time.OffsetDateTime.now())
                            .bind("reason", "bored")
                            .execute()));

            assertThat(duplicate).hasStackTraceContaining("sessions_code_unique");
            assertThat(badReason).hasStackTraceContaining("sessions_end_reason");
        }
    }

    @Test
    void two_instances_connecting_at_once_to_a_fresh_schema_both_migrate_it() throws Exception {
        var ready = new CountDownLatch(2);
        Callable<PostgresAdapters> connect = () -> {
            ready.countDown();
            ready.await();
            return PostgresAdapters.connect(settings(concurrent, Duration.ofSeconds(2)), new SimpleMeterRegistry());
        };
        try (var executor = Executors.newFixedThreadPool(2)) {
            List<Future<PostgresAdapters>> started = List.of(executor.submit(connect), executor.submit(connect));
            try (var first = started.get(0).get();
                    var second = started.get(1).get()) {
                Poll.until(RECOVERY, "both migrated", () -> first.migrated() && second.migrated());

                assertThat(first.probe().check().status()).isEqualTo(ProbeStatus.UP);
                assertThat(second.probe().check().status()).isEqualTo(ProbeStatus.UP);
                int applied = first.jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT count(*) FROM flyway_schema_history WHERE version = '1' AND success")
                                .mapTo(Integer.class)
                                .one());
                assertThat(applied).isEqualTo(1);
            }
        }
    }

    @Test
    void a_closed_port_returns_quickly_with_the_probe_down_and_nothing_migrated() {
        int closedPort = Ports.free();
        var server = TestPostgres.server();
        var settings = new PostgresSettings(
                server.jdbcUrlVia("127.0.0.1", closedPort),
                server.user(),
                "hunter2",
                db.schema(),
                4,
                1,
                Duration.ofSeconds(1),
                Duration.ofMillis(500));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (var adapters = PostgresAdapters.connect(settings, new SimpleMeterRegistry())) {
                assertThat(adapters.migrated()).isFalse();
                var result = adapters.probe().check();
                assertThat(result.status()).isEqualTo(ProbeStatus.DOWN);
                assertThat(result.reason())
                        .hasValueSatisfying(reason ->
                                assertThat(reason).doesNotContain("127.0.0.1", String.valueOf(closedPort), "hunter2"));
            }
        });
    }

    @Test
    void when_postgresql_appears_later_the_background_retry_migrates_and_the_probe_turns_up() {
        int port = Ports.free();
        var server = TestPostgres.server();
        var settings = new PostgresSettings(
                server.jdbcUrlVia("127.0.0.1", port),
                server.user(),
                server.password(),
                late.schema(),
                4,
                1,
                Duration.ofSeconds(1),
                Duration.ofMillis(500));
        try (var adapters = PostgresAdapters.connect(settings, new SimpleMeterRegistry())) {
            assertThat(adapters.migrated()).isFalse();
            assertThat(adapters.probe().check().status()).isEqualTo(ProbeStatus.DOWN);

            try (var proxy = TcpProxy.start(port, server.host(), server.port())) {
                assertThat(proxy.port()).isEqualTo(port);
                Poll.until(RECOVERY, "migrated in the background", adapters::migrated);
                Poll.until(RECOVERY, "probe up", () -> adapters.probe().check().status() == ProbeStatus.UP);
            }
        }
    }

    @Test
    void statements_slower_than_the_threshold_are_logged_at_warn_without_their_values() {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var logger = (Logger) LoggerFactory.getLogger(SlowQueryLogger.class);
        logger.addAppender(appender);
        try (var adapters = PostgresAdapters.connect(settings(db, Duration.ofMillis(10)), new SimpleMeterRegistry())) {
            adapters.jdbi()
                    .useHandle(
                            h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            adapters.jdbi()
                    .useHandle(h -> h.createQuery("SELECT pg_sleep(:seconds)::text")
                            .bind("seconds", 0.05)
                            .mapTo(String.class)
                            .one());
        } finally {
            logger.detachAppender(appender);
        }

        // Under load other statements (the schema lock at connect, SELECT 1) may be slow too; the
        // point is that the slow one is reported, once, without its bound value.
        var sleeps = appender.list.stream()
                .filter(event -> event.getFormattedMessage().contains("pg_sleep"))
                .toList();
        assertThat(sleeps).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .contains("pg_sleep(?)")
                    .doesNotContain("0.05")
                    .containsPattern("took \\d+ ms");
        });
    }

    private static PostgresSettings settings(PostgresSchema schema, Duration slowQueryThreshold) {
        return new PostgresSettings(
                schema.jdbcUrl(),
                schema.user(),
                schema.password(),
                schema.schema(),
                4,
                1,
                slowQueryThreshold,
                Duration.ofSeconds(2));
    }
}
