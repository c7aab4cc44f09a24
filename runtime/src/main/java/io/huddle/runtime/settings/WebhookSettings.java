package io.huddle.runtime.settings;

import io.huddle.application.webhook.DeliverWebhooks;
import java.time.Duration;
import java.util.Optional;

/**
 * The webhooks the worker delivers (PROTOCOL.md section 10, docs/operations.md "Webhooks"):
 * {@code HUDDLE_WEBHOOK_URL} and {@code HUDDLE_WEBHOOK_SECRET} ({@link WebhookTarget}, the rule the gateway
 * runs too), and how retries go. Empty when no URL is set.
 */
public record WebhookSettings(
        DeliverWebhooks.Settings delivery, byte[] secret, Duration timeout, Duration interval, Duration retention) {
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofHours(1);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** How long delivered and dead events stay in the outbox (for an operator to look at or replay). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public static Optional<WebhookSettings> from(Env env) {
        var target = WebhookTarget.from(env);
        if (target.isEmpty()) return Optional.empty();
        var urls = target.get().urls();
        byte[] key = target.get().secret();
        var min = between(
                env, "HUDDLE_WEBHOOK_MIN_BACKOFF", DEFAULT_MIN_BACKOFF, Duration.ofMillis(10), Duration.ofHours(1));
        var max = between(env, "HUDDLE_WEBHOOK_MAX_BACKOFF", DEFAULT_MAX_BACKOFF, min, Duration.ofHours(24));
        var age = between(env, "HUDDLE_WEBHOOK_MAX_AGE", DEFAULT_MAX_AGE, Duration.ofSeconds(1), Duration.ofDays(30));
        var timeout =
                between(env, "HUDDLE_WEBHOOK_TIMEOUT", DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1));
        var interval =
                between(env, "HUDDLE_WEBHOOK_INTERVAL", DEFAULT_INTERVAL, Duration.ofMillis(10), Duration.ofMinutes(1));
        int batch = env.integer("HUDDLE_WEBHOOK_BATCH_SIZE", 100, 1, 1000);
        var retention =
                between(env, "HUDDLE_WEBHOOK_RETENTION", DEFAULT_RETENTION, Duration.ofHours(1), Duration.ofDays(365));
        // A claim outlives the slowest delivery: every URL timing out, one after another, and one more.
        var lease = timeout.multipliedBy(urls.size() + 1L);
        return Optional.of(new WebhookSettings(
                new DeliverWebhooks.Settings(urls, min, max, age, lease, batch), key, timeout, interval, retention));
    }

    private static Duration between(Env env, String name, Duration fallback, Duration min, Duration max) {
        var value = env.duration(name, fallback);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new SettingException(
                    name, "must be from " + MaintenanceSettings.text(min) + " to " + MaintenanceSettings.text(max));
        }
        return value;
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "WebhookSettings[urls=" + delivery.urls().size() + ", timeout=" + timeout + ", maxAge="
                + delivery.maxAge() + ", retention=" + retention + "]";
    }
}
