package io.huddle.bench;

import io.huddle.runtime.logging.LogFormat;
import io.huddle.runtime.logging.Logging;
import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.Env;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/**
 * The settings a bench run uses: the process's {@code REDIS_URL} and {@code DATABASE_URL}, with a
 * fresh PostgreSQL schema and Redis key prefix of the run's own, removed again by {@link #cleanUp}.
 */
record BenchEnvironment(CommonSettings settings, String schema, String keyPrefix) {

    static BenchEnvironment fresh(Map<String, String> extra) {
        var env = new HashMap<>(System.getenv());
        for (var required : new String[] {"REDIS_URL", "DATABASE_URL"}) {
            if (!env.containsKey(required)) throw new IllegalStateException(required + " must be set");
        }
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String schema = "bench_" + run;
        String prefix = "bench" + run;
        String url = env.get("DATABASE_URL");
        env.put("DATABASE_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        env.put("HUDDLE_REDIS_KEY_PREFIX", prefix);
        env.putAll(extra);
        Logging.configure(LogFormat.TEXT, "WARN", "bench");
        return new BenchEnvironment(CommonSettings.from(new Env(env), 0), schema, prefix);
    }

    /** Drops the run's schema and deletes its keys (SCAN + UNLINK, so a shared Redis is not blocked). */
    void cleanUp() throws SQLException {
        var postgres = settings.postgres().orElseThrow();
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
        URI redisUrl = settings.redis().orElseThrow().url();
        try (var redis = RedisClient.create(redisUrl)) {
            var params = new ScanParams().match(keyPrefix + ":*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = redis.scan(cursor, params);
                if (!page.getResult().isEmpty()) redis.unlink(page.getResult().toArray(String[]::new));
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
    }

    /** One line about the machine, for the record next to the numbers. */
    static String machine() {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            load = "unknown";
        }
        return "cores=" + Runtime.getRuntime().availableProcessors() + " java=" + Runtime.version() + " loadavg=["
                + load + "]";
    }

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, got " + args[i]);
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) throw new IllegalArgumentException("missing a value after " + args[args.length - 1]);
        return options;
    }
}
