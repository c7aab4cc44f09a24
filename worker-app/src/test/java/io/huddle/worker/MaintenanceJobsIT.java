package io.huddle.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.maintenance.MaintenanceJob;
import io.huddle.application.maintenance.Round;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.event.SessionEvent.Departure;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each job of the worker on real PostgreSQL and Redis with a controlled clock: what is due is
 * handled, what is one second short of due is untouched. The tests share one schema and key prefix
 * and the clock only moves forward, so each looks at its own sessions only.
 */
class MaintenanceJobsIT {
    private static final Duration TTL = Duration.ofHours(2);

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private static Fleet fleet;

    private final Map<String, MaintenanceJob> worker = fleet.worker(MaintenanceSettings.defaults());

    @BeforeAll
    static void connect() {
        fleet = new Fleet(db, redis, Map.of("LOG_LEVEL", "WARN"));
    }

    @AfterAll
    static void close() {
        fleet.close();
    }

    private Round run(String job) {
        return worker.get(job).handle();
    }

    private List<SessionEvent.SessionEnded> endings(SessionCode code) {
        return fleet.events.published(SessionEvent.SessionEnded.class).stream()
                .filter(e -> e.session().equals(code))
                .toList();
    }

    @Test
    void an_expired_session_ends_as_expired_and_one_a_second_before_its_deadline_survives() {
        var due = fleet.created(TTL);
        var code = due.session().session().code();
        var bob = fleet.joined(code, "Bob");
        fleet.clock.advance(Duration.ofSeconds(1));
        var notYet = fleet.session(TTL);
        var deadline = due.session().session().expiresAt();
        fleet.clock.set(deadline);

        run("expire");

        assertThat(fleet.stored(code).ending()).contains(new Ending(deadline, EndReason.EXPIRED));
        assertThat(endings(code)).containsExactly(new SessionEvent.SessionEnded(code, EndReason.EXPIRED));
        assertThat(fleet.stores.members().authenticate(due.token().hash())).isEmpty();
        assertThat(fleet.stores.members().authenticate(bob.token().hash())).isEmpty();
        assertThat(fleet.stores.sessionCache().get(code)).isEmpty();
        assertThat(fleet.stored(notYet.code()).ending()).isEmpty();
        assertThat(fleet.stores.members().count(notYet.code())).isEqualTo(1);
        assertThat(endings(notYet.code())).isEmpty();

        fleet.clock.advance(Duration.ofSeconds(1));
        run("expire");

        assertThat(endings(notYet.code()))
                .containsExactly(new SessionEvent.SessionEnded(notYet.code(), EndReason.EXPIRED));
    }

    @Test
    void an_inactive_session_ends_as_inactive_unless_something_happened_that_only_redis_knows() {
        var idle = fleet.session(TTL);
        var talking = fleet.session(TTL);
        var watched = fleet.session(TTL);
        var viewer = fleet.joined(watched.code(), "Viewer");
        fleet.stores.presence().socketOpened(watched, viewer.member().id(), "socket-" + UUID.randomUUID(), "gw-1");
        fleet.clock.advance(Duration.ofSeconds(1));
        var recent = fleet.session(TTL);
        var messageAt = fleet.clock.advance(Duration.ofMinutes(5));
        fleet.stores.sessionCache().touch(talking.code(), messageAt);
        var deadline = idle.lastActivityAt().plus(fleet.common.inactivityTimeout());
        fleet.clock.set(deadline);

        run("inactivity");

        assertThat(fleet.stored(idle.code()).ending()).contains(new Ending(deadline, EndReason.INACTIVITY));
        assertThat(endings(idle.code()))
                .containsExactly(new SessionEvent.SessionEnded(idle.code(), EndReason.INACTIVITY));
        assertThat(fleet.stored(recent.code()).ending()).isEmpty();
        assertThat(fleet.stored(talking.code()).ending()).isEmpty();
        assertThat(fleet.stored(talking.code()).lastActivityAt()).isEqualTo(messageAt);
        assertThat(fleet.stored(watched.code()).ending()).isEmpty();
        assertThat(fleet.stored(watched.code()).lastActivityAt()).isEqualTo(deadline);
        assertThat(endings(recent.code())).isEmpty();
        assertThat(endings(talking.code())).isEmpty();
        assertThat(endings(watched.code())).isEmpty();
    }

