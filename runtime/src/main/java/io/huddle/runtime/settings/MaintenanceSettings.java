package io.huddle.runtime.settings;

import java.time.Duration;

/**
 * How the background jobs run (the worker reads them; the embedded gateway runs the same jobs with
 * the defaults): how often, how much per run, and how long a claim on due rows holds. The timeouts
 * themselves ({@code HUDDLE_INACTIVITY_TIMEOUT}, …) are {@link CommonSettings}.
 */
public record MaintenanceSettings(
        Duration interval, Duration ghostInterval, Duration retentionInterval, int batchSize, Duration claimLease) {

    /**
     * PROTOCOL.md section 6: an ended session's sockets close within 5 s of its end, on every gateway. A
     * session that expires just after a round waits for the next one, then the event's trip to the
     * gateways: 2 s leaves room for both. (A round is a few indexed claims that usually find nothing.)
     */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    public static final Duration DEFAULT_GHOST_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofSeconds(30);

    public static MaintenanceSettings defaults() {
        return new MaintenanceSettings(
                DEFAULT_INTERVAL,
                DEFAULT_GHOST_INTERVAL,
                DEFAULT_RETENTION_INTERVAL,
                DEFAULT_BATCH_SIZE,
                DEFAULT_CLAIM_LEASE);
    }

    public static MaintenanceSettings from(Env env) {
        var interval =
                between(env, "HUDDLE_WORKER_INTERVAL", DEFAULT_INTERVAL, Duration.ofMillis(10), Duration.ofMinutes(10));
        // The ghost job must notice a dead gateway within 30 s of its death; its heartbeat lives 15 s.
        var ghost = between(
                env,
                "HUDDLE_WORKER_GHOST_INTERVAL",
                DEFAULT_GHOST_INTERVAL,
                Duration.ofMillis(10),
                Duration.ofSeconds(10));
        var retention = between(
                env,
                "HUDDLE_WORKER_RETENTION_INTERVAL",
                DEFAULT_RETENTION_INTERVAL,
                Duration.ofMillis(10),
                Duration.ofHours(24));
        int batch = env.integer("HUDDLE_WORKER_BATCH_SIZE", DEFAULT_BATCH_SIZE, 1, 10_000);
        var lease = between(
                env, "HUDDLE_WORKER_CLAIM_LEASE", DEFAULT_CLAIM_LEASE, Duration.ofSeconds(1), Duration.ofHours(1));
        return new MaintenanceSettings(interval, ghost, retention, batch, lease);
    }

    private static Duration between(Env env, String name, Duration fallback, Duration min, Duration max) {
        var value = env.duration(name, fallback);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new SettingException(name, "must be from " + text(min) + " to " + text(max));
        }
        return value;
    }

    /** A bound as the settings are written ({@code 500ms}, {@code 10s}, {@code 24h}, {@code 30d}), never rounded. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) return millis + "ms";
        if (millis % 60_000 != 0) return millis / 1000 + "s";
        if (millis % 3_600_000 != 0) return millis / 60_000 + "m";
        long hours = millis / 3_600_000;
        return hours > 24 && hours % 24 == 0 ? hours / 24 + "d" : hours + "h";
    }
}
