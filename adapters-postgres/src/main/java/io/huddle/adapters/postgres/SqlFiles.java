package io.huddle.adapters.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/** Reads the SQL statements that live as resource files next to their adapter. */
final class SqlFiles {
    private SqlFiles() {}

    /**
     * The statement in {@code io/huddle/adapters/postgres/<path>}, without its {@code --} comment
     * lines: they document the file and need not travel to PostgreSQL on every call.
     */
    static String load(String path) {
        var resource = "/io/huddle/adapters/postgres/" + path;
        try (var in = SqlFiles.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing SQL resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.stripLeading().startsWith("--"))
                    .collect(Collectors.joining("\n"))
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL resource " + resource, e);
        }
    }
}
