package io.huddle.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.runtime.Maintenance;
import io.huddle.runtime.settings.MaintenanceSettings;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Three workers, each with every job running on its own schedule, on one PostgreSQL and one Redis:
 * a thousand due sessions end exactly once each (one event, one reason), none is left, and none that
 * is one second short of due ends early.
 */
class ThreeWorkersIT {
    private static final int DUE = 1_000;
    private static final Duration TTL = Duration.ofHours(1);

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private static Fleet fleet;

    @BeforeAll
    static void connect() {
        // Timeouts longer than the test's hour, so only expiry ends sessions here.
        fleet = new Fleet(
                db,
                redis,
                Map.of(
                        "LOG_LEVEL", "WARN",
                        "HUDDLE_INACTIVITY_TIMEOUT", "24h",
                        "HUDDLE_MEMBER_IDLE_TIMEOUT", "24h"));
    }

    @AfterAll
    static void close() {
        fleet.close();
    }

    @Test
    void three_workers_end_a_thousand_due_sessions_exactly_once_each_and_none_early() {
        var due = new HashSet<SessionCode>();
        for (int i = 0; i < DUE; i++) due.add(fleet.session(TTL).code());
        fleet.clock.advance(Duration.ofSeconds(1));
        var notYet = new ArrayList<SessionCode>();
        for (int i = 0; i < 5; i++) notYet.add(fleet.session(TTL).code());
        fleet.clock.advance(TTL.minusSeconds(1));
        var settings = new MaintenanceSettings(
                Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20), 100, Duration.ofSeconds(30));

        long started = System.nanoTime();
        var workers = new ArrayList<Maintenance>();
        try {
            for (int i = 0; i < 3; i++) {
                workers.add(Maintenance.start(fleet.scheduled(settings), new SimpleMeterRegistry(), fleet.clock));
            }
            Poll.until(
                    Duration.ofSeconds(60),
                    "every due session ended",
                    () -> Sql.count(db, "SELECT count(*) FROM sessions WHERE ended_at IS NOT NULL") >= DUE);
        } finally {
            workers.forEach(Maintenance::close);
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        LoggerFactory.getLogger(ThreeWorkersIT.class).warn("three workers ended {} sessions in {} ms", DUE, millis);

        List<SessionEvent.SessionEnded> endings = fleet.events.published(SessionEvent.SessionEnded.class);
        assertThat(endings).hasSize(DUE).allSatisfy(e -> assertThat(e.reason()).isEqualTo(EndReason.EXPIRED));
        assertThat(endings.stream().map(SessionEvent::session).collect(Collectors.toSet()))
                .isEqualTo(due);
        assertThat(Sql.count(db, "SELECT count(*) FROM sessions WHERE ended_at IS NOT NULL"))
                .isEqualTo(DUE);
        assertThat(Sql.count(db, "SELECT count(*) FROM sessions WHERE end_reason = 'expired'"))
                .isEqualTo(DUE);
        assertThat(notYet)
                .allSatisfy(code -> assertThat(fleet.stored(code).ending()).isEmpty());
    }
}
