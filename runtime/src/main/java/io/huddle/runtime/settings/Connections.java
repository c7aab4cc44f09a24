package io.huddle.runtime.settings;

import io.huddle.adapters.postgres.PostgresSettings;
import io.huddle.adapters.redis.RedisSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code REDIS_URL}, {@code REDIS_CLUSTER_NODES} and {@code DATABASE_URL}; values are never echoed (they may hold passwords). */
final class Connections {
    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");

    private Connections() {}

    static Optional<RedisSettings> redis(Env env, String instanceId) {
        var nodes = env.list("REDIS_CLUSTER_NODES");
        for (String node : nodes) {
            if (!HOST_PORT.matcher(node).matches()) {
                throw SettingException.of("REDIS_CLUSTER_NODES", node, false, "is not a list of host:port");
            }
        }
        var url = env.text("REDIS_URL");
        if (url.isEmpty() && nodes.isEmpty()) return Optional.empty();
        URI uri = url.map(Connections::redisUri).orElseGet(() -> URI.create("redis://" + nodes.getFirst()));
        // A Redis command takes well under a millisecond; one that takes a second is a Redis that hangs, and
        // the sooner the breaker hears so, the sooner callers are served from the fallbacks instead.
        // Not 0: the client reads it as "wait for ever", and a Redis that hangs would hold every caller.
        var timeout =
                env.duration("REDIS_TIMEOUT", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(1));
        int pool = env.integer("REDIS_POOL_MAX", 64, 1, 10_000);
        String prefix = env.text("HUDDLE_REDIS_KEY_PREFIX").orElse("huddle");
        if (!KEY_PREFIX.matcher(prefix).matches()) {
            throw SettingException.of("HUDDLE_REDIS_KEY_PREFIX", prefix, false, "must be 1 to 32 of a-z A-Z 0-9 _ -");
        }
        return Optional.of(new RedisSettings(uri, List.copyOf(nodes), prefix, instanceId, timeout, pool));
    }

    private static URI redisUri(String raw) {
        String accepts = "is not a Redis URL; use redis://[:password@]host:port[/db] or rediss://…";
        try {
            var uri = new URI(raw);
            boolean scheme = "redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme());
            if (!scheme || uri.getHost() == null) throw SettingException.of("REDIS_URL", raw, true, accepts);
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!path.isEmpty() && !path.matches("/\\d{0,2}"))
                throw SettingException.of("REDIS_URL", raw, true, accepts);
            return uri;
        } catch (URISyntaxException e) {
            throw SettingException.of("REDIS_URL", raw, true, accepts);
        }
    }

    static Optional<PostgresSettings> postgres(Env env) {
        var raw = env.text("DATABASE_URL");
        if (raw.isEmpty()) return Optional.empty();
        var parsed = jdbc(raw.get());
        int max = env.integer("DATABASE_POOL_MAX", 20, 1, 1000);
        int min = env.integer("DATABASE_POOL_MIN", 2, 0, 1000);
        if (min > max) throw new SettingException("DATABASE_POOL_MIN", min + " is more than DATABASE_POOL_MAX " + max);
        var slow = env.duration("SLOW_QUERY_THRESHOLD", Duration.ofSeconds(1));
        return Optional.of(new PostgresSettings(
                parsed.url(),
                parsed.user(),
                parsed.password(),
                parsed.schema(),
                max,
                min,
                slow,
                Duration.ofSeconds(2),
                // A process with webhooks configured reports its changes to the outbox (V7's triggers).
                env.isSet("HUDDLE_WEBHOOK_URL")));
    }

    /** A JDBC URL without credentials or schema, and those three apart (the pool takes them separately). */
    record Jdbc(String url, String user, String password, String schema) {}

    /**
     * {@code postgresql://user:password@host:port/db?params} or a {@code jdbc:postgresql:} URL. The query
     * parameters {@code user}, {@code password} and {@code currentSchema} are taken out; the others
     * (e.g. {@code sslmode}) stay.
     */
    static Jdbc jdbc(String raw) {
        String accepts = "is not a PostgreSQL URL; use postgresql://user:password@host:port/db";
        try {
            boolean isJdbc = raw.startsWith("jdbc:postgresql:");
            var uri = new URI(isJdbc ? raw.substring("jdbc:".length()) : raw);
            boolean scheme = "postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme());
            if (!scheme
                    || uri.getHost() == null
                    || uri.getPath() == null
                    || uri.getPath().length() < 2) {
                throw SettingException.of("DATABASE_URL", raw, true, accepts);
            }
            var params = new java.util.LinkedHashMap<String, String>();
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    if (pair.isEmpty()) continue;
                    String[] kv = pair.split("=", 2);
                    params.put(kv[0], kv.length == 2 ? kv[1] : "");
                }
            }
            String user = decode(params.remove("user"));
            String password = decode(params.remove("password"));
            String schema = Optional.ofNullable(decode(params.remove("currentSchema")))
                    .filter(v -> !v.isEmpty())
                    .orElse("public");
            if (!SCHEMA.matcher(schema).matches()) {
                throw SettingException.of(
                        "DATABASE_URL", raw, true, "names a currentSchema that is not a plain identifier");
            }
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                if (parts.length == 2) password = decode(parts[1]);
            }
            int port = uri.getPort() == -1 ? 5432 : uri.getPort();
            var rest = params.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .toList();
            String query = rest.isEmpty() ? "" : "?" + String.join("&", rest);
            String url = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query;
            return new Jdbc(url, user == null ? "" : user, password == null ? "" : password, schema);
        } catch (URISyntaxException e) {
            throw SettingException.of("DATABASE_URL", raw, true, accepts);
        }
    }

    private static String decode(String value) {
        return value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
