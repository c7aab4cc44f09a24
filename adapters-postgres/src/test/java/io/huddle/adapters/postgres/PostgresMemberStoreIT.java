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
import java.time.InstantSource;
import java.util.ArrayList;
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

        var found = new ArrayList<Membership>();
        Optional<String> cursor = Optional.empty();
        int steps = 0;
        do {
            MemberScan step = members.scanMembers(cursor, 1);
            found.addAll(step.members());
            cursor = step.next();
        } while (cursor.isPresent() && ++steps < 10_000);

        assertThat(found).contains(new Membership(fine.code(), bob));
    }

    @AfterEach
    void close() {
        adapters.close();
    }
}
