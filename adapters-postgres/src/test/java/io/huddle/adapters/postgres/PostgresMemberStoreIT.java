package io.huddle.adapters.postgres;

import static io.huddle.application.contract.TestSessions.freshOwner;
import static io.huddle.application.contract.TestSessions.member;
import static io.huddle.application.contract.TestSessions.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.MemberStoreContract;
import io.huddle.application.contract.TestSessions;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.MemberStore.MemberScan;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.Session;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL member store passes the contract every {@link MemberStore} passes, on a fresh schema. */
class PostgresMemberStoreIT extends MemberStoreContract {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private PostgresAdapters adapters;

    @Override
    protected MemberStore store(InstantSource clock) {
        adapters = PostgresAdapters.connect(TestSettings.pooled(db, 24), new SimpleMeterRegistry(), clock);
        return adapters.members();
    }

    @Override
    protected Session stored(Session session) {
        adapters.sessions().create(session);
        return session;
    }

    @Test
    void a_walk_steps_over_a_row_the_domain_cannot_read_and_finds_the_members_after_it() throws SQLException {
        var members = adapters.members();
        var broken = stored(TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(1), 10));
        var fine = stored(TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(1), 10));
        members.join(broken, member("Alice", Role.OWNER, clock.instant()), token().hash());
        var bob = member("Bob", Role.OWNER, clock.instant());
        members.join(fine, bob, token().hash());
        // Written by hand: no gateway creates such a code.
        db.execute("UPDATE sessions SET code = 'not a code!' WHERE code = '"
                + broken.code().value() + "'");

        assertThat(walkInStepsOfOne(clock.instant()).found()).contains(new Membership(fine.code(), bob));
    }

    @Test
    void a_walk_in_steps_goes_on_after_rows_whose_times_have_microseconds() throws SQLException {
        var session = stored(TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(1), 10));
        var alice = member("Alice", Role.OWNER, clock.instant());
        var bob = member("Bob", Role.MEMBER, clock.instant());
        adapters.members().join(session, alice, token().hash());
        adapters.members().join(session, bob, token().hash());
        // Written by hand (gateways write milliseconds): the same time for both, past the millisecond, and
        // before any other test's members, so that the walk below finds these two only.
        db.execute("UPDATE members SET last_seen_at = '2000-01-01 00:00:00.000250+00' WHERE id IN ('"
                + alice.id().value() + "', '" + bob.id().value() + "')");

        var walk = walkInStepsOfOne(Instant.parse("2000-01-01T00:00:01Z"));

        assertThat(walk.found()).extracting(m -> m.member().id()).containsExactlyInAnyOrder(alice.id(), bob.id());
        assertThat(walk.steps()).isLessThanOrEqualTo(3);
    }

    private record Walk(List<Membership> found, int steps) {}

    /** The whole walk a step of one member at a time, or 1,000 steps if it does not end. */
    private Walk walkInStepsOfOne(Instant lastSeenUpTo) {
        var found = new ArrayList<Membership>();
        Optional<String> cursor = Optional.empty();
        int steps = 0;
        do {
            MemberScan step = adapters.members().scanMembers(cursor, lastSeenUpTo, 1);
            found.addAll(step.members());
            cursor = step.next();
        } while (cursor.isPresent() && ++steps < 1_000);
        return new Walk(found, steps);
    }

    @AfterEach
    void close() {
        adapters.close();
    }
}
