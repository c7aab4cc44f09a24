package io.huddle.worker;

import io.huddle.testkit.PostgresSchema;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Plain SQL on a test's schema, for what the ports do not show (row counts, the messages table). */
final class Sql {
    private Sql() {}

    static long count(PostgresSchema db, String query) {
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                var statement = connection.createStatement()) {
            statement.execute("SET search_path TO \"" + db.schema() + "\"");
            try (var rows = statement.executeQuery(query)) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(query, e);
        }
    }

    /** The first column of every row, as text, in the query's order. */
    static java.util.List<String> strings(PostgresSchema db, String query) {
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                var statement = connection.createStatement()) {
            statement.execute("SET search_path TO \"" + db.schema() + "\"");
            var values = new java.util.ArrayList<String>();
            try (var rows = statement.executeQuery(query)) {
                while (rows.next()) values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError(query, e);
        }
    }

    static void execute(PostgresSchema db, String statement) {
        try {
            db.execute(statement);
        } catch (SQLException e) {
            throw new AssertionError(statement, e);
        }
    }
}
