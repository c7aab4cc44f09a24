package io.huddle.adapters.postgres;

import io.huddle.application.contract.StateStoreContract;
import io.huddle.domain.session.Session;
import io.huddle.domain.state.StateStore;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL state store passes the contract every {@link StateStore} passes, on a fresh schema. */
class PostgresStateStoreIT extends StateStoreContract {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private PostgresAdapters adapters;

    @Override
    protected StateStore store(InstantSource clock) {
        adapters = PostgresAdapters.connect(TestSettings.pooled(db, 24), new SimpleMeterRegistry(), clock);
        return adapters.state();
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
