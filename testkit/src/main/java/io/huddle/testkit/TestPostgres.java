package io.huddle.testkit;

import java.util.UUID;

/**
 * A PostgreSQL for integration tests. Register what {@link #freshSchema()} returns as an extension,
 * so its schema is dropped after the class:
 *
 * <pre>{@code @RegisterExtension static final PostgresSchema db = TestPostgres.freshSchema();}</pre>
 */
public final class TestPostgres {
    private TestPostgres() {}

    /** A random schema name on the tests' PostgreSQL, not created yet, dropped (CASCADE) after the test class. */
    public static PostgresSchema freshSchema() {
        var server = Services.postgres();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return new PostgresSchema(server.jdbcUrl(), server.user(), server.password(), schema);
    }

    /** The tests' PostgreSQL itself. */
    public static PostgresServer server() {
        return Services.postgres();
    }
}
