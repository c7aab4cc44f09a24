package io.huddle.testkit;

import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A schema of one test class's own on the tests' PostgreSQL; as an extension, drops it after the class. */
public record PostgresSchema(String jdbcUrl, String user, String password, String schema) implements AfterAllCallback {

    /** Creates the schema now, for tests that need it before the code under test would create it. */
    public PostgresSchema create() throws SQLException {
        execute("CREATE SCHEMA IF NOT EXISTS " + quoted(schema));
        return this;
    }

    /** Runs one statement in this schema on a connection of its own. */
    public void execute(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl, user, password);
                var statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + quoted(schema));
            statement.execute(sql);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + quoted(schema) + " CASCADE");
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return "PostgresSchema[" + schema + "]";
    }
}
