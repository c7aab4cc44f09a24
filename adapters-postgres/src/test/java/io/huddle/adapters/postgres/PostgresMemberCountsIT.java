package io.huddle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestSessions;
import io.huddle.domain.member.Leaving;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberStore.Joined;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionStore;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The member counts PostgreSQL keeps beside each session (V11) in place of counting the session's members
 * at every join: equal to the members there are after every way one comes or goes, from the upgrade that
 * first takes them on.
 */
class PostgresMemberCountsIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final PostgresSchema upgraded = TestPostgres.freshSchema();

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void a_schema_upgraded_with_members_in_it_keeps_its_sessions_caps() throws Exception {
        upgraded.create();
        Flyway.configure()
                .dataSource(upgraded.jdbcUrl(), upgraded.user(), upgraded.password())
                .schemas(upgraded.schema())
                .defaultSchema(upgraded.schema())
                .createSchemas(false)
                .locations("classpath:db/migration")
                .target("10")
                .load()
                .migrate();
        // Joined before the upgrade, as the gateways of then joined: a full session, and one with a seat left.
        var full = TestSessions.session(TestSessions.freshOwner(), NOW, Duration.ofHours(1), 3);
        var roomy = TestSessions.session(TestSessions.freshOwner(), NOW, Duration.ofHours(1), 3);
        insertSession(full);
        insertSession(roomy);
        for (int i = 0; i < 3; i++) joinBeforeUpgrade(full, "f" + i);
        for (int i = 0; i < 2; i++) joinBeforeUpgrade(roomy, "r" + i);

        try (var adapters = PostgresAdapters.connect(TestSettings.pooled(upgraded, 4), new SimpleMeterRegistry())) {
            assertThat(adapters.migrated()).isTrue();
            var members = adapters.members();

            assertThat(members.join(full, member("late"), token())).isInstanceOf(Joined.Full.class);
            assertThat(members.join(roomy, member("last seat"), token())).isEqualTo(new Joined.Added(3));
            assertThat(members.join(roomy, member("one too many"), token())).isInstanceOf(Joined.Full.class);
            assertThat(members.count(full.code())).isEqualTo(3);
            assertThat(members.count(roomy.code())).isEqualTo(3);
        }
    }

    @Test
    void the_kept_count_follows_joins_leaves_kicks_removals_and_the_purge() {
        try (var adapters = PostgresAdapters.connect(TestSettings.pooled(db, 4), new SimpleMeterRegistry())) {
            var sessions = adapters.sessions();
            var members = adapters.members();
            var session = TestSessions.session(TestSessions.freshOwner(), NOW, Duration.ofHours(1), 10);
            var other = TestSessions.session(TestSessions.freshOwner(), NOW, Duration.ofHours(1), 10);
            sessions.create(session);
            sessions.create(other);
            assertThat(kept(adapters, session)).isEqualTo(stored(adapters, session));
            assertThat(kept(adapters, other)).isEqualTo(stored(adapters, other));

            var joined = new Member[5];
            for (int i = 0; i < joined.length; i++) {
                joined[i] = member("m" + i);
                assertThat(members.join(session, joined[i], token())).isEqualTo(new Joined.Added(i + 1));
            }
            members.join(other, member("elsewhere"), token());
            assertThat(kept(adapters, session))
                    .isEqualTo(stored(adapters, session))
                    .isEqualTo(5);

            members.remove(session.code(), joined[0].id(), Leaving.LEFT);
            members.remove(session.code(), joined[1].id(), Leaving.KICKED);
            members.remove(session.code(), joined[1].id(), Leaving.KICKED); // not there any more: counts nothing
            assertThat(kept(adapters, session))
                    .isEqualTo(stored(adapters, session))
                    .isEqualTo(3);
            assertThat(members.count(session.code())).isEqualTo(3);

            members.removeAll(session.code());
            assertThat(kept(adapters, session))
                    .isEqualTo(stored(adapters, session))
                    .isZero();
            assertThat(kept(adapters, other)).isEqualTo(stored(adapters, other)).isEqualTo(1);

            members.join(session, member("back"), token());
            members.join(session, member("again"), token());
            assertThat(kept(adapters, session))
                    .isEqualTo(stored(adapters, session))
                    .isEqualTo(2);
            var ended = NOW.plusSeconds(60);
            sessions.end(session.code(), new Ending(ended, EndReason.EXPIRED));
            var cutoff = ended.plus(Duration.ofDays(400));
            // The purge deletes the session with its members and its count (a count that held the session
            // back would make the purge fail here).
            assertThat(sessions.purgeEnded(cutoff, new SessionStore.Claim(cutoff, Duration.ofSeconds(30), 100)))
                    .isEqualTo(1);
            assertThat(sessions.find(session.code())).isEmpty();
            assertThat(kept(adapters, other)).isEqualTo(stored(adapters, other)).isEqualTo(1);
        }
    }

    private static void insertSession(Session session) throws Exception {
        upgraded.execute("INSERT INTO sessions (code, owner_id, name, max_members, created_at, expires_at, "
                + "last_activity_at) VALUES ('" + session.code().value() + "', '"
                + session.ownerId().value()
                + "', 'before the upgrade', " + session.maxMembers() + ", now(), now() + interval '1 hour', now())");
    }

    private static void joinBeforeUpgrade(Session session, String name) throws Exception {
        var member = member(name);
        upgraded.execute("SELECT huddle_join('" + session.code().value() + "', '"
                + member.id().value() + "', 'member', '" + name + "', '" + token().hex() + "', now(), now())");
    }

    /** The count kept for the session; 0 before its first member (no row yet). */
    private static long kept(PostgresAdapters adapters, Session session) {
        return adapters.jdbi()
                .withHandle(h -> h.createQuery("SELECT c.members FROM session_member_counts c "
                                + "JOIN sessions s ON s.id = c.session_id WHERE s.code = :code")
                        .bind("code", session.code().value())
                        .mapTo(Long.class)
                        .findOne()
                        .orElse(0L));
    }

    /** The session's member rows, counted. */
    private static long stored(PostgresAdapters adapters, Session session) {
        return adapters.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM members m "
                                + "JOIN sessions s ON s.id = m.session_id WHERE s.code = :code")
                        .bind("code", session.code().value())
                        .mapTo(Long.class)
                        .one());
    }

    private static Member member(String name) {
        return TestSessions.member(name, Role.MEMBER, NOW);
    }

    private static io.huddle.domain.member.TokenHash token() {
        return MemberToken.generate(RANDOM).hash();
    }
}
