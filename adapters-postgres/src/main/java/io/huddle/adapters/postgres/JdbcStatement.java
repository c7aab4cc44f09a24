package io.huddle.adapters.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A statement file turned once into plain JDBC: its {@code :name} parameters become {@code ?} in order,
 * so the hot path binds by position on a {@link PreparedStatement} the driver prepares on the server once
 * per connection and reuses, with none of a mapping library's per-call work. {@code ::type} casts are
 * left as they are.
 */
final class JdbcStatement {
    private static final Pattern NAMED = Pattern.compile("(?<!:):(?!:)([A-Za-z][A-Za-z0-9_]*)");

    private final String sql;
    private final List<String> names;

    private JdbcStatement(String sql, List<String> names) {
        this.sql = sql;
        this.names = List.copyOf(names);
    }

    static JdbcStatement load(String path) {
        var text = SqlFiles.load(path);
        var names = new ArrayList<String>();
        var matcher = NAMED.matcher(text);
        var sql = new StringBuilder();
        while (matcher.find()) {
            names.add(matcher.group(1));
            matcher.appendReplacement(sql, "?");
        }
        matcher.appendTail(sql);
        return new JdbcStatement(sql.toString(), names);
    }

    /** Prepares the statement on {@code connection}; bind with {@link #bind}. */
    PreparedStatement prepare(Connection connection) throws SQLException {
        return connection.prepareStatement(sql);
    }

    /** Binds {@code value} (a JDBC array, a number, a string…) to every occurrence of {@code name}. */
    void bind(PreparedStatement statement, String name, Object value) throws SQLException {
        boolean found = false;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                statement.setObject(i + 1, value);
                found = true;
            }
        }
        if (!found) throw new IllegalArgumentException("no parameter :" + name + " in " + sql);
    }
}
