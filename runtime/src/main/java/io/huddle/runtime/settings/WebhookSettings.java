package io.huddle.runtime.settings;

import io.huddle.application.webhook.DeliverWebhooks;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The webhooks the worker delivers (PROTOCOL.md section 10, docs/operations.md "Webhooks"):
 * {@code HUDDLE_WEBHOOK_URL} (one or more, comma-separated, http or https), {@code HUDDLE_WEBHOOK_SECRET}
 * (required with a URL, at least 32 bytes), and how retries go. Empty when no URL is set.
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
        var raw = env.list("HUDDLE_WEBHOOK_URL");
        if (raw.isEmpty()) {
            if (env.isSet("HUDDLE_WEBHOOK_SECRET")) {
                throw new SettingException("HUDDLE_WEBHOOK_SECRET", "is set, but HUDDLE_WEBHOOK_URL is not");
            }
            return Optional.empty();
        }
        var urls = new ArrayList<URI>();
        for (var url : raw) urls.add(url(url));
        var secret = env.text("HUDDLE_WEBHOOK_SECRET")
                .orElseThrow(() -> new SettingException(
                        "HUDDLE_WEBHOOK_SECRET", "is required with HUDDLE_WEBHOOK_URL (at least 32 bytes)"));
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) throw new SettingException("HUDDLE_WEBHOOK_SECRET", "must be at least 32 bytes");
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

    private static URI url(String raw) {
        try {
            var uri = new URI(raw);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (web && uri.getHost() != null && uri.getUserInfo() == null) return uri;
        } catch (URISyntaxException e) {
            // answered below
        }
        throw SettingException.of("HUDDLE_WEBHOOK_URL", raw, true, "is not an http(s) URL without credentials");
    }

    private static Duration between(Env env, String name, Duration fallback, Duration min, Duration max) {
        var value = env.duration(name, fallback);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new SettingException(name, "must be from " + min + " to " + max);
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