    @Test
    void a_member_without_a_socket_for_the_idle_timeout_is_removed_and_one_a_second_short_stays() {
        var created = fleet.created(TTL);
        var code = created.session().session().code();
        var online = fleet.joined(code, "Online");
        fleet.stores
                .presence()
                .socketOpened(created.session().session(), online.member().id(), "socket-" + UUID.randomUUID(), "gw-1");
        fleet.clock.advance(Duration.ofSeconds(1));
        var bob = fleet.joined(code, "Bob");
        var now = fleet.clock.instant().minusSeconds(1).plus(fleet.common.memberIdleTimeout());
        fleet.clock.set(now);

        run("idle-members");

        // The owner never opened a socket: removed like anyone else.
        assertThat(fleet.stores.members().authenticate(created.token().hash())).isEmpty();
        assertThat(fleet.events.published(SessionEvent.MemberLeft.class)).anySatisfy(left -> {
            assertThat(left.member()).isEqualTo(created.owner());
            assertThat(left.how()).isEqualTo(Departure.IDLE);
        });
        assertThat(fleet.stores.members().authenticate(bob.token().hash())).isPresent();
        assertThat(fleet.stores.members().find(code, online.member().id()))
                .hasValueSatisfying(m -> assertThat(m.lastSeenAt()).isEqualTo(now));
        assertThat(fleet.events.published(SessionEvent.MemberLeft.class))
                .filteredOn(e -> e.session().equals(code))
                .hasSize(1);
    }

    @Test
    void ended_sessions_past_the_retention_are_deleted_with_their_messages_and_younger_ones_stay() {
        var old = fleet.session(TTL);
        var endedAt = fleet.clock.instant();
        fleet.stores.sessions().end(old.code(), new Ending(endedAt, EndReason.OWNER));
        fleet.clock.advance(Duration.ofSeconds(1));
        var younger = fleet.session(TTL);
        fleet.stores.sessions().end(younger.code(), new Ending(fleet.clock.instant(), EndReason.EXPIRED));
        var live = fleet.session(Duration.ofHours(24));
        for (var session : List.of(old, younger)) {
            Sql.execute(
                    db,
                    "INSERT INTO messages (session_id, seq, id, sender_id, sender_name, kind, content, sent_at)"
                            + " SELECT s.id, g, 'msg_' || s.id || '_' || g, 'm_x', 'X', 'text', 'm' || g, now()"
                            + " FROM sessions s, generate_series(1, 1200) g WHERE s.code = '"
                            + session.code().value() + "'");
        }
        fleet.clock.set(endedAt.plus(fleet.common.retention()).plusMillis(1));

        assertThat(run("retention").handled()).isGreaterThanOrEqualTo(1);

        assertThat(fleet.stores.sessions().find(old.code())).isEmpty();
        assertThat(fleet.stores.sessions().find(younger.code())).isPresent();
        assertThat(fleet.stores.sessions().find(live.code())).isPresent();
        assertThat(Sql.count(
                        db,
                        "SELECT count(*) FROM messages m JOIN sessions s ON s.id = m.session_id WHERE s.code = '"
                                + younger.code().value() + "'"))
                .isEqualTo(1200);
        assertThat(Sql.count(db, "SELECT count(*) FROM messages WHERE session_id NOT IN (SELECT id FROM sessions)"))
                .isZero();
    }

    @Test
    void a_gateway_that_stops_beating_has_its_members_shown_offline_within_thirty_seconds() {
        var session = fleet.session(TTL);
        var bob = fleet.joined(session.code(), "Bob");
        var carol = fleet.joined(session.code(), "Carol");
        var dying = "gw-dying-" + UUID.randomUUID();
        var beating = "gw-beating-" + UUID.randomUUID();
        var instances = fleet.redis.instances();
        instances.heartbeat(dying, Duration.ofSeconds(1));
        instances.heartbeat(beating, Duration.ofMinutes(5));
        var presence = fleet.stores.presence();
        presence.socketOpened(session, bob.member().id(), "bob-phone", dying);
        presence.socketOpened(session, bob.member().id(), "bob-laptop", dying);
        presence.socketOpened(session, carol.member().id(), "carol-phone", beating);
        var ghost = fleet.scheduled(MaintenanceSettings.defaults()).stream()
                .filter(job -> job.name().equals("ghost-presence"))
                .map(job -> new Maintenance.ScheduledJob(job.name(), Duration.ofMillis(200), job.job()))
                .toList();

        // The dying gateway beats no more; its one-second heartbeat runs out by Redis's clock.
        try (var maintenance = Maintenance.start(ghost, new SimpleMeterRegistry(), fleet.clock)) {
            Poll.until(
                    Duration.ofSeconds(30),
                    "Bob shown offline",
                    () -> !offline(session.code()).isEmpty());
        }

        assertThat(offline(session.code()))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.member().id()).isEqualTo(bob.member().id()));
        assertThat(presence.online(session.code()))
                .containsExactly(carol.member().id());
    }

    private List<SessionEvent.MemberOffline> offline(SessionCode code) {
        return fleet.events.published(SessionEvent.MemberOffline.class).stream()
                .filter(e -> e.session().equals(code))
                .toList();
    }
}
