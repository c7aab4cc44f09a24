package io.huddle.testkit;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where the tests' PostgreSQL is: a JDBC URL and the credentials to use with it, and where it came from. */
public record PostgresServer(String jdbcUrl, String user, String password, String source) {

    /**
     * Reads {@code DATABASE_URL}: {@code postgresql://user[:password]@host[:port]/db} or a
     * {@code jdbc:postgresql://…} URL (user and password then from its {@code user} and
     * {@code password} parameters).
     */
    static PostgresServer fromDatabaseUrl(String raw) {
        if (raw.startsWith("jdbc:postgresql:")) {
            var query = params(URI.create(raw.substring("jdbc:".length())).getRawQuery());
            return new PostgresServer(
                    raw, query.getOrDefault("user", "postgres"), query.getOrDefault("password", ""), "DATABASE_URL");
        }
        var uri = URI.create(raw);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgresql:// or jdbc:postgresql://");
        }
        String[] userInfo =
                Optional.ofNullable(uri.getUserInfo()).orElse("postgres").split(":", 2);
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + uri.getRawPath()
                + Optional.ofNullable(uri.getRawQuery()).map(q -> "?" + q).orElse("");
        return new PostgresServer(jdbc, userInfo[0], userInfo.length > 1 ? userInfo[1] : "", "DATABASE_URL");
    }

    /** The host in the JDBC URL. */
    public String host() {
        return URI.create(jdbcUrl.substring("jdbc:".length())).getHost();
    }

    /** The port in the JDBC URL (5432 when it names none). */
    public int port() {
        int port = URI.create(jdbcUrl.substring("jdbc:".length())).getPort();
        return port > 0 ? port : 5432;
    }

    /** The same JDBC URL pointed at another host and port (a proxy, a closed port). */
    public String jdbcUrlVia(String otherHost, int otherPort) {
        var uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return "jdbc:postgresql://" + otherHost + ":" + otherPort + uri.getRawPath()
                + Optional.ofNullable(uri.getRawQuery()).map(q -> "?" + q).orElse("");
    }

    private static Map<String, String> params(String query) {
        if (query == null || query.isEmpty()) return Map.of();
        return Arrays.stream(query.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : "", (a, b) -> b));
    }

    @Override
    public String toString() {
        return "PostgresServer[" + source + "]";
    }
}
