package io.huddle.adapters.postgres;

import io.huddle.application.contract.MemberStoreContract;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.session.Session;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
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

    @AfterEach
    void close() {
        adapters.close();
    }
}
