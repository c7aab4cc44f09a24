package io.huddle.runtime.settings;

import io.huddle.adapters.postgres.PostgresSettings;
import io.huddle.adapters.redis.RedisSettings;
import io.huddle.runtime.logging.LogFormat;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Settings both the gateway and the worker read: ports, stores, lifetimes, logging, identity, and
 * {@code HUDDLE_HISTORY_CACHE_SIZE} (the recent copy's capacity, part of the stores both wire).
 */
public record CommonSettings(
        Mode mode,
        String host,
        int port,
        Optional<Integer> managementPort,
        Optional<RedisSettings> redis,
        Optional<PostgresSettings> postgres,
        Duration maxSessionLifetime,
        Duration inactivityTimeout,
        Duration memberIdleTimeout,
        Duration retention,
        LogFormat logFormat,
        String logLevel,
        String instanceId,
        int historyCacheSize) {

    private static final Pattern LEVEL = Pattern.compile("TRACE|DEBUG|INFO|WARN|ERROR|OFF");
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Embedded mode runs open auth, so by default only this machine can reach it. */
    public static final String EMBEDDED_HOST = "127.0.0.1";

    public static final String CONNECTED_HOST = "0.0.0.0";

    public static CommonSettings from(Env env, int defaultPort) {
        return from(env, defaultPort, ListenHost::resolves);
    }

    /** {@code resolves} answers whether a host name given as {@code HOST} resolves (tests answer without DNS). */
    static CommonSettings from(Env env, int defaultPort, Predicate<String> resolves) {
        String instance = env.text("HUDDLE_INSTANCE_ID").orElseGet(() -> defaultInstanceId(env));
        if (!INSTANCE.matcher(instance).matches()) {
            throw SettingException.of("HUDDLE_INSTANCE_ID", instance, false, "must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        var redis = Connections.redis(env, instance);
        var postgres = Connections.postgres(env);
        if (redis.isPresent() != postgres.isPresent()) {
            String missing = redis.isPresent() ? "DATABASE_URL" : "REDIS_URL";
            throw new SettingException(
                    missing, "is required when the other store is set (set both, or neither for embedded mode)");
        }
        var mode = redis.isPresent() ? Mode.CONNECTED : Mode.EMBEDDED;
        String host = ListenHost.check(
                env.text("HOST").orElse(mode == Mode.EMBEDDED ? EMBEDDED_HOST : CONNECTED_HOST), resolves);
        int port = env.integer("PORT", defaultPort, 0, 65535);
        var management = env.integer("HUDDLE_MANAGEMENT_PORT", 0, 65535).filter(p -> p != port);
        String level = env.text("LOG_LEVEL").orElse("INFO").toUpperCase(Locale.ROOT);
        if (!LEVEL.matcher(level).matches()) {
            throw SettingException.of("LOG_LEVEL", level, false, "is not one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        }
        var format = env.choice("LOG_FORMAT", LogFormat.class, mode == Mode.EMBEDDED ? LogFormat.TEXT : LogFormat.JSON);
        var lifetime = positive(env, "HUDDLE_MAX_SESSION_LIFETIME", Duration.ofHours(24));
        if (lifetime.toSeconds() < 60) {
            throw new SettingException(
                    "HUDDLE_MAX_SESSION_LIFETIME", "must be at least 60s (the shortest session TTL)");
        }
        var inactivity = positive(env, "HUDDLE_INACTIVITY_TIMEOUT", Duration.ofMinutes(15));
        checkInactivityWarning(env, inactivity);
        return new CommonSettings(
                mode,
                host,
                port,
                management,
                redis,
                postgres,
                lifetime,
                inactivity,
                positive(env, "HUDDLE_MEMBER_IDLE_TIMEOUT", Duration.ofMinutes(30)),
                positive(env, "HUDDLE_RETENTION", Duration.ofDays(30)),
                format,
                level,
                instance,
                env.integer("HUDDLE_HISTORY_CACHE_SIZE", 100, 1, 100_000));
    }

    /**
     * {@code HUDDLE_INACTIVITY_WARNING} (PROTOCOL.md sections 5 and 9), checked like every setting though
     * nothing reads it: section 6 counts an open socket as activity, so a session nearing its inactivity
     * end has no socket to warn, and no {@code session:warning} is ever sent (docs/api.md). When set it is
     * a duration above 0 and below the inactivity timeout; its default (60 s) is not held against a
     * shorter timeout.
     */
    static void checkInactivityWarning(Env env, Duration inactivity) {
        if (env.text("HUDDLE_INACTIVITY_WARNING").isEmpty()) return;
        var warning = positive(env, "HUDDLE_INACTIVITY_WARNING", Duration.ofSeconds(60));
        if (warning.compareTo(inactivity) >= 0) {
            throw new SettingException(
                    "HUDDLE_INACTIVITY_WARNING",
                    "must be shorter than HUDDLE_INACTIVITY_TIMEOUT (" + inactivity.toSeconds() + "s)");
        }
    }

    /**
     * Above 0, and at most {@link #LONGEST_SPAN}: these are subtracted from or added to the current time, and a
     * longer one left the range of a date (every maintenance round failing) or of PostgreSQL's timestamps.
     */
    static Duration positive(Env env, String name, Duration fallback) {
        var value = env.duration(name, fallback);
        if (value.isZero()) throw new SettingException(name, "must be more than 0");
        if (value.compareTo(LONGEST_SPAN) > 0) {
            throw new SettingException(name, "must be at most " + MaintenanceSettings.text(LONGEST_SPAN));
        }
        return value;
    }

    /** A hundred years: longer than any session, member or record is meant to last. */
    static final Duration LONGEST_SPAN = Duration.ofDays(36_500);

    private static String defaultInstanceId(Env env) {
        String host = env.text("HOSTNAME")
                .filter(h -> INSTANCE.matcher(h).matches() && h.length() <= 50)
                .orElse("huddle");
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        return host + "-" + HexFormat.of().formatHex(suffix);
    }
}
